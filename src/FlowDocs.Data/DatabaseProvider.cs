namespace FlowDocs.Data;

public enum DatabaseProvider
{
    Sqlite,
    MySql,
}
