namespace FlowDocs.Common.Security;

/// <summary>
/// The tenant whose data this scope may see. The database applies it as a global query filter on every
/// tenant-owned entity. HTTP requests take it from the caller; background jobs set it from the work item
/// (<see cref="Enter"/>), e.g. the workflow instance's tenant.
/// </summary>
public interface ITenantContext
{
    /// <summary>The current tenant, or null when none is known (then tenant-owned queries return nothing).</summary>
    Guid? TenantId { get; }

    /// <summary>Runs the rest of this scope as <paramref name="tenantId"/> (jobs, start-up seeding).</summary>
    void Enter(Guid tenantId);
}
