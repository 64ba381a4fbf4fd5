using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic.Designer;

/// <summary>The engine's validation problems by activity (for the marks on nodes) and those of the whole definition.</summary>
public sealed class ValidationMap
{
    public static ValidationMap Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), []);

    private ValidationMap(IReadOnlyDictionary<string, IReadOnlyList<string>> byActivity, IReadOnlyList<ValidationProblemItem> all)
    {
        ByActivity = byActivity;
        All = all;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ByActivity { get; }

    public IReadOnlyList<ValidationProblemItem> All { get; }

    public bool IsValid => All.Count == 0;

    public IReadOnlyList<string> For(string activityId) => ByActivity.GetValueOrDefault(activityId) ?? [];

    /// <summary>Problems naming an activity that is on the canvas go on that node; the rest (or unknown ids) belong to the definition.</summary>
    public static ValidationMap From(IReadOnlyList<ValidationProblemItem> problems, IEnumerable<string> activityIds)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(activityIds);
        var ids = activityIds.ToHashSet(StringComparer.Ordinal);
        var byActivity = problems.Where(p => p.ActivityId is { } id && ids.Contains(id))
            .GroupBy(p => p.ActivityId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Message).ToList(), StringComparer.Ordinal);
        return new ValidationMap(byActivity, problems);
    }
}
