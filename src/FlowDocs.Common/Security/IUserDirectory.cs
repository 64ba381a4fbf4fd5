namespace FlowDocs.Common.Security;

/// <summary>
/// Who exists in the caller's tenant (implemented by the identity module): lets tasks check an assignee and
/// pick one among a role's members without reading identity's tables.
/// </summary>
public interface IUserDirectory
{
    /// <summary>True when <paramref name="userId"/> is an enabled user of the current tenant.</summary>
    Task<bool> IsActiveUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The ids of the enabled users of the current tenant that hold <paramref name="role"/>, ordered by id.</summary>
    Task<IReadOnlyList<string>> UsersInRoleAsync(string role, CancellationToken cancellationToken);
}
