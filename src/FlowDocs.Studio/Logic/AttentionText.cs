using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic;

/// <summary>What the "Needs attention" page says about a faulted workflow and about a retry, in words for people.</summary>
public static class AttentionText
{
    /// <summary>"The step “review” (Approval) failed: quorum 2 is larger than the 1 reviewers."</summary>
    public static string Reason(AttentionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var message = Sentence(item.Reason);
        if (item.ActivityId is not { Length: > 0 } step)
        {
            return "The workflow stopped: " + message;
        }

        var kind = StepKind(item.ActivityType);
        return kind is null || string.Equals(kind, step, StringComparison.OrdinalIgnoreCase)
            ? $"The step “{step}” failed: {message}"
            : $"The step “{step}” ({kind}) failed: {message}";
    }

    /// <summary>
    /// What a retry led to, from the instance as it is right after the retry was accepted: "“Document approval” for
    /// “contract” was retried and is now waiting at “review”."
    /// </summary>
    public static string Outcome(InstanceDetailItem instance, string? documentTitle)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var summary = instance.Summary;
        var workflow = documentTitle is null ? summary.Name : $"{summary.Name}” for “{documentTitle}";
        return summary.SubStatus switch
        {
            "Faulted" => $"“{workflow}” was retried but failed again: " +
                Sentence(instance.Incidents.Count > 0 ? instance.Incidents[^1].Message : "no reason was recorded."),
            "Finished" => $"“{workflow}” was retried and has finished.",
            "Suspended" => $"“{workflow}” was retried and is now waiting" +
                (instance.Bookmarks.Count > 0 ? $" at “{instance.Bookmarks[0].ActivityId}”." : "."),
            "Cancelled" => $"“{workflow}” was retried but has since been cancelled.",
            "Superseded" => $"“{workflow}” was retried but has since ended: a newer version of the document replaced the one it was about.",
            _ => $"“{workflow}” was retried and is running again.",
        };
    }

    /// <summary>"FlowDocs.Approval" → "Approval", "Elsa.WriteLine" → "WriteLine".</summary>
    public static string? StepKind(string? activityType) =>
        activityType is { Length: > 0 } type ? type[(type.LastIndexOf('.') + 1)..] : null;

    private static string Sentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? "no reason was recorded." : trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".";
    }
}
