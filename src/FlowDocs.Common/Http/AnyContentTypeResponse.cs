namespace FlowDocs.Common.Http;

/// <summary>
/// Endpoint metadata: answers with <see cref="StatusCode"/> carry bytes in whatever content type the stored content
/// has (a download). The OpenAPI document declares them with the media range <c>*/*</c>, which <c>Produces</c> refuses.
/// </summary>
public sealed record AnyContentTypeResponse(int StatusCode);
