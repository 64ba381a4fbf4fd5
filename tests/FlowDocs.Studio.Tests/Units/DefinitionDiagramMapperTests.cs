using System.Text.Json.Nodes;
using FlowDocs.Studio.Logic;
using FlowDocs.Studio.Logic.Designer;

namespace FlowDocs.Studio.Tests.Units;

public sealed class DefinitionDiagramMapperTests
{
    private static JsonObject Definition(string activities, string connections) =>
        JsonNode.Parse($$$"""{"definitionId":"d","root":{"type":"Elsa.Flowchart","activities":{{{activities}}},"connections":{{{connections}}}}}""")!.AsObject();

    [Fact]
    public void Placed_activities_keep_their_designer_positions_and_connections_become_labelled_links()
    {
        var diagram = DefinitionDiagramMapper.Map(Definition(
            """
            [{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":10,"y":20}}}},
             {"id":"review","name":"Review it","type":"FlowDocs.Approval","metadata":{"designer":{"position":{"x":300,"y":40.5}}}},
             {"id":"end","type":"Elsa.End","metadata":{"designer":{"position":{"x":600,"y":20}}}}]
            """,
            """
            [{"source":{"activity":"start","port":"Done"},"target":{"activity":"review","port":"In"}},
             {"source":{"activity":"review","port":"Approved"},"target":{"activity":"end","port":"In"}},
             {"source":{"activity":"review","port":"Rejected"},"target":{"activity":"end","port":"In"}}]
            """));

        Assert.Empty(diagram.Problems);
        Assert.Equal(["start", "review", "end"], diagram.Nodes.Select(n => n.Id));
        var review = diagram.Nodes.Single(n => n.Id == "review");
        Assert.Equal(("Review it", "FlowDocs.Approval", 300d, 40.5d), (review.Label, review.Type, review.X, review.Y));
        Assert.Equal(["Approved", "Rejected"], review.OutPorts);
        Assert.Equal("start", diagram.Nodes[0].Label);
        Assert.Equal(
            [new DiagramLink("start", "Done", "review"), new DiagramLink("review", "Approved", "end"), new DiagramLink("review", "Rejected", "end")],
            diagram.Links);
    }

    [Fact]
    public void Unplaced_activities_are_laid_out_in_columns_by_their_distance_from_the_start()
    {
        var diagram = DefinitionDiagramMapper.Map(Definition(
            """[{"id":"a","type":"Elsa.Start"},{"id":"b","type":"Elsa.WriteLine"},{"id":"c","type":"Elsa.WriteLine"},{"id":"d","type":"Elsa.End"}]""",
            """
            [{"source":{"activity":"a","port":"Done"},"target":{"activity":"b"}},
             {"source":{"activity":"a","port":"Done"},"target":{"activity":"c"}},
             {"source":{"activity":"b","port":"Done"},"target":{"activity":"d"}},
             {"source":{"activity":"c","port":"Done"},"target":{"activity":"d"}}]
            """));

        var at = diagram.Nodes.ToDictionary(n => n.Id, n => (n.X, n.Y));
        Assert.Equal((0d, 0d), at["a"]);
        Assert.Equal((DefinitionDiagramMapper.ColumnWidth, 0d), at["b"]);
        Assert.Equal((DefinitionDiagramMapper.ColumnWidth, DefinitionDiagramMapper.RowHeight), at["c"]);
        Assert.Equal((2 * DefinitionDiagramMapper.ColumnWidth, 0d), at["d"]);
    }

    [Fact]
    public void A_cycle_does_not_loop_for_ever()
    {
        var diagram = DefinitionDiagramMapper.Map(Definition(
            """[{"id":"a","type":"Elsa.Start"},{"id":"b","type":"Elsa.WriteLine"},{"id":"c","type":"Elsa.WriteLine"}]""",
            """
            [{"source":{"activity":"a","port":"Done"},"target":{"activity":"b"}},
             {"source":{"activity":"b","port":"Done"},"target":{"activity":"c"}},
             {"source":{"activity":"c","port":"Done"},"target":{"activity":"b"}}]
            """));

        Assert.Equal(3, diagram.Nodes.Count);
        Assert.All(diagram.Nodes, n => Assert.True(n.X < 3 * DefinitionDiagramMapper.ColumnWidth));
    }

    [Fact]
    public void Connections_to_missing_activities_are_reported_not_drawn_and_old_exports_are_read()
    {
        var diagram = DefinitionDiagramMapper.Map(Definition(
            """[{"id":"a","type":"Elsa.Start"},{"id":"b","type":"Elsa.End"},{"type":"Elsa.WriteLine"},{"id":42}]""",
            """
            [{"source":"a","target":"b","sourcePort":"Done"},
             {"source":{"activity":"a","port":"Done"},"target":{"activity":"ghost"}},
             {"source":{"activity":"a"}}]
            """));

        Assert.Equal([new DiagramLink("a", "Done", "b")], diagram.Links);
        Assert.Equal(["a", "b"], diagram.Nodes.Select(n => n.Id));
        Assert.Contains(diagram.Problems, p => p.Contains("ghost", StringComparison.Ordinal));
        Assert.Equal(2, diagram.Problems.Count(p => p.Contains("without an id", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_definition_without_a_flowchart_is_an_empty_diagram()
    {
        var diagram = DefinitionDiagramMapper.Map(new JsonObject { ["definitionId"] = "x" });

        Assert.Empty(diagram.Nodes);
        Assert.Empty(diagram.Links);
        Assert.Empty(diagram.Problems);
    }

    [Fact]
    public void The_read_only_canvas_draws_one_node_per_activity_and_a_path_for_each_connection_whose_port_exists()
    {
        var definition = new DefinitionDiagram(
            [new DiagramNode("a", "Start", "Elsa.Start", 0, 0, ["Done"]), new DiagramNode("b", "Review", "FlowDocs.Approval", 200, 0, ["Approved", "Rejected"]),
             new DiagramNode("c", "End", "Elsa.End", 400, 0, [])],
            [new DiagramLink("a", "Done", "b"), new DiagramLink("b", "Approved", "c"), new DiagramLink("b", "Rejected", "c"), new DiagramLink("b", "Missing", "c")],
            []);

        var nodes = definition.CanvasNodes.ToDictionary(n => n.Id);
        var drawn = definition.CanvasLinks.Where(l => CanvasGeometry.LinkPath(l, nodes) is not null).Select(l => $"{l.Source} -{l.SourcePort}-> {l.Target}").ToList();

        Assert.Equal(["a", "b", "c"], nodes.Keys);
        Assert.Equal(("Review", "FlowDocs.Approval", 200d), (nodes["b"].Label, nodes["b"].Type, nodes["b"].X));
        Assert.Equal(["a -Done-> b", "b -Approved-> c", "b -Rejected-> c"], drawn);
    }
}
