using System.Text.Json.Nodes;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic.Designer;
using FlowDocs.Studio.Tests.Components;

namespace FlowDocs.Studio.Tests.Units;

public sealed class WorkflowDesignTests
{
    private static readonly IReadOnlyList<ActivityDescriptorItem> Catalogue = new FakeStudioApi().Activities;

    private static WorkflowDesign Empty() => new(new JsonObject { ["definitionId"] = "d", ["name"] = "Demo" }, Catalogue);

    private static WorkflowDesign StartLogEnd()
    {
        var design = Empty();
        design.AddActivity("Elsa.Start", 0, 0);
        design.AddActivity("Elsa.WriteLine", 240, 0);
        design.AddActivity("Elsa.End", 480, 0);
        design.Connect("start1", "Done", "writeLine1");
        design.Connect("writeLine1", "Done", "end1");
        return design;
    }

    [Fact]
    public void Pasted_activities_get_new_ids_and_keep_the_connections_among_them_in_one_undo_step()
    {
        var design = StartLogEnd();
        design.SetInput("writeLine1", "text", "String", "Literal", "Hi");
        var clipboard = design.Copy(["writeLine1", "end1"])!;

        var pasted = design.Paste(clipboard, 40, 40);

        Assert.Equal(["writeLine2", "end2"], pasted);
        Assert.Equal((280d, 40d), (design.Find("writeLine2")!.X, design.Find("writeLine2")!.Y));
        Assert.Contains(new DesignLink("writeLine2", "Done", "end2"), design.Links);
        Assert.DoesNotContain(design.Links, l => l.Target == "writeLine2");
        Assert.Equal(new InputValue("Literal", "Hi"), design.GetInput("writeLine2", "text"));
        Assert.Equal("writeLine2", design.Find("writeLine2")!.Label);
        Assert.Equal(["writeLine3", "end3"], design.Paste(clipboard, 80, 80));

        design.Undo();
        design.Undo();
        Assert.Equal(["start1", "writeLine1", "end1"], design.Nodes.Select(n => n.Id));
        Assert.Null(design.Copy(["nothing"]));
    }

    [Fact]
    public void Several_activities_move_by_the_same_distance_in_one_undo_step()
    {
        var design = StartLogEnd();

        Assert.True(design.MoveActivities(["start1", "end1"], 10, -20));

        Assert.Equal([(10d, -20d), (240d, 0d), (490d, -20d)], design.Nodes.Select(n => (n.X, n.Y)));
        Assert.False(design.MoveActivities(["start1"], 0, 0));
        design.Undo();
        Assert.Equal([(0d, 0d), (240d, 0d), (480d, 0d)], design.Nodes.Select(n => (n.X, n.Y)));
    }

    [Fact]
    public void Added_activities_get_unique_ids_positions_and_the_ports_of_their_type()
    {
        var design = Empty();

        var first = design.AddActivity("Elsa.WriteLine", 10.4, 20.6);
        var second = design.AddActivity("Elsa.WriteLine", 300, 20);
        var decision = design.AddActivity("Elsa.FlowDecision", 0, 200);

        Assert.Equal(["writeLine1", "writeLine2", "flowDecision1"], design.Nodes.Select(n => n.Id));
        Assert.Equal((10d, 21d), (design.Find(first)!.X, design.Find(first)!.Y));
        Assert.Equal(["Done"], design.Find(second)!.Ports);
        Assert.Equal(["True", "False"], design.Find(decision)!.Ports);
        var json = design.ToJson()["root"]!["activities"]![0]!;
        Assert.Equal("Elsa.WriteLine", json["type"]!.GetValue<string>());
        Assert.Equal(10, json["metadata"]!["designer"]!["position"]!["x"]!.GetValue<double>());
    }

    [Fact]
    public void Connections_refuse_self_loops_duplicates_and_unknown_activities()
    {
        var design = StartLogEnd();

        Assert.False(design.Connect("start1", "Done", "start1"));
        Assert.False(design.Connect("start1", "Done", "writeLine1"));
        Assert.False(design.Connect("start1", "Done", "ghost"));
        Assert.True(design.Connect("start1", "Done", "end1"));

        Assert.Equal(
            [new DesignLink("start1", "Done", "writeLine1"), new DesignLink("writeLine1", "Done", "end1"), new DesignLink("start1", "Done", "end1")],
            design.Links);
        var connection = design.ToJson()["root"]!["connections"]![2]!;
        Assert.Equal("""{"source":{"activity":"start1","port":"Done"},"target":{"activity":"end1","port":"In"}}""", connection.ToJsonString());
    }

    [Fact]
    public void Removing_an_activity_removes_its_connections_and_undo_brings_both_back()
    {
        var design = StartLogEnd();

        Assert.True(design.RemoveActivities(["writeLine1"]));

        Assert.Equal(["start1", "end1"], design.Nodes.Select(n => n.Id));
        Assert.Empty(design.Links);
        Assert.True(design.Undo());
        Assert.Equal(["start1", "writeLine1", "end1"], design.Nodes.Select(n => n.Id));
        Assert.Equal(2, design.Links.Count);
        Assert.True(design.Redo());
        Assert.Empty(design.Links);
        Assert.False(design.RemoveActivities(["ghost"]));
    }

    [Fact]
    public void Undo_and_redo_walk_the_history_and_a_new_change_clears_redo()
    {
        var design = Empty();
        Assert.False(design.CanUndo);
        design.AddActivity("Elsa.Start", 0, 0);
        design.MoveActivity("start1", 100, 50);

        Assert.True(design.Undo());
        Assert.Equal((0d, 0d), (design.Find("start1")!.X, design.Find("start1")!.Y));
        Assert.True(design.CanRedo);
        design.AddActivity("Elsa.End", 0, 0);
        Assert.False(design.CanRedo);
        Assert.False(design.Redo());
        Assert.True(design.Undo());
        Assert.True(design.Undo());
        Assert.Empty(design.Nodes);
        Assert.False(design.Undo());
    }

    [Fact]
    public void The_history_keeps_the_last_hundred_steps()
    {
        var design = Empty();
        design.AddActivity("Elsa.Start", 0, 0);
        for (var i = 1; i <= WorkflowDesign.HistoryLimit + 20; i++)
        {
            design.MoveActivity("start1", i, 0);
        }

        var undone = 0;
        while (design.Undo())
        {
            undone++;
        }

        Assert.Equal(WorkflowDesign.HistoryLimit, undone);
        Assert.Equal(20, design.Find("start1")!.X);
    }

    [Fact]
    public void A_move_to_the_same_place_is_not_a_change()
    {
        var design = StartLogEnd();
        var revision = design.Revision;

        Assert.False(design.MoveActivity("start1", 0, 0));
        Assert.False(design.MoveActivity("ghost", 5, 5));
        Assert.Equal(revision, design.Revision);
    }

    [Fact]
    public void Dirty_until_saved_and_again_after_a_change()
    {
        var design = StartLogEnd();
        Assert.True(design.IsDirty);

        design.MarkSaved();
        Assert.False(design.IsDirty);
        design.SetActivityName("start1", "Begin");
        Assert.True(design.IsDirty);
        Assert.Equal("Begin", design.Find("start1")!.Label);
    }

    [Fact]
    public void Inputs_are_written_as_Elsa_expressions_and_empty_text_removes_them()
    {
        var design = StartLogEnd();

        design.SetInput("writeLine1", "text", "String", "JavaScript", "'Hello ' + input.name");

        Assert.Equal(new InputValue("JavaScript", "'Hello ' + input.name"), design.GetInput("writeLine1", "text"));
        var activity = design.ToJson()["root"]!["activities"]![1]!;
        Assert.Equal(("String", "JavaScript", "'Hello ' + input.name"),
            (activity["text"]!["typeName"]!.GetValue<string>(), activity["text"]!["expression"]!["type"]!.GetValue<string>(), activity["text"]!["expression"]!["value"]!.GetValue<string>()));

        design.SetInput("writeLine1", "text", "String", "Literal", "");
        Assert.Null(design.ToJson()["root"]!["activities"]![1]!["text"]);
        Assert.Equal(new InputValue("Literal", ""), design.GetInput("writeLine1", "text"));
    }

    [Fact]
    public void Properties_the_designer_does_not_know_survive_editing()
    {
        var definition = JsonNode.Parse("""
            {"definitionId":"d","name":"Old","customProperties":{"owner":"legal"},
             "root":{"type":"Elsa.Flowchart","activities":[{"id":"a","type":"Vendor.Thing","vendorSetting":{"x":1},"metadata":{"designer":{"position":{"x":5,"y":6},"size":{"width":1}}}}],"connections":[]}}
            """)!.AsObject();
        var design = new WorkflowDesign(definition, Catalogue);

        design.MoveActivity("a", 50, 60);
        design.SetWorkflowName("New");

        var json = design.ToJson();
        Assert.Equal("legal", json["customProperties"]!["owner"]!.GetValue<string>());
        Assert.Equal(1, json["root"]!["activities"]![0]!["vendorSetting"]!["x"]!.GetValue<int>());
        Assert.Equal(1, json["root"]!["activities"]![0]!["metadata"]!["designer"]!["size"]!["width"]!.GetValue<int>());
        Assert.Equal("New", design.Name);
        Assert.Null(design.Descriptor("Vendor.Thing"));
        Assert.Equal("Old", definition["name"]!.GetValue<string>());
    }

    [Fact]
    public void Switch_cases_fork_branches_user_task_outcomes_and_used_ports_become_ports()
    {
        var definition = JsonNode.Parse("""
            {"root":{"activities":[
              {"id":"s","type":"Elsa.FlowSwitch","cases":{"typeName":"Object","expression":{"type":"Literal","value":"[{\"label\":\"Big\"},{\"label\":\"Small\"}]"}}},
              {"id":"f","type":"Elsa.FlowFork","branches":{"typeName":"String[]","expression":{"type":"Literal","value":"Left, Right"}}},
              {"id":"u","type":"FlowDocs.UserTask","outcomes":{"typeName":"String","expression":{"type":"Literal","value":"Approve,Reject"}}},
              {"id":"x","type":"Unknown.Type"}],
             "connections":[{"source":{"activity":"x","port":"Custom"},"target":{"activity":"s","port":"In"}}]}}
            """)!.AsObject();

        var design = new WorkflowDesign(definition, Catalogue);

        Assert.Equal(["Big", "Small", "Default"], design.Find("s")!.Ports);
        Assert.Equal(["Left", "Right"], design.Find("f")!.Ports);
        Assert.Equal(["Approve", "Reject"], design.Find("u")!.Ports);
        Assert.Equal(["Custom"], design.Find("x")!.Ports);
    }

    [Fact]
    public void Http_request_nodes_get_a_port_per_expected_status_code_and_the_failure_ports()
    {
        var definition = JsonNode.Parse("""
            {"root":{"activities":[
              {"id":"h","type":"Elsa.FlowSendHttpRequest","expectedStatusCodes":{"typeName":"Int32[]","expression":{"type":"Object","value":"[200,404]"}}},
              {"id":"d","type":"Elsa.FlowSendHttpRequest"}],
             "connections":[]}}
            """)!.AsObject();

        var design = new WorkflowDesign(definition, Catalogue);

        Assert.Equal(["200", "404", "Unmatched status code", "Failed to connect", "Timeout", "Done"], design.Find("h")!.Ports);
        Assert.Equal(["200", "Unmatched status code", "Failed to connect", "Timeout", "Done"], design.Find("d")!.Ports);
    }

    [Fact]
    public void Unplaced_activities_get_layered_positions_on_load_and_auto_layout_is_one_undo_step()
    {
        var definition = JsonNode.Parse("""
            {"root":{"activities":[{"id":"a","type":"Elsa.Start"},{"id":"b","type":"Elsa.WriteLine"},{"id":"c","type":"Elsa.End"},{"id":"d","type":"Elsa.End"}],
             "connections":[{"source":{"activity":"a","port":"Done"},"target":{"activity":"b"}},{"source":{"activity":"b","port":"Done"},"target":{"activity":"c"}},
                            {"source":{"activity":"b","port":"Done"},"target":{"activity":"d"}}]}}
            """)!.AsObject();

        var design = new WorkflowDesign(definition, Catalogue);
        Assert.Equal([(0d, 0d), (240d, 0d), (480d, 0d), (480d, 110d)], design.Nodes.Select(n => (n.X, n.Y)));
        Assert.False(design.CanUndo);

        design.MoveActivity("a", 999, 999);
        design.MoveActivity("d", -50, 700);
        design.Arrange();
        Assert.Equal([(0d, 0d), (240d, 0d), (480d, 0d), (480d, 110d)], design.Nodes.Select(n => (n.X, n.Y)));
        design.Undo();
        Assert.Equal((-50d, 700d), (design.Find("d")!.X, design.Find("d")!.Y));
    }

    [Fact]
    public void Variables_are_replaced_as_a_list_and_refused_without_names_or_with_duplicates()
    {
        var design = Empty();

        Assert.Empty(design.SetVariables([new DesignVariable("count", "Int32", "0"), new DesignVariable("who", "String", null)]));
        Assert.Equal([new DesignVariable("count", "Int32", "0"), new DesignVariable("who", "String", null)], design.Variables);
        Assert.Equal("""[{"id":"count","name":"count","typeName":"Int32","value":"0"},{"id":"who","name":"who","typeName":"String","value":null}]""",
            design.ToJson()["variables"]!.ToJsonString());

        var revision = design.Revision;
        var problems = design.SetVariables([new DesignVariable("a", "String", null), new DesignVariable("a", "Int32", null), new DesignVariable(" ", "String", null)]);
        Assert.Equal(["Every variable needs a name.", "The variable 'a' is declared more than once."], problems);
        Assert.Equal(revision, design.Revision);
    }

    [Fact]
    public void Older_connection_shapes_are_read_and_can_be_disconnected()
    {
        var definition = JsonNode.Parse("""
            {"root":{"activities":[{"id":"a","type":"Elsa.Start"},{"id":"b","type":"Elsa.End"}],"connections":[{"source":"a","sourcePort":"Done","target":"b"}]}}
            """)!.AsObject();
        var design = new WorkflowDesign(definition, Catalogue);

        Assert.Equal([new DesignLink("a", "Done", "b")], design.Links);
        Assert.True(design.Disconnect(new DesignLink("a", "Done", "b")));
        Assert.Empty(design.Links);
        Assert.False(design.Disconnect(new DesignLink("a", "Done", "b")));
    }
}
