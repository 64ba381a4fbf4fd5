namespace FlowDocs.Data;

/// <summary>
/// An entity that belongs to one tenant. <see cref="FlowDocsDbContext"/> filters every query on it to the
/// scope's tenant and stamps the tenant on new rows, so no use case can read or write across tenants by omission.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
