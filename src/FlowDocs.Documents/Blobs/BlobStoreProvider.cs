namespace FlowDocs.Documents.Blobs;

public enum BlobStoreProvider
{
    FileSystem,
    S3,
}
