using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic.Designer;

namespace FlowDocs.Studio.Logic;

/// <summary>What an instance did, for the diagram: activities that ran, connections it followed, where it waits, where it faulted.</summary>
public sealed record ExecutedPath(
    IReadOnlySet<string> Executed, IReadOnlySet<DesignLink> Followed, IReadOnlySet<string> Waiting, IReadOnlySet<string> Faulted)
{
    /// <summary>
    /// Reads the journal: an activity that left by a port and an activity entered from it afterwards mean the connection
    /// between them was followed. Waiting: activities holding a bookmark. Faulted: the journal's Faulted entries whose
    /// incidents are still open, or any fault when the instance itself is faulted.
    /// </summary>
    public static ExecutedPath From(InstanceDetailItem instance, IReadOnlyList<DesignLink> links)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(links);
        var executed = new HashSet<string>(StringComparer.Ordinal);
        var followed = new HashSet<DesignLink>();
        var left = new List<(string Activity, string Port)>();
        foreach (var entry in instance.Journal.OrderBy(j => j.Sequence))
        {
            foreach (var link in links.Where(l => l.Target == entry.ActivityId && left.Contains((l.Source, l.SourcePort))))
            {
                followed.Add(link);
            }

            executed.Add(entry.ActivityId);
            if (entry.EventName is "Executed" or "Resumed" && entry.Outcome is { Length: > 0 } outcome)
            {
                left.AddRange(outcome.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => (entry.ActivityId, port)));
            }
        }

        var waiting = instance.Bookmarks.Select(b => b.ActivityId).ToHashSet(StringComparer.Ordinal);
        var faulted = instance.Incidents.Select(i => i.ActivityId).ToHashSet(StringComparer.Ordinal);
        if (instance.Summary.SubStatus == "Faulted")
        {
            faulted.UnionWith(instance.Journal.Where(j => j.EventName == "Faulted").Select(j => j.ActivityId));
        }

        return new ExecutedPath(executed, followed, waiting, faulted);
    }

    public static ExecutedPath None { get; } = new(new HashSet<string>(), new HashSet<DesignLink>(), new HashSet<string>(), new HashSet<string>());
}
