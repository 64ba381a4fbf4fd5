namespace FlowDocs.Common.Events;

/// <summary>A workflow instance was cancelled; modules end the work it left behind (e.g. its open tasks).</summary>
public sealed record WorkflowInstanceCancelled(Guid TenantId, Guid InstanceId, DateTimeOffset CancelledAt);
