namespace FlowDocs.Common.Events;

/// <summary>
/// A workflow instance ended (<c>Finished</c> or <c>Cancelled</c>); modules end the work it left behind, e.g. the
/// open tasks of activities that an <c>Elsa.Finish</c> or a cancel dropped.
/// </summary>
/// <remarks><c>Reason</c>, when set, says why in words for the people whose tasks it ends (e.g. "superseded by version 3").</remarks>
public sealed record WorkflowInstanceEnded(Guid TenantId, Guid InstanceId, string SubStatus, DateTimeOffset EndedAt, string? Reason = null) : ITenantEvent;
