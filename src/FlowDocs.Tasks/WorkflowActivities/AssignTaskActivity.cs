using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Tasks.WorkflowActivities;

public enum AssignmentRule
{
    /// <summary>The member after the one who most recently got a task, in member order.</summary>
    RoundRobin,

    /// <summary>The member holding the fewest open tasks (ties: member order).</summary>
    FewestOpenTasks,
}

/// <summary>
/// Picks an assignee among a role's members by rule and gives them the task (default: the instance's task).
/// With a claim window it first waits: if a candidate claims the task meanwhile it leaves by <c>Claimed</c>.
/// </summary>
internal sealed class AssignTaskActivity : IActivity
{
    public const string TypeName = "FlowDocs.AssignTask";
    private const string TimerName = TypeName + ".ClaimWindow";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, TaskActivityInputs.Category, "Assign task",
        "Assigns a task to one of a role's members by rule (round robin or fewest open tasks); with a claim window, only when no candidate claimed it in time.",
        [
            new InputDescriptor("role", "String", "The role whose members may get the task.", Required: true),
            new InputDescriptor("rule", "String", "RoundRobin (default) or FewestOpenTasks."),
            new InputDescriptor("taskId", "String", "The task; default the instance input's taskId (set by the TaskCreated trigger)."),
            new InputDescriptor("claimWindow", "TimeSpan", "Wait this long for a candidate to claim it first, e.g. 04:00:00."),
        ],
        ["Assigned", "Claimed", "NoMembers"]);

    public void Validate(ActivityNode node, ICollection<string> problems)
    {
        if (node.InputExpression("rule") is { Type: "Literal" } rule && rule.Text.Trim().Length > 0
            && !Enum.TryParse<AssignmentRule>(rule.Text.Trim(), ignoreCase: true, out _))
        {
            problems.Add($"'{rule.Text}' is not an assignment rule; use RoundRobin or FewestOpenTasks.");
        }
    }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = await context.EvaluateAsync<string>("claimWindow");
        if (!string.IsNullOrWhiteSpace(window))
        {
            if (!TimeSpan.TryParse(window, System.Globalization.CultureInfo.InvariantCulture, out var span) || span <= TimeSpan.Zero)
            {
                throw new ExpressionException($"Input 'claimWindow' must be a positive time span such as 04:00:00, not '{window}'.");
            }

            await TaskIdAsync(context);
            return ActivityResult.Suspend(context.CreateBookmark(TimerName, dueAt: context.Time.GetUtcNow() + span));
        }

        return await AssignAsync(context);
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context) => AssignAsync(context);

    private static async ValueTask<ActivityResult> AssignAsync(ActivityExecutionContext context)
    {
        var db = context.Services.GetRequiredService<FlowDocsDbContext>();
        var taskId = await TaskIdAsync(context);
        var task = await db.Set<UserTask>().Include(t => t.Candidates).FirstOrDefaultAsync(t => t.Id == taskId, context.CancellationToken)
            ?? throw new ExpressionException($"Task {taskId} does not exist.");
        if (task.Assignee is not null || !TaskRules.IsOpen(task))
        {
            context.Log($"Task {task.Id} was already taken ({task.Status}, {task.Assignee ?? "nobody"}).");
            return ActivityResult.Done("Claimed");
        }

        var role = await context.EvaluateAsync<string>("role");
        if (string.IsNullOrWhiteSpace(role))
        {
            throw new ExpressionException("Input 'role' is empty.");
        }

        var members = await context.Services.GetRequiredService<IUserDirectory>().UsersInRoleAsync(role.Trim(), context.CancellationToken);
        if (members.Count == 0)
        {
            context.Log($"Role '{role}' has no active members.");
            return ActivityResult.Done("NoMembers");
        }

        var rule = await RuleAsync(context);
        var assignee = rule == AssignmentRule.FewestOpenTasks ? await FewestOpenAsync(db, members, context.CancellationToken) : await NextInTurnAsync(db, members, context.CancellationToken);
        var now = context.Time.GetUtcNow();
        TaskRules.Assign(task, assignee, now);
        TaskRules.Touch(task, now);
        db.Add(new UserTaskComment { Id = Guid.CreateVersion7(now), TaskId = task.Id, Author = TaskActivityInputs.WorkflowActor, Text = $"Assigned to {assignee} ({rule} among {role}).", CreatedAt = now });
        context.SetVariable("assignee", JsonValue.Create(assignee));
        context.Log($"Assigned task {task.Id} to {assignee} ({rule}).");
        return ActivityResult.Done("Assigned");
    }

    internal static async Task<string> FewestOpenAsync(FlowDocsDbContext db, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        var open = await db.Set<UserTask>().AsNoTracking()
            .Where(t => t.Assignee != null && members.Contains(t.Assignee) && (t.Status == UserTaskStatus.Open || t.Status == UserTaskStatus.Claimed))
            .GroupBy(t => t.Assignee!).Select(g => new { Member = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Member, g => g.Count, cancellationToken);
        // OrderBy is stable: ties keep member order.
        return members.OrderBy(m => open.GetValueOrDefault(m)).First();
    }

    internal static async Task<string> NextInTurnAsync(FlowDocsDbContext db, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        var last = await db.Set<UserTask>().AsNoTracking()
            .Where(t => t.Assignee != null && t.AssignedAt != null && members.Contains(t.Assignee))
            .OrderByDescending(t => t.AssignedAt).Select(t => t.Assignee).FirstOrDefaultAsync(cancellationToken);
        var index = last is null ? -1 : members.ToList().IndexOf(last);
        return members[(index + 1) % members.Count];
    }

    private static async ValueTask<Guid> TaskIdAsync(ActivityExecutionContext context)
    {
        var text = await context.EvaluateAsync<string>("taskId");
        text = string.IsNullOrWhiteSpace(text) ? context.Input["taskId"]?.ToString() : text;
        return Guid.TryParse(text, out var id)
            ? id
            : throw new ExpressionException($"'{text}' is not a task id; set input 'taskId' or start the workflow with the TaskCreated trigger.");
    }

    private static async ValueTask<AssignmentRule> RuleAsync(ActivityExecutionContext context)
    {
        var text = await context.EvaluateAsync<string>("rule");
        if (string.IsNullOrWhiteSpace(text))
        {
            return AssignmentRule.RoundRobin;
        }

        return Enum.TryParse<AssignmentRule>(text.Trim(), ignoreCase: true, out var rule) && Enum.IsDefined(rule)
            ? rule
            : throw new ExpressionException($"Input 'rule' must be RoundRobin or FewestOpenTasks, not '{text}'.");
    }
}
