using System.Globalization;

namespace FlowDocs.Studio.Logic;

/// <summary>The inbox tabs as people name them; each maps to one view of <c>GET /api/tasks</c>.</summary>
public enum InboxTab
{
    /// <summary>Tasks I hold.</summary>
    Mine,

    /// <summary>Unclaimed tasks offered to me or to one of my roles.</summary>
    MyRoles,

    /// <summary>Overdue tasks among mine and my offers.</summary>
    Overdue,
}

/// <summary>The inbox's tab, filters and sort, as the API's query string.</summary>
public sealed record InboxQuery(InboxTab Tab = InboxTab.Mine, string? Priority = null, string Sort = "Due", int Page = 1, int PageSize = 50)
{
    public static IReadOnlyList<string> Priorities { get; } = ["Low", "Normal", "High", "Urgent"];

    public static IReadOnlyList<string> Sorts { get; } = ["Due", "Priority", "Created"];

    public string View => Tab switch
    {
        InboxTab.Mine => "Assigned",
        InboxTab.MyRoles => "Candidate",
        InboxTab.Overdue => "Overdue",
        _ => throw new ArgumentOutOfRangeException(nameof(Tab), Tab, "Unknown inbox tab."),
    };

    public string ToPath() => QueryString.Build(
        "api/tasks",
        ("view", View),
        ("priority", Priority),
        ("sort", Sort),
        ("page", Page.ToString(CultureInfo.InvariantCulture)),
        ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)));
}
