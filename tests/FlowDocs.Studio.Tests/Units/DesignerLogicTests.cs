using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;
using FlowDocs.Studio.Logic.Designer;
using FlowDocs.Studio.Tests.Components;

namespace FlowDocs.Studio.Tests.Units;

public sealed class DesignerLogicTests
{
    [Fact]
    public void The_palette_groups_by_category_and_searches_label_type_category_and_description()
    {
        var activities = new FakeStudioApi().Activities;

        Assert.Equal(["Flow", "Primitives", "Timers"], ActivityPalette.Build(activities, null).Select(g => g.Category));
        Assert.Equal(["Decision", "End", "Join", "Start"], ActivityPalette.Build(activities, "").Single(g => g.Category == "Flow").Activities.Select(a => a.DisplayName));
        Assert.Equal(["Elsa.WriteLine"], ActivityPalette.Build(activities, " write ").SelectMany(g => g.Activities).Select(a => a.Type));
        Assert.Equal(["Elsa.Delay"], ActivityPalette.Build(activities, "timers").SelectMany(g => g.Activities).Select(a => a.Type));
        Assert.Equal(["Elsa.FlowDecision"], ActivityPalette.Build(activities, "true or false").SelectMany(g => g.Activities).Select(a => a.Type));
        Assert.Empty(ActivityPalette.Build(activities, "no such thing"));
    }

    [Theory]
    [InlineData("condition", "Boolean", "The condition.", InputEditor.Bool)]
    [InlineData("count", "Int32", "How many.", InputEditor.Number)]
    [InlineData("script", "String", "The JavaScript to run.", InputEditor.MultiLine)]
    [InlineData("cases", "FlowSwitchCase[]", "Cases.", InputEditor.MultiLine)]
    [InlineData("payload", "Object", "Data.", InputEditor.MultiLine)]
    [InlineData("mode", "String", "WaitAll (default) or WaitAny.", InputEditor.Select)]
    [InlineData("rule", "String", "All (default), Any or Quorum.", InputEditor.Select)]
    [InlineData("reviewers", "String", "User ids who review (comma-separated or a JSON array).", InputEditor.Text)]
    [InlineData("text", "String", "The text to write.", InputEditor.Text)]
    public void Each_input_type_gets_its_editor(string name, string type, string description, InputEditor expected) =>
        Assert.Equal(expected, ActivityPalette.EditorFor(new InputDescriptorItem(name, type, description)));

    [Theory]
    [InlineData("Elsa.WriteLine", "text", "JavaScript", "javascript")]
    [InlineData("Elsa.WriteLine", "text", "Liquid", "liquid")]
    [InlineData("Elsa.RunJavaScript", "script", "Literal", "javascript")]
    [InlineData("Elsa.RunJavaScript", "script", "JavaScript", "javascript")]
    [InlineData("Elsa.WriteLine", "text", "Literal", null)]
    [InlineData("Elsa.WriteLine", "text", "Variable", null)]
    [InlineData("Elsa.SetVariable", "script", "Literal", null)]
    public void Scripts_are_edited_as_code_in_their_language(string type, string input, string mode, string? language) =>
        Assert.Equal(language, ActivityPalette.CodeLanguage(type, new InputDescriptorItem(input, "String", "An input."), mode));

    [Fact]
    public void Select_choices_come_from_the_description()
    {
        Assert.Equal(["All", "Any", "Quorum"], ActivityPalette.Choices(new InputDescriptorItem("mode", "String", "All (default), Any or Quorum.")));
        Assert.Empty(ActivityPalette.Choices(new InputDescriptorItem("c", "String", "Replace (default), Rename or Fail when the name is taken.")));
    }

    [Fact]
    public void Ports_sit_on_the_node_edges_and_links_curve_from_port_to_input()
    {
        var node = new DesignNode("a", "Elsa.FlowDecision", "a", 100, 50, ["True", "False"]);

        Assert.Equal((100d, 50 + (CanvasGeometry.MinNodeHeight / 2)), CanvasGeometry.InputPort(node));
        Assert.Equal((280d, 68d), CanvasGeometry.OutputPort(node, 0));
        Assert.Equal((280d, 88d), CanvasGeometry.OutputPort(node, 1));
        Assert.Equal(CanvasGeometry.MinNodeHeight, CanvasGeometry.NodeHeight(2));
        Assert.Equal(136, CanvasGeometry.NodeHeight(6));
        Assert.Equal("M 0 0 C 100 0, 100 50, 200 50", CanvasGeometry.LinkPath(0, 0, 200, 50));
        Assert.Equal("M 0 0 C 40 0, -30 50, 10 50", CanvasGeometry.LinkPath(0, 0, 10, 50));
    }

    [Fact]
    public void Fit_shows_every_node_centred_and_never_zooms_above_one()
    {
        DesignNode[] nodes = [new("a", "t", "a", 0, 0, []), new("b", "t", "b", 2000, 1000, [])];

        var fit = CanvasGeometry.Fit(nodes, 1000, 560);
        var (left, top) = fit.ToDiagram(0, 0);
        var (right, bottom) = fit.ToDiagram(1000, 560);
        Assert.True(left <= 0 && top <= 0 && right >= 2000 + CanvasGeometry.NodeWidth && bottom >= 1000 + CanvasGeometry.MinNodeHeight);

        var small = CanvasGeometry.Fit([nodes[0]], 1000, 560);
        Assert.Equal(1, small.Zoom);
        Assert.Equal(((1000 - CanvasGeometry.NodeWidth) / 2, (560 - CanvasGeometry.MinNodeHeight) / 2), (small.PanX, small.PanY));
    }

    [Fact]
    public void Zooming_keeps_the_point_under_the_pointer_and_stays_within_limits()
    {
        var view = new Viewport(10, 20, 1);

        var zoomed = view.ZoomAt(2, 110, 120);

        Assert.Equal(2, zoomed.Zoom);
        Assert.Equal(view.ToDiagram(110, 120), zoomed.ToDiagram(110, 120));
        Assert.Equal(CanvasGeometry.MaxZoom, zoomed.ZoomAt(100, 0, 0).Zoom);
        Assert.Equal(CanvasGeometry.MinZoom, zoomed.ZoomAt(0.0001, 0, 0).Zoom);
        Assert.Equal("translate(10 20) scale(1)", view.Transform);
    }

    [Fact]
    public void Problems_go_on_their_nodes_and_the_rest_stay_with_the_definition()
    {
        var map = ValidationMap.From(
            [new("a", "input-missing", "Required input 'text' is not set."), new(null, "name-missing", "No name."), new("ghost", "x", "Gone."), new("a", "y", "Second.")],
            ["a", "b"]);

        Assert.Equal(["Required input 'text' is not set.", "Second."], map.For("a"));
        Assert.Empty(map.For("b"));
        Assert.Empty(map.For("ghost"));
        Assert.Equal(4, map.All.Count);
        Assert.False(map.IsValid);
        Assert.True(ValidationMap.Empty.IsValid);
    }

    [Fact]
    public void Auto_layout_survives_cycles()
    {
        var positions = AutoLayout.Arrange(["a", "b", "c"], [new("a", "Done", "b"), new("b", "Done", "c"), new("c", "Done", "b")]);

        Assert.Equal(3, positions.Count);
        Assert.All(positions.Values, p => Assert.InRange(p.X, 0, 2 * AutoLayout.ColumnWidth));
        Assert.Equal(0, positions["a"].X);
    }

    [Fact]
    public void The_executed_path_follows_the_journal_marks_waiting_and_faulted_activities()
    {
        DesignLink[] links = [new("start", "Done", "decide"), new("decide", "True", "yes"), new("decide", "False", "no"), new("yes", "Done", "task")];
        var instance = FakeStudioApi.Instance("d", "Running", "Suspended",
            new JournalItem(1, "start", "Elsa.Start", "Executed", "Done", null, DateTime.UnixEpoch, 1),
            new JournalItem(2, "decide", "Elsa.FlowDecision", "Executed", "True", null, DateTime.UnixEpoch, 1),
            new JournalItem(3, "yes", "Elsa.WriteLine", "Executed", "Done", null, DateTime.UnixEpoch, 1),
            new JournalItem(4, "task", "FlowDocs.UserTask", "Suspended", null, null, DateTime.UnixEpoch, 1)) with
        {
            Bookmarks = [new BookmarkItem(Guid.NewGuid(), "task", "FlowDocs.UserTask", null, DateTime.UnixEpoch, null, null)],
        };

        var path = ExecutedPath.From(instance, links);

        Assert.Equal(["decide", "start", "task", "yes"], path.Executed.Order(StringComparer.Ordinal));
        Assert.Equal([links[0], links[1], links[3]], path.Followed.OrderBy(l => Array.IndexOf(links, l)));
        Assert.Equal(["task"], path.Waiting);
        Assert.Empty(path.Faulted);
        Assert.DoesNotContain("no", path.Executed);
    }

    [Fact]
    public void A_faulted_instance_marks_the_activity_that_faulted()
    {
        var instance = FakeStudioApi.Instance("d", "Running", "Faulted",
            new JournalItem(1, "start", "Elsa.Start", "Executed", "Done", null, DateTime.UnixEpoch, 1),
            new JournalItem(2, "boom", "Elsa.RunJavaScript", "Faulted", null, "x is not defined", DateTime.UnixEpoch, 1)) with
        {
            Incidents = [new IncidentItem("boom", "Elsa.RunJavaScript", "x is not defined", null, DateTime.UnixEpoch)],
        };

        var path = ExecutedPath.From(instance, [new DesignLink("start", "Done", "boom")]);

        Assert.Equal(["boom"], path.Faulted);
        Assert.Single(path.Followed);
    }
}
