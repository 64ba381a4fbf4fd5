using System.Security.Cryptography;
using System.Text;
using FlowDocs.Data.Workflows;

namespace FlowDocs.Workflows.Runtime;

/// <summary>The start key of a trigger occurrence (see <see cref="WorkflowInstance.StartKey"/>).</summary>
public static class StartKeys
{
    /// <summary>
    /// <c>definition/trigger activity/occurrence</c>: the definition id (not its version), so that a start retried after
    /// a new version was published still finds the instance its first attempt created. A key longer than the column
    /// becomes its SHA-256.
    /// </summary>
    public static string For(string definitionId, string? triggerActivityId, string occurrence)
    {
        ArgumentNullException.ThrowIfNull(definitionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(occurrence);
        var key = $"{definitionId}/{triggerActivityId ?? "start"}/{occurrence}";
        return key.Length <= WorkflowInstance.StartKeyMaxLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
