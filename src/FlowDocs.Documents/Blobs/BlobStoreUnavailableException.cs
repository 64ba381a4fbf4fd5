namespace FlowDocs.Documents.Blobs;

/// <summary>
/// The blob store could not be reached (connection refused, reset, DNS): an outage of a dependency, which the host
/// answers with 503 and <c>Retry-After</c>, not a fault of FlowDocs.
/// </summary>
public sealed class BlobStoreUnavailableException : IOException
{
    public BlobStoreUnavailableException()
        : base("The blob store is unreachable.")
    {
    }

    public BlobStoreUnavailableException(string message)
        : base(message)
    {
    }

    public BlobStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
