using System.Text.Json.Nodes;
using FlowDocs.Studio.Logic;
using FlowDocs.Studio.Logic.Designer;

namespace FlowDocs.Studio.Tests.Units;

public sealed class DefinitionComparisonTests
{
    private static JsonObject Version(string name, string activities, string connections) =>
        JsonNode.Parse($$$"""{"name":"{{{name}}}","root":{"activities":[{{{activities}}}],"connections":[{{{connections}}}]}}""")!.AsObject();

    private const string Start = """{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}}""";

    private static string Log(string text, int x = 240) =>
        """{"id":"log","type":"Elsa.WriteLine","text":{"typeName":"String","expression":{"type":"Literal","value":""" + $"\"{text}\"" + """}},"metadata":{"designer":{"position":{"x":""" + x.ToString(System.Globalization.CultureInfo.InvariantCulture) + ""","y":0}}}}""";

    private const string End = """{"id":"end","type":"Elsa.End"}""";

    private static string Link(string from, string port, string to) => $$$"""{"source":{"activity":"{{{from}}}","port":"{{{port}}}"},"target":{"activity":"{{{to}}}","port":"In"}}""";

    [Fact]
    public void Identical_versions_have_no_differences()
    {
        var v1 = Version("A", $"{Start},{Log("hi")}", Link("start", "Done", "log"));

        Assert.True(DefinitionComparer.Compare(v1, (JsonObject)v1.DeepClone()).IsEmpty);
    }

    [Fact]
    public void Added_removed_and_changed_activities_and_connections_are_reported_with_changed_inputs()
    {
        var v1 = Version("Approval", $"{Start},{Log("hello")},{End}", $"{Link("start", "Done", "log")},{Link("log", "Done", "end")}");
        var v2 = Version("Approval 2", $$"""{{Start}},{{Log("bye", x: 300)}},{"id":"task","type":"FlowDocs.UserTask"}""", $"{Link("start", "Done", "log")},{Link("log", "Done", "task")}");

        var diff = DefinitionComparer.Compare(v1, v2);

        var log = Assert.Single(diff.Activities, a => a.Id == "log");
        Assert.Equal(ChangeKind.Changed, log.Kind);
        Assert.True(log.Moved);
        Assert.Equal([new PropertyChange("text", "Literal: hello", "Literal: bye")], log.Properties);
        Assert.Equal(ChangeKind.Removed, Assert.Single(diff.Activities, a => a.Id == "end").Kind);
        Assert.Equal(("FlowDocs.UserTask", ChangeKind.Added), Assert.Single(diff.Activities, a => a.Id == "task") is var t ? (t.Type, t.Kind) : default);
        Assert.DoesNotContain(diff.Activities, a => a.Id == "start");
        Assert.Equal(
            [new ConnectionChange(new DesignLink("log", "Done", "end"), ChangeKind.Removed), new ConnectionChange(new DesignLink("log", "Done", "task"), ChangeKind.Added)],
            diff.Connections);
        Assert.Equal([new PropertyChange("name", "Approval", "Approval 2")], diff.Definition);
    }

    [Fact]
    public void A_move_alone_is_a_move_and_an_input_set_or_cleared_shows_the_missing_side_as_null()
    {
        var v1 = Version("A", Log("x", x: 0), "");
        var moved = Version("A", Log("x", x: 500), "");
        var cleared = Version("A", """{"id":"log","type":"Elsa.WriteLine","metadata":{"designer":{"position":{"x":0,"y":0}}}}""", "");

        var move = Assert.Single(DefinitionComparer.Compare(v1, moved).Activities);
        Assert.True(move.Moved);
        Assert.Empty(move.Properties);

        var clear = Assert.Single(DefinitionComparer.Compare(v1, cleared).Activities);
        Assert.False(clear.Moved);
        Assert.Equal([new PropertyChange("text", "Literal: x", null)], clear.Properties);
        Assert.Equal([new PropertyChange("text", null, "Literal: x")], Assert.Single(DefinitionComparer.Compare(cleared, v1).Activities).Properties);
    }

    [Fact]
    public void A_changed_type_and_changed_variables_are_reported()
    {
        var v1 = Version("A", """{"id":"x","type":"Elsa.WriteLine"}""", "");
        var v2 = Version("A", """{"id":"x","type":"Elsa.End"}""", "");
        v2["variables"] = JsonNode.Parse("""[{"name":"count","typeName":"Int32","value":"0"}]""");

        var diff = DefinitionComparer.Compare(v1, v2);

        Assert.Equal([new PropertyChange("type", "Elsa.WriteLine", "Elsa.End")], Assert.Single(diff.Activities).Properties);
        Assert.Equal("variables", Assert.Single(diff.Definition).Name);
    }
}
