namespace FlowDocs.Common;

/// <summary>Tags that decide which health endpoint runs a check.</summary>
public static class HealthTags
{
    /// <summary>Checks a dependency the node needs before it takes traffic (<c>/health/ready</c>).</summary>
    public const string Ready = "ready";
}
