using System.Text.Json.Nodes;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Tests;

public sealed class RuntimeTests
{
    [Fact]
    public async Task Start_SetVariable_Decision_End_runs_in_one_inline_burst_and_finishes_without_a_job()
    {
        await using var harness = new WorkflowHarness();
        var flow = new FlowBuilder()
            .Variable("Amount", "Int32", "0")
            .Activity("start", "Elsa.Start")
            .Activity("set", "Elsa.SetVariable", ("value", "JavaScript", "input.amount * 2"))
            .Activity("decide", "Elsa.FlowDecision", ("condition", "JavaScript", "variables.Amount > 10"))
            .WriteLine("big", "big")
            .WriteLine("small", "small")
            .Activity("end", "Elsa.End")
            .Connect("start", "set").Connect("set", "decide").Connect("decide", "big", "True").Connect("decide", "small", "False")
            .Connect("big", "end").Connect("small", "end");
        var json = flow.Build();
        json["root"]!["activities"]![1]!["variable"] = new JsonObject { ["id"] = "Amount", ["name"] = "Amount" };
        var version = await harness.PublishAsync(json.ToJsonString());

        var id = await harness.StartAsync(version, new JsonObject { ["amount"] = 7 });

        var instance = await harness.InstanceAsync(id);
        Assert.Equal(0, harness.Scheduler.BurstsEnqueued);
        Assert.Equal(1, instance.BurstCount);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["big"], await harness.LinesAsync(id));
        Assert.Equal(14, (await harness.StateAsync(id)).Variables["Amount"]!.GetValue<double>());
        Assert.Equal(["start", "set", "decide", "big", "end"], (await harness.JournalAsync(id)).Select(j => j.ActivityId));
    }

    [Fact]
    public async Task An_elsa_export_referring_to_a_variable_by_id_only_sets_that_variable()
    {
        await using var harness = new WorkflowHarness();
        var json = new FlowBuilder()
            .Activity("set", "Elsa.SetVariable", ("value", "JavaScript", "input.amount * 3"))
            .WriteLine("after", "after").Connect("set", "after").Build();
        // As Elsa 3 exports it: the declaration carries an opaque id, the reference only that id.
        json["variables"] = new JsonArray(new JsonObject { ["id"] = "9f1c2d3e4b5a6978", ["name"] = "Total", ["typeName"] = "Int32", ["value"] = "0" });
        json["root"]!["activities"]![0]!["variable"] = new JsonObject { ["id"] = "9f1c2d3e4b5a6978" };
        var version = await harness.PublishAsync(json.ToJsonString());

        var id = await harness.StartAsync(version, new JsonObject { ["amount"] = 5 });

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        var variables = (await harness.StateAsync(id)).Variables;
        Assert.Equal(15, variables["Total"]!.GetValue<double>());
        Assert.False(variables.ContainsKey("9f1c2d3e4b5a6978"));
    }

    [Fact]
    public async Task A_burst_run_twice_does_nothing_the_second_time()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder().WriteLine("a", "once").Json);
        var id = await harness.StartAsync(version);
        harness.Scheduler.EnqueueBurst(harness.TenantId, id);

        await harness.RunBurstsAsync();

        Assert.Equal(["once"], await harness.LinesAsync(id));
        Assert.Equal(1, (await harness.InstanceAsync(id)).BurstCount);
    }

    [Fact]
    public async Task Event_bookmark_resumes_exactly_once_and_the_outcome_selects_the_port()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "approved"))
            .WriteLine("after", "resumed")
            .Connect("wait", "after").Json);
        var id = await harness.StartAsync(version, correlationId: "doc-1");
        await harness.RunBurstsAsync();
        var bookmark = Assert.Single(await harness.BookmarksAsync(id));
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(id)).SubStatus);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => harness.ResumeAsync(bookmark.Id)));
        await harness.RunBurstsAsync();

        Assert.Equal(1, outcomes.Count(o => o == ResumeOutcome.Resumed));
        Assert.Equal(3, outcomes.Count(o => o == ResumeOutcome.NotFound));
        Assert.Equal(["resumed"], await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Empty(await harness.BookmarksAsync(id));
    }

    [Fact]
    public async Task Published_event_resumes_only_the_correlated_instance()
    {
        await using var harness = new WorkflowHarness();
        // Behind a Start the event is a wait only; as the first activity it would also trigger new instances.
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "signed"))
            .WriteLine("after", "signed").Connect("start", "wait").Connect("wait", "after").Json);
        var first = await harness.StartAsync(version, correlationId: "a");
        var second = await harness.StartAsync(version, correlationId: "b");
        await harness.RunBurstsAsync();

        await using (var scope = harness.Scope())
        {
            var (resumed, started) = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>()
                .PublishEventAsync("signed", "b", new JsonObject { ["by"] = "x" }, CancellationToken.None);
            Assert.Equal((1, 0), (resumed, started));
        }

        await harness.RunBurstsAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(first)).SubStatus);
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(second)).SubStatus);
    }

    [Fact]
    public async Task Fork_by_several_connections_and_WaitAll_join_runs_after_both_branches()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .WriteLine("s", "Start").WriteLine("l1", "Line 1").WriteLine("l2", "Line 2")
            .Activity("join", "Elsa.FlowJoin", ("mode", "Literal", "WaitAll")).WriteLine("e", "End")
            .Connect("s", "l1").Connect("s", "l2").Connect("l1", "join").Connect("l2", "join").Connect("join", "e").Json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();

        Assert.Equal(["Start", "Line 1", "Line 2", "End"], await harness.LinesAsync(id));
    }

    [Fact]
    public async Task WaitAll_join_waits_across_bursts_for_a_branch_that_waits_on_an_event()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("fork", "Elsa.FlowFork", ("branches", "Literal", "A,B"))
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "go"))
            .WriteLine("a", "A")
            .Activity("join", "Elsa.FlowJoin", ("mode", "Literal", "WaitAll")).WriteLine("e", "End")
            .Connect("fork", "a", "A").Connect("fork", "wait", "B").Connect("a", "join").Connect("wait", "join").Connect("join", "e").Json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();
        Assert.Equal(["A"], await harness.LinesAsync(id));

        await harness.ResumeAsync(Assert.Single(await harness.BookmarksAsync(id)).Id);
        await harness.RunBurstsAsync();

        Assert.Equal(["A", "End"], await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task WaitAny_join_fires_once_and_cancels_the_waiting_branch()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .WriteLine("s", "Start")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "never"))
            .WriteLine("fast", "fast")
            .Activity("join", "Elsa.FlowJoin", ("mode", "Literal", "WaitAny")).WriteLine("e", "End")
            .Connect("s", "wait").Connect("s", "fast").Connect("wait", "join").Connect("fast", "join").Connect("join", "e").Json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();

        Assert.Equal(["Start", "fast", "End"], await harness.LinesAsync(id));
        Assert.Empty(await harness.BookmarksAsync(id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task Switch_takes_the_matching_case_and_Default_otherwise()
    {
        await using var harness = new WorkflowHarness();
        var cases = new JsonArray(
            new JsonObject { ["label"] = "Low", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "input.n < 10" } },
            new JsonObject { ["label"] = "High", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "input.n >= 100" } });
        var version = await harness.PublishAsync(new FlowBuilder()
            .Raw(new JsonObject { ["id"] = "sw", ["type"] = "Elsa.FlowSwitch", ["cases"] = cases })
            .WriteLine("low", "low").WriteLine("high", "high").WriteLine("other", "other")
            .Connect("sw", "low", "Low").Connect("sw", "high", "High").Connect("sw", "other", "Default").Json);

        var low = await harness.StartAsync(version, new JsonObject { ["n"] = 3 });
        var mid = await harness.StartAsync(version, new JsonObject { ["n"] = 50 });
        var high = await harness.StartAsync(version, new JsonObject { ["n"] = 500 });
        await harness.RunBurstsAsync();

        Assert.Equal(["low"], await harness.LinesAsync(low));
        Assert.Equal(["other"], await harness.LinesAsync(mid));
        Assert.Equal(["high"], await harness.LinesAsync(high));
    }

    [Fact]
    public async Task Loop_with_a_wait_inside_resumes_each_round()
    {
        await using var harness = new WorkflowHarness();
        var json = new FlowBuilder()
            .Variable("Count", "Int32", "0")
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "tick"))
            .Activity("inc", "Elsa.RunJavaScript", ("script", "Literal", "setCount(getCount() + 1)"))
            .Activity("more", "Elsa.FlowDecision", ("condition", "JavaScript", "getCount() < 3"))
            .WriteLine("done", "done")
            .Connect("start", "wait").Connect("wait", "inc").Connect("inc", "more").Connect("more", "wait", "True").Connect("more", "done", "False").Json;
        var version = await harness.PublishAsync(json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();

        for (var round = 1; round <= 3; round++)
        {
            Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(id)).SubStatus);
            await harness.ResumeAsync(Assert.Single(await harness.BookmarksAsync(id)).Id);
            await harness.RunBurstsAsync();
        }

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(3, (await harness.StateAsync(id)).Variables["Count"]!.GetValue<double>());
        Assert.Equal(["done"], await harness.LinesAsync(id));
    }

    [Fact]
    public async Task Endless_script_faults_its_activity_with_an_incident_and_retry_runs_it_again()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("loop", "Elsa.RunJavaScript", ("script", "Literal", "while (true) {}"))
            .WriteLine("after", "after").Connect("loop", "after").Json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();

        var instance = await harness.InstanceAsync(id);
        var incident = Assert.Single((await harness.StateAsync(id)).Incidents);
        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        Assert.Equal("loop", incident.ActivityId);
        Assert.Contains("stopped", incident.Message, StringComparison.Ordinal);

        await using (var scope = harness.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().RetryAsync(id, CancellationToken.None));
        }

        await harness.RunBurstsAsync();
        Assert.Equal(2, (await harness.StateAsync(id)).Incidents.Count);
    }

    [Fact]
    public async Task A_catastrophic_regular_expression_is_stopped_at_the_script_limit()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("regex", "Elsa.RunJavaScript", ("script", "Literal", "/(a+)+$/.test('a'.repeat(27) + 'b')")).Json);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();

        // The limit is 2 s; before, Jint's own 10 s regex default applied.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed.TotalSeconds:0.0} s");
        var incident = Assert.Single((await harness.StateAsync(id)).Incidents);
        Assert.Equal(WorkflowSubStatus.Faulted, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Contains("regular expression", incident.Message, StringComparison.Ordinal);
        Assert.Contains("stopped", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_activity_faults_and_Finish_ends_with_parallel_work_dropped()
    {
        await using var harness = new WorkflowHarness();
        var faulting = await harness.PublishAsync(new FlowBuilder()
            .Activity("f", "Elsa.Fault", ("message", "Literal", "that went south"), ("code", "Literal", "42")).Json);
        var finishing = await harness.PublishAsync(new FlowBuilder()
            .WriteLine("s", "s")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "never"))
            .Activity("finish", "Elsa.Finish")
            .Connect("s", "wait").Connect("s", "finish").Json);

        var faulted = await harness.StartAsync(faulting);
        var finished = await harness.StartAsync(finishing);
        await harness.RunBurstsAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, (await harness.InstanceAsync(faulted)).SubStatus);
        Assert.Equal("that went south (code 42)", Assert.Single((await harness.StateAsync(faulted)).Incidents).Message);
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(finished)).SubStatus);
        Assert.Empty(await harness.BookmarksAsync(finished));
    }

    [Fact]
    public async Task Cancel_ends_the_instance_and_drops_its_bookmarks()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder().Activity("wait", "Elsa.Event", ("eventName", "Literal", "x")).Json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();

        await using var scope = harness.Scope();
        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        Assert.True(await runtime.CancelAsync(id, CancellationToken.None));
        Assert.False(await runtime.CancelAsync(id, CancellationToken.None));

        Assert.Equal(WorkflowSubStatus.Cancelled, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Empty(await harness.BookmarksAsync(id));
    }

    [Fact]
    public async Task Burst_limit_commits_and_requeues_an_activity_loop_without_waits()
    {
        // Starts queued as jobs: this is about the limit of a job's burst.
        await using var harness = new WorkflowHarness(maxActivitiesPerBurst: 10, maxActivitiesInline: 0);
        var version = await harness.PublishAsync(new FlowBuilder()
            .Variable("I", "Int32", "0")
            .Activity("start", "Elsa.Start")
            .Activity("inc", "Elsa.RunJavaScript", ("script", "Literal", "setI(getI() + 1)"))
            .Activity("more", "Elsa.FlowDecision", ("condition", "JavaScript", "getI() < 20"))
            .Connect("start", "inc").Connect("inc", "more").Connect("more", "inc", "True").Json);
        var id = await harness.StartAsync(version);

        var bursts = await harness.RunBurstsAsync();

        Assert.True(bursts >= 4, $"{bursts} bursts");
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(20, (await harness.StateAsync(id)).Variables["I"]!.GetValue<double>());
    }

    [Fact]
    public async Task Liquid_and_Variable_expressions_are_evaluated()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Variable("Who", "String", "world")
            .Activity("a", "Elsa.WriteLine", ("text", "Liquid", "Hello {{ Variables.Who }} from {{ Input.from }}"))
            .Activity("b", "Elsa.WriteLine", ("text", "Variable", "Who"))
            .Connect("a", "b").Json);
        var id = await harness.StartAsync(version, new JsonObject { ["from"] = "Liquid" });
        await harness.RunBurstsAsync();

        Assert.Equal(["Hello world from Liquid", "world"], await harness.LinesAsync(id));
    }

    [Fact]
    public async Task Saving_after_a_retract_makes_a_new_version_so_running_instances_keep_theirs()
    {
        await using var harness = new WorkflowHarness();
        var flow = new FlowBuilder().Activity("start", "Elsa.Start").Activity("wait", "Elsa.Event", ("eventName", "Literal", "go"))
            .WriteLine("after", "original").Connect("start", "wait").Connect("wait", "after");
        var v1 = await harness.PublishAsync(flow.Json);
        var id = await harness.StartAsync(v1);
        await harness.RunBurstsAsync();

        await using (var scope = harness.Scope())
        {
            var definitions = scope.ServiceProvider.GetRequiredService<Definitions.DefinitionService>();
            await definitions.RetractAsync(flow.DefinitionId, CancellationToken.None);
            var edited = new FlowBuilder { DefinitionId = flow.DefinitionId }.WriteLine("other", "edited").Json;
            var saved = await definitions.SaveDraftAsync(flow.DefinitionId, Model.WorkflowModel.Parse(edited), null, CancellationToken.None);
            Assert.Equal(2, saved.Version);
        }

        await harness.ResumeAsync(Assert.Single(await harness.BookmarksAsync(id)).Id);
        await harness.RunBurstsAsync();
        Assert.Equal(["original"], await harness.LinesAsync(id));
    }
}
