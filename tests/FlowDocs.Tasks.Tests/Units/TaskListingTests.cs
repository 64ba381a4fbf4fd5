using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using static FlowDocs.Tasks.Tests.Units.TaskRulesTests;

namespace FlowDocs.Tasks.Tests.Units;

/// <summary>The orderings and the API shape of a task, on plain objects.</summary>
public sealed class TaskListingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static UserTask Listed(string title, UserTaskPriority priority, DateTimeOffset? due, int createdMinute, Guid? id = null)
    {
        var task = NewTask(due: due);
        task.Id = id ?? Guid.CreateVersion7(Now.AddMinutes(createdMinute));
        task.Title = title;
        task.Priority = priority;
        task.CreatedAt = Now.AddMinutes(createdMinute);
        return task;
    }

    private static readonly UserTask[] Sample =
    [
        Listed("undated-high", UserTaskPriority.High, null, 1),
        Listed("late-low", UserTaskPriority.Low, Now.AddDays(5), 2),
        Listed("soon-normal", UserTaskPriority.Normal, Now.AddDays(1), 3),
        Listed("late-urgent", UserTaskPriority.Urgent, Now.AddDays(5), 4),
        Listed("undated-low", UserTaskPriority.Low, null, 5),
    ];

    private static string[] Titles(TaskSort sort) => Sample.AsQueryable().Sorted(sort).Select(t => t.Title).ToArray();

    [Fact]
    public void Due_sort_puts_the_earliest_first_undated_last_and_breaks_ties_by_priority() =>
        Assert.Equal(["soon-normal", "late-urgent", "late-low", "undated-high", "undated-low"], Titles(TaskSort.Due));

    [Fact]
    public void Priority_sort_puts_the_highest_first_and_breaks_ties_by_due_date() =>
        Assert.Equal(["late-urgent", "undated-high", "soon-normal", "late-low", "undated-low"], Titles(TaskSort.Priority));

    [Fact]
    public void Created_sort_puts_the_newest_first() =>
        Assert.Equal(["undated-low", "late-urgent", "soon-normal", "late-low", "undated-high"], Titles(TaskSort.Created));

    [Theory]
    [InlineData(TaskSort.Due)]
    [InlineData(TaskSort.Priority)]
    [InlineData(TaskSort.Created)]
    public void Equal_keys_are_ordered_by_id_so_pages_never_overlap(TaskSort sort)
    {
        var first = Guid.Parse("00000000-0000-0000-0000-000000000001");
        var second = Guid.Parse("00000000-0000-0000-0000-000000000002");
        UserTask[] twins = [Listed("b", UserTaskPriority.Normal, Now, 0, second), Listed("a", UserTaskPriority.Normal, Now, 0, first)];

        var ids = twins.AsQueryable().Sorted(sort).Select(t => t.Id).ToArray();

        // Newest-first lists walk ids downwards too, so that equal timestamps keep creation order.
        Assert.Equal(sort == TaskSort.Created ? [second, first] : [first, second], ids);
    }

    [Fact]
    public void Response_splits_and_orders_candidates_and_names_a_person_as_origin()
    {
        var task = NewTask(candidates:
        [
            Candidate(CandidateKind.Role, "Reviewer"), Candidate(CandidateKind.User, "zoe"), Candidate(CandidateKind.Role, "Legal"), Candidate(CandidateKind.User, "ann"),
        ]);
        task.DueAt = Now.AddMinutes(-1);

        var response = TaskResponse.From(task, Now);

        Assert.Equal(["Legal", "Reviewer"], response.Candidates.Roles);
        Assert.Equal(["ann", "zoe"], response.Candidates.Users);
        Assert.Equal(new TaskOrigin("person", null, null), response.Origin);
        Assert.True(response.IsOverdue);
        Assert.Null(response.Comments);
    }

    [Fact]
    public void Response_of_a_workflow_task_names_instance_and_activity_and_orders_the_thread()
    {
        var task = NewTask(UserTaskStatus.Completed, "ann", Now.AddMinutes(-1));
        task.OriginWorkflowInstanceId = "instance-1";
        task.OriginActivityId = "review";
        var later = new UserTaskComment { Id = Guid.Parse("00000000-0000-0000-0000-000000000001"), Author = "bob", Text = "second", CreatedAt = Now.AddMinutes(2) };
        var tieB = new UserTaskComment { Id = Guid.Parse("00000000-0000-0000-0000-00000000000b"), Author = "ann", Text = "first-b", CreatedAt = Now };
        var tieA = new UserTaskComment { Id = Guid.Parse("00000000-0000-0000-0000-00000000000a"), Author = "ann", Text = "first-a", CreatedAt = Now };
        task.Comments.AddRange([later, tieB, tieA]);

        var response = TaskResponse.From(task, Now, withComments: true);

        Assert.Equal(new TaskOrigin("workflow", "instance-1", "review"), response.Origin);
        Assert.False(response.IsOverdue);
        Assert.Equal(["first-a", "first-b", "second"], response.Comments!.Select(c => c.Text));
        Assert.Equal(new TaskCommentResponse(later.Id, "bob", "second", later.CreatedAt), response.Comments![2]);
    }
}
