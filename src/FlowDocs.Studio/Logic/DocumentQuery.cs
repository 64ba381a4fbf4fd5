using System.Globalization;

namespace FlowDocs.Studio.Logic;

/// <summary>The document list's search box, status filter and paging, as the API's query string.</summary>
public sealed record DocumentQuery(string? Search = null, string? Status = null, string? Cursor = null, int PageSize = 25)
{
    /// <summary>The statuses a document can have (the filter's choices; "any" is null).</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["Draft", "InReview", "Approved", "Rejected", "Archived"];

    public string ToPath() => QueryString.Build(
        "api/documents",
        ("q", Search),
        ("status", Status),
        ("sort", "updated"),
        ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)),
        ("cursor", Cursor));
}
