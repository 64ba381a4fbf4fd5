using FlowDocs.Common.Security;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;

namespace FlowDocs.Tasks.Tests.Units;

/// <summary>A caller for rules that take <see cref="ICurrentUser"/>.</summary>
internal sealed class FakeUser(string userId, params string[] roles) : ICurrentUser
{
    public bool IsAuthenticated => true;

    public Guid TenantId { get; } = Guid.NewGuid();

    public string UserId => userId;

    public string? DisplayName => userId;

    public IReadOnlyCollection<string> Roles => roles;

    public bool IsInRole(string role) => roles.Contains(role, StringComparer.Ordinal);
}

public sealed class TaskRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    internal static UserTask NewTask(UserTaskStatus status = UserTaskStatus.Open, string? assignee = null, DateTimeOffset? due = null, params UserTaskCandidate[] candidates)
    {
        var task = new UserTask { Id = Guid.NewGuid(), Status = status, Assignee = assignee, DueAt = due, Outcomes = ["Approve", "Reject"] };
        task.Candidates.AddRange(candidates);
        return task;
    }

    internal static UserTaskCandidate Candidate(CandidateKind kind, string value, bool offered = true) =>
        new() { Id = Guid.NewGuid(), Kind = kind, Value = value, Key = UserTaskCandidate.KeyOf(kind, value), IsOffered = offered };

    [Theory]
    [InlineData(UserTaskStatus.Open, true)]
    [InlineData(UserTaskStatus.Claimed, true)]
    [InlineData(UserTaskStatus.Completed, false)]
    [InlineData(UserTaskStatus.Cancelled, false)]
    public void Open_means_open_or_claimed(UserTaskStatus status, bool open) =>
        Assert.Equal(open, TaskRules.IsOpen(NewTask(status)));

    [Theory]
    [InlineData(UserTaskStatus.Open, -1, true)]
    [InlineData(UserTaskStatus.Claimed, -1, true)]
    [InlineData(UserTaskStatus.Open, 0, false)]
    [InlineData(UserTaskStatus.Open, 1, false)]
    [InlineData(UserTaskStatus.Completed, -1, false)]
    [InlineData(UserTaskStatus.Cancelled, -1, false)]
    public void Overdue_when_still_open_and_due_before_now(UserTaskStatus status, int dueInSeconds, bool overdue) =>
        Assert.Equal(overdue, TaskRules.IsOverdue(NewTask(status, due: Now.AddSeconds(dueInSeconds)), Now));

    [Fact]
    public void Task_without_a_due_date_is_never_overdue() =>
        Assert.False(TaskRules.IsOverdue(NewTask(), DateTimeOffset.MaxValue));

    [Fact]
    public void Candidate_by_own_user_id_or_by_role_compared_exactly()
    {
        var task = NewTask(candidates: [Candidate(CandidateKind.User, "ann"), Candidate(CandidateKind.Role, "Reviewer")]);

        Assert.True(TaskRules.IsCandidate(task, new FakeUser("ann")));
        Assert.True(TaskRules.IsCandidate(task, new FakeUser("bob", "Member", "Reviewer")));
        Assert.False(TaskRules.IsCandidate(task, new FakeUser("Ann")));
        Assert.False(TaskRules.IsCandidate(task, new FakeUser("bob", "reviewer")));
        // A user named like a role is not that role, and the other way round.
        Assert.False(TaskRules.IsCandidate(task, new FakeUser("Reviewer")));
        Assert.False(TaskRules.IsCandidate(task, new FakeUser("carl", "ann")));
    }

    [Fact]
    public void Assignee_and_admin()
    {
        var task = NewTask(UserTaskStatus.Claimed, "ann");

        Assert.True(TaskRules.IsAssignee(task, new FakeUser("ann")));
        Assert.False(TaskRules.IsAssignee(task, new FakeUser("bob")));
        Assert.False(TaskRules.IsAssignee(NewTask(), new FakeUser("ann")));
        Assert.True(TaskRules.IsAdmin(new FakeUser("x", FlowDocsRoles.Admin)));
        Assert.False(TaskRules.IsAdmin(new FakeUser("x", FlowDocsRoles.Member, "admin")));
    }

    [Fact]
    public void Closed_problem_explains_completed_and_cancelled_only()
    {
        var completed = NewTask(UserTaskStatus.Completed, "ann");
        completed.Outcome = "Approve";
        completed.CompletedBy = "ann";
        var cancelled = NewTask(UserTaskStatus.Cancelled);

        Assert.Equal($"Task {completed.Id} is already completed (outcome 'Approve' by ann).", TaskRules.ClosedProblem(completed));
        Assert.Equal($"Task {cancelled.Id} is cancelled.", TaskRules.ClosedProblem(cancelled));
        Assert.Null(TaskRules.ClosedProblem(NewTask()));
        Assert.Null(TaskRules.ClosedProblem(NewTask(UserTaskStatus.Claimed, "ann")));
    }

    [Fact]
    public void Candidate_keys_are_the_users_own_and_one_per_role() =>
        Assert.Equal(["user:ann", "role:Member", "role:Reviewer"], TaskRules.CandidateKeys(new FakeUser("ann", "Member", "Reviewer")));

    [Theory]
    [InlineData(CandidateKind.User, "ann", "user:ann")]
    [InlineData(CandidateKind.Role, "Reviewer", "role:Reviewer")]
    public void Candidate_key_names_kind_and_value(CandidateKind kind, string value, string key) =>
        Assert.Equal(key, UserTaskCandidate.KeyOf(kind, value));

    [Theory]
    [InlineData(UserTaskStatus.Open, null, true)]
    [InlineData(UserTaskStatus.Open, "ann", false)]
    [InlineData(UserTaskStatus.Claimed, "ann", false)]
    [InlineData(UserTaskStatus.Completed, "ann", false)]
    [InlineData(UserTaskStatus.Cancelled, null, false)]
    public void Touch_stamps_the_write_and_offers_only_open_unclaimed_tasks(UserTaskStatus status, string? assignee, bool offered)
    {
        var task = NewTask(status, assignee, candidates: [Candidate(CandidateKind.Role, "Reviewer", !offered), Candidate(CandidateKind.User, "bob", !offered)]);
        var stamp = task.ConcurrencyStamp;

        TaskRules.Touch(task, Now);

        Assert.Equal(Now, task.UpdatedAt);
        Assert.NotEqual(stamp, task.ConcurrencyStamp);
        Assert.All(task.Candidates, c => Assert.Equal(offered, c.IsOffered));
    }

    [Fact]
    public void Touch_copies_due_date_and_priority_onto_the_offers_the_inbox_orders_by()
    {
        var task = NewTask(candidates: [Candidate(CandidateKind.Role, "Reviewer"), Candidate(CandidateKind.User, "bob")]);
        task.DueAt = Now.AddDays(2);
        task.Priority = UserTaskPriority.Urgent;

        TaskRules.Touch(task, Now);
        var dated = task.Candidates.Select(c => (c.DueSort, c.Priority)).ToList();
        task.DueAt = null;
        task.Priority = UserTaskPriority.Low;
        TaskRules.Touch(task, Now);

        Assert.All(dated, c => Assert.Equal((Now.AddDays(2), UserTaskPriority.Urgent), c));
        Assert.All(task.Candidates, c => Assert.Equal((UserTaskCandidate.NoDueDate, UserTaskPriority.Low), (c.DueSort, c.Priority)));
        Assert.True(UserTaskCandidate.NoDueDate > Now.AddYears(1000));
    }

    [Fact]
    public void Every_touch_makes_a_new_concurrency_stamp()
    {
        var task = NewTask();

        var stamps = Enumerable.Range(0, 3).Select(_ =>
        {
            TaskRules.Touch(task, Now);
            return task.ConcurrencyStamp;
        }).ToList();

        Assert.Equal(3, stamps.Distinct().Count());
    }

    [Fact]
    public void Assign_gives_the_task_to_the_user_from_now_on()
    {
        var task = NewTask(candidates: [Candidate(CandidateKind.Role, "Reviewer")]);

        TaskRules.Assign(task, "ann", Now);

        Assert.Equal("ann", task.Assignee);
        Assert.Equal(Now, task.AssignedAt);
        Assert.Equal(UserTaskStatus.Claimed, task.Status);
    }

    [Fact]
    public void Four_eyes_refuses_only_the_excluded_uploader_whatever_their_roles()
    {
        var task = NewTask(candidates: Candidate(CandidateKind.Role, FlowDocsRoles.Admin));
        task.ExcludedUser = "uploader";
        task.DocumentVersionNumber = 2;

        Assert.Contains("version 2, which you uploaded", TaskRules.FourEyesProblem(task, new FakeUser("uploader", FlowDocsRoles.Admin)), StringComparison.Ordinal);
        Assert.Null(TaskRules.FourEyesProblem(task, new FakeUser("other-admin", FlowDocsRoles.Admin)));
        Assert.Null(TaskRules.FourEyesProblem(NewTask(), new FakeUser("uploader", FlowDocsRoles.Admin)));
    }

    public static TheoryData<string, bool> ThreadCallers => new()
    {
        { "holder", true },
        { "named-candidate", true },
        { "reviewer-by-role", true },
        { "decider", true },
        { "uploader", true },
        { "owner", true },
        { "bystander", false },
        { "admin-bystander", false },
        { "workflow-creator", false },
    };

    [Theory]
    [MemberData(nameof(ThreadCallers))]
    public void The_thread_belongs_to_the_reviewers_the_uploader_and_the_owner(string caller, bool allowed)
    {
        var task = NewTask(UserTaskStatus.Completed, "holder", null, Candidate(CandidateKind.User, "named-candidate"), Candidate(CandidateKind.Role, FlowDocsRoles.Reviewer));
        task.CompletedBy = "decider";
        task.CreatedBy = "workflow-creator";
        task.OriginWorkflowInstanceId = Guid.NewGuid().ToString();
        var user = caller switch
        {
            "reviewer-by-role" => new FakeUser("someone", FlowDocsRoles.Reviewer),
            "admin-bystander" => new FakeUser("an-admin", FlowDocsRoles.Admin),
            _ => new FakeUser(caller),
        };

        Assert.Equal(allowed, TaskRules.MayUseThread(task, user, versionUploader: "uploader", documentOwner: "owner"));
    }

    [Fact]
    public void The_person_who_made_a_task_by_hand_keeps_its_thread()
    {
        var task = NewTask(assignee: "worker");
        task.CreatedBy = "asker";

        Assert.True(TaskRules.MayUseThread(task, new FakeUser("asker"), null, null));
        Assert.False(TaskRules.MayUseThread(task, new FakeUser("someone"), null, null));
    }
}
