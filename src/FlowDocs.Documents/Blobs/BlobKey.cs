using System.Buffers;

namespace FlowDocs.Documents.Blobs;

public static class BlobKey
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./");

    /// <summary>Rejects keys that could escape the store's root or that S3 and filesystems treat differently.</summary>
    public static string Validate(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > 512 || key.AsSpan().ContainsAnyExcept(Allowed) || key.StartsWith('/') || key.EndsWith('/'))
        {
            throw new ArgumentException($"Blob key '{key}' is not valid.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"Blob key '{key}' is not valid.", nameof(key));
            }
        }

        return key;
    }
}
