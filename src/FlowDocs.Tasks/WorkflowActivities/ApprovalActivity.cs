using System.Globalization;
using System.Text.Json.Nodes;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.CancelTask;
using FlowDocs.Tasks.CreateTask;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Tasks.WorkflowActivities;

public enum ApprovalMode
{
    /// <summary>Every reviewer approves; one rejection decides Rejected.</summary>
    All,

    /// <summary>One approval decides Approved; Rejected only when every reviewer rejected.</summary>
    Any,

    /// <summary>A number (or percentage) of approvals decides Approved; Rejected as soon as it can no longer be reached.</summary>
    Quorum,
}

public enum ApprovalDecision
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>How many approvals a mode needs, and what a set of votes decides. Pure, so each rule is tested alone.</summary>
public sealed record ApprovalRule(ApprovalMode Mode, int Required)
{
    /// <summary>The rule for <paramref name="reviewers"/> reviewers; <paramref name="quorum"/> is a count ("2") or a percentage ("60%").</summary>
    public static ApprovalRule For(ApprovalMode mode, string? quorum, int reviewers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reviewers, 1);
        return mode switch
        {
            ApprovalMode.All => new(mode, reviewers),
            ApprovalMode.Any => new(mode, 1),
            _ => new(mode, QuorumCount(quorum, reviewers)),
        };
    }

    public static int QuorumCount(string? quorum, int reviewers)
    {
        var text = quorum?.Trim() ?? string.Empty;
        if (text.EndsWith('%')
            && decimal.TryParse(text[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var percent) && percent > 0 && percent <= 100)
        {
            return Math.Max(1, (int)Math.Ceiling(reviewers * percent / 100m));
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            return count <= reviewers
                ? count
                : throw new ExpressionException($"The quorum {count} is larger than the {reviewers} reviewers; it could never be reached.");
        }

        throw new ExpressionException($"Input 'quorum' must be a count such as 2 or a percentage such as 60%, not '{quorum}'.");
    }

    public ApprovalDecision Decide(int reviewers, int approvals, int rejections)
    {
        if (approvals >= Required)
        {
            return ApprovalDecision.Approved;
        }

        // Approved can no longer be reached once too few reviewers are left to vote.
        return reviewers - rejections < Required ? ApprovalDecision.Rejected : ApprovalDecision.Pending;
    }
}

/// <summary>
/// Asks reviewers (users and/or a role's members) in parallel, one task each with the outcomes Approve and Reject,
/// and leaves by Approved or Rejected once the mode (All, Any, Quorum) decides; outstanding reviews are then cancelled.
/// </summary>
internal sealed class ApprovalActivity : IActivity
{
    public const string TypeName = "FlowDocs.Approval";
    public const string Approve = "Approve";
    public const string Reject = "Reject";
    private const string TimerName = TypeName + ".Due";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, TaskActivityInputs.Category, "Approval",
        "Asks reviewers in parallel (a role's members and/or users) to approve or reject; mode All, Any or Quorum decides. Overdue fires when the due time passes while undecided.",
        [
            new InputDescriptor("title", "String", "The review task's title.", Required: true),
            new InputDescriptor("description", "String", "Details shown with each review task."),
            new InputDescriptor("reviewerRole", "String", "Every active member of this role reviews."),
            new InputDescriptor("reviewers", "String", "User ids who review (comma-separated or a JSON array)."),
            new InputDescriptor("mode", "String", "All (default), Any or Quorum."),
            new InputDescriptor("quorum", "String", "For Quorum: how many approvals, a count (2) or a percentage (60%)."),
            new InputDescriptor("whenNewerVersion", "String", "Withdraw (default): a newer version of the document withdraws the open reviews (\"superseded by version N\") and ends the instance as Superseded. Keep: the reviews stay open; their decision is recorded on their version but never changes the status of a newer one."),
            new InputDescriptor("allowSelfApproval", "Boolean", "false (default): the uploader of the version is never one of its reviewers and cannot complete its review (four eyes)."),
            TaskActivityInputs.Priority,
            TaskActivityInputs.DueIn,
            TaskActivityInputs.DueAt,
            TaskActivityInputs.DocumentId,
            TaskActivityInputs.VersionNumber,
        ],
        ["Approved", "Rejected", UserTaskActivity.OverduePort]);

    public void Validate(ActivityNode node, ICollection<string> problems)
    {
        if (node.InputExpression("mode") is { Type: "Literal" } mode && mode.Text.Trim().Length > 0
            && !Enum.TryParse<ApprovalMode>(mode.Text.Trim(), ignoreCase: true, out _))
        {
            problems.Add($"'{mode.Text}' is not an approval mode; use All, Any or Quorum.");
        }

        if (node.InputExpression("whenNewerVersion") is { Type: "Literal" } newer && newer.Text.Trim().Length > 0
            && !newer.Text.Trim().Equals("Withdraw", StringComparison.OrdinalIgnoreCase) && !newer.Text.Trim().Equals("Keep", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"'{newer.Text}' is not a choice for whenNewerVersion; use Withdraw or Keep.");
        }

        if (node.InputExpression("reviewerRole") is null && node.InputExpression("reviewers") is null)
        {
            problems.Add("An approval needs reviewers: set reviewerRole or reviewers.");
        }
    }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (documentId, versionNumber) = await TaskActivityInputs.DocumentAsync(context);
        var catalog = context.Services.GetRequiredService<IDocumentCatalog>();
        var version = await catalog.FindVersionSummaryAsync(documentId, versionNumber, context.CancellationToken);
        var document = await catalog.FindAsync(documentId, context.CancellationToken);
        if (version is null || document is null)
        {
            return ActivityResult.Fault(versionNumber is null ? $"Document {documentId} does not exist." : $"Document {documentId} has no version {versionNumber}.");
        }

        if (await WithdrawsAsync(context))
        {
            if (document.CurrentVersionNumber > version.Number)
            {
                // A newer version arrived before this review began: nothing to ask anyone.
                context.Log($"Version {version.Number} was superseded by version {document.CurrentVersionNumber} before its review began.");
                context.Supersede($"superseded by version {document.CurrentVersionNumber}");
                return ActivityResult.Finish();
            }

            context.EndWhenSuperseded(version.Number);
        }

        var selfApproval = await TaskActivityInputs.FlagAsync(context, "allowSelfApproval", fallback: false);
        var excluded = selfApproval ? null : version.CreatedBy;
        var reviewers = new List<string>(await TaskActivityInputs.ListAsync(context, "reviewers"));
        var role = (await context.EvaluateAsync<string>("reviewerRole"))?.Trim();
        if (!string.IsNullOrWhiteSpace(role))
        {
            var members = await context.Services.GetRequiredService<IUserDirectory>().UsersInRoleAsync(role, context.CancellationToken);
            reviewers.AddRange(members);
        }

        reviewers = [.. reviewers.Distinct(StringComparer.Ordinal).Where(r => !string.Equals(r, excluded, StringComparison.Ordinal))];
        string? fallback = null;
        if (reviewers.Count == 0)
        {
            // Never a fault: a fresh installation has an empty Reviewer role. The administrators review instead.
            fallback = (string.IsNullOrWhiteSpace(role) ? "The approval names no reviewers" : $"Role '{role}' has no active members")
                + (excluded is null ? string.Empty : " other than the uploader")
                + ", so this review is offered to the tenant's administrators. Add members to the role to have them review.";
        }

        var mode = await ModeAsync(context);
        var rule = ApprovalRule.For(mode, await context.EvaluateAsync<string>("quorum"), Math.Max(1, reviewers.Count));
        var title = await context.EvaluateAsync<string>("title") ?? string.Empty;
        var description = await context.EvaluateAsync<string>("description");
        var priority = await TaskActivityInputs.PriorityAsync(context);
        var due = await TaskActivityInputs.DueAsync(context);
        var run = Guid.CreateVersion7(context.Time.GetUtcNow());
        var creator = context.Services.GetRequiredService<UserTaskCreator>();
        var specs = fallback is null
            ? reviewers.Select(reviewer => new NewUserTask(
                documentId, version.Number, title, description, reviewer, [], [], priority, due, [Approve, Reject],
                TaskActivityInputs.WorkflowActor, context.InstanceId.ToString(), context.ActivityId, run))
            : [new NewUserTask(
                documentId, version.Number, title, string.IsNullOrWhiteSpace(description) ? fallback : $"{fallback}\n\n{description}", null, [FlowDocsRoles.Admin], [],
                priority, due, [Approve, Reject], TaskActivityInputs.WorkflowActor, context.InstanceId.ToString(), context.ActivityId, run)];
        foreach (var spec in specs)
        {
            var task = await TaskActivityInputs.AddTaskAsync(creator, spec, context.CancellationToken);
            task.ExcludedUser = excluded;
            if (fallback is not null)
            {
                TaskActivityInputs.Note(context, task, fallback);
            }
        }

        context.Log(fallback ?? $"Asked {reviewers.Count} reviewers ({mode}, {rule.Required} approvals needed).");
        var completion = context.CreateBookmark(TypeName, run.ToString());
        return due is { } dueAt
            ? ActivityResult.Suspend(completion, context.CreateBookmark(TimerName, run.ToString(), dueAt: dueAt))
            : ActivityResult.Suspend(completion);
    }

    public async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Services.GetRequiredService<FlowDocsDbContext>();
        var instanceId = context.InstanceId.ToString();
        var run = await db.Set<UserTask>().AsNoTracking()
            .Where(t => t.OriginWorkflowInstanceId == instanceId && t.OriginActivityId == context.ActivityId)
            .OrderByDescending(t => t.CreatedAt).Select(t => t.OriginActivityRunId).FirstOrDefaultAsync(context.CancellationToken);
        var tasks = await db.Set<UserTask>().AsNoTracking()
            .Where(t => t.OriginActivityRunId == run && t.OriginWorkflowInstanceId == instanceId)
            .Select(t => new { t.Id, t.Status, t.Outcome, t.DueAt, t.DocumentId, t.DocumentVersionNumber, t.CompletedBy, t.CompletedAt, t.CompletionComment })
            .ToListAsync(context.CancellationToken);
        if (run is null || tasks.Count == 0)
        {
            return ActivityResult.Fault("The review tasks of this approval no longer exist.");
        }

        var rule = ApprovalRule.For(await ModeAsync(context), await context.EvaluateAsync<string>("quorum"), tasks.Count);
        var approvals = tasks.Count(t => t.Status == UserTaskStatus.Completed && t.Outcome == Approve);
        var rejections = tasks.Count(t => t.Status == UserTaskStatus.Cancelled || (t.Status == UserTaskStatus.Completed && t.Outcome != Approve));
        var decision = rule.Decide(tasks.Count, approvals, rejections);
        context.SetVariable("approval", new JsonObject
        {
            ["decision"] = decision.ToString(),
            ["approvals"] = approvals,
            ["rejections"] = rejections,
            ["reviewers"] = tasks.Count,
            ["required"] = rule.Required,
        });
        if (decision != ApprovalDecision.Pending)
        {
            var open = tasks.Where(t => t.Status is UserTaskStatus.Open or UserTaskStatus.Claimed).Select(t => t.Id).ToList();
            if (open.Count > 0)
            {
                await context.Services.GetRequiredService<UserTaskCanceller>()
                    .CancelOpenAsync(open, TaskActivityInputs.WorkflowActor, $"the approval was decided: {decision}", context.CancellationToken);
            }

            // The decision belongs to the version the reviews were about, with every vote that was cast.
            var votes = tasks.Where(t => t.Status == UserTaskStatus.Completed && t.CompletedBy is not null)
                .OrderBy(t => t.CompletedAt)
                .Select(t => new DecisionVote(t.CompletedBy!, t.Outcome ?? string.Empty, t.CompletionComment, t.CompletedAt ?? context.Time.GetUtcNow()))
                .ToList();
            var deciding = votes.LastOrDefault(v => v.Outcome == (decision == ApprovalDecision.Approved ? Approve : Reject));
            await context.Services.GetRequiredService<IDocumentDecisionRecorder>().RecordAsync(
                new VersionDecision(tasks[0].DocumentId, tasks[0].DocumentVersionNumber, decision.ToString(), deciding?.By ?? TaskActivityInputs.WorkflowActor,
                    deciding?.Comment, votes, await context.OriginAsync()),
                context.CancellationToken);
            context.Log($"{decision}: {approvals} approvals, {rejections} rejections of {tasks.Count} ({rule.Required} needed).");
            return ActivityResult.Done(decision.ToString());
        }

        // Undecided: wait for the next vote. A resumed bookmark took its siblings with it, so re-arm the due
        // timer unless it is what woke us (then escalate once through Overdue).
        var completion = context.CreateBookmark(TypeName, run.ToString());
        if (UserTaskActivity.Outcome(context.ResumePayload) is null)
        {
            return ActivityResult.Branch([UserTaskActivity.OverduePort], completion);
        }

        var due = tasks.Select(t => t.DueAt).FirstOrDefault();
        return due is { } dueAt && dueAt > context.Time.GetUtcNow()
            ? ActivityResult.Suspend(completion, context.CreateBookmark(TimerName, run.ToString(), dueAt: dueAt))
            : ActivityResult.Suspend(completion);
    }

    private static async ValueTask<bool> WithdrawsAsync(ActivityExecutionContext context)
    {
        var text = (await context.EvaluateAsync<string>("whenNewerVersion"))?.Trim();
        return string.IsNullOrEmpty(text) || string.Equals(text, "Withdraw", StringComparison.OrdinalIgnoreCase)
            || (!string.Equals(text, "Keep", StringComparison.OrdinalIgnoreCase)
                ? throw new ExpressionException($"Input 'whenNewerVersion' must be Withdraw or Keep, not '{text}'.")
                : false);
    }

    private static async ValueTask<ApprovalMode> ModeAsync(ActivityExecutionContext context)
    {
        var text = await context.EvaluateAsync<string>("mode");
        if (string.IsNullOrWhiteSpace(text))
        {
            return ApprovalMode.All;
        }

        return Enum.TryParse<ApprovalMode>(text.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new ExpressionException($"Input 'mode' must be All, Any or Quorum, not '{text}'.");
    }
}
