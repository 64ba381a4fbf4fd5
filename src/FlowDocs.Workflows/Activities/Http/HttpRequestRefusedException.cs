namespace FlowDocs.Workflows.Activities.Http;

/// <summary>A request FlowDocs would not send (host not allowed, non-public address, response too large ...); the message is for business users.</summary>
public sealed class HttpRequestRefusedException(string message) : Exception(message);
