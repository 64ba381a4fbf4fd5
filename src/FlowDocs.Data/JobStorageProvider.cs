namespace FlowDocs.Data;

public enum JobStorageProvider
{
    Sqlite,
    Redis,
    InMemory,
}
