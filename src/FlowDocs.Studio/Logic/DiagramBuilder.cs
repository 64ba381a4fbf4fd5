using Blazor.Diagrams;
using Blazor.Diagrams.Core.Behaviors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Blazor.Diagrams.Options;

namespace FlowDocs.Studio.Logic;

/// <summary>
/// Builds the read-only Z.Blazor.Diagrams model of a definition: nodes locked in place, no new links, no deletion — the
/// editing designer is a separate piece of work; this view only shows what runs.
/// </summary>
public static class DiagramBuilder
{
    public static BlazorDiagram Build(DefinitionDiagram definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var options = new BlazorDiagramOptions { AllowMultiSelection = false };
        options.Zoom.Enabled = true;
        options.Constraints.ShouldDeleteNode = _ => ValueTask.FromResult(false);
        options.Constraints.ShouldDeleteLink = _ => ValueTask.FromResult(false);
        var diagram = new BlazorDiagram(options);
        diagram.UnregisterBehavior<DragNewLinkBehavior>();
        diagram.UnregisterBehavior<DragMovablesBehavior>();
        diagram.UnregisterBehavior<KeyboardShortcutsBehavior>();

        // A port measures itself once, after its first render, and only if the canvas already knows its own bounds; ports
        // rendered before that stay unmeasured and their links are never drawn. Asking them again once the canvas is
        // measured fixes that (seen with Z.Blazor.Diagrams 3.0.4.1 and nodes added before the first render).
        diagram.ContainerChanged += () => MeasureUnmeasuredPorts(diagram);

        var inputs = new Dictionary<string, PortModel>(StringComparer.Ordinal);
        var outputs = new Dictionary<(string, string), PortModel>();
        foreach (var node in definition.Nodes)
        {
            var model = diagram.Nodes.Add(new NodeModel(node.Id, new Point(node.X, node.Y)) { Title = node.Label, Locked = true });
            inputs[node.Id] = model.AddPort(PortAlignment.Left);
            foreach (var port in node.OutPorts)
            {
                outputs[(node.Id, port)] = model.AddPort(PortAlignment.Right);
            }
        }

        foreach (var link in definition.Links)
        {
            if (!outputs.TryGetValue((link.Source, link.SourcePort), out var source) || !inputs.TryGetValue(link.Target, out var target))
            {
                continue;
            }

            var model = diagram.Links.Add(new LinkModel(source, target) { Locked = true, TargetMarker = LinkMarker.Arrow });
            model.Labels.Add(new LinkLabelModel(model, link.SourcePort));
        }

        return diagram;
    }

    /// <summary>Asks every port that has not measured itself yet to do so (and then draw its links).</summary>
    public static void MeasureUnmeasuredPorts(BlazorDiagram diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        foreach (var port in diagram.Nodes.SelectMany(n => n.Ports).Where(p => !p.Initialized).ToList())
        {
            port.Refresh();
        }
    }

    /// <summary>The node ids and link labels drawn, for tests and the activities table alike.</summary>
    public static IReadOnlyList<string> Describe(BlazorDiagram diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        return diagram.Nodes.Select(n => "node " + n.Id)
            .Concat(diagram.Links.OfType<LinkModel>().Select(l => $"link {Owner(l.Source.Model)} -{l.Labels.FirstOrDefault()?.Content}-> {Owner(l.Target.Model)}"))
            .ToList();
    }

    private static string? Owner(ILinkable? linkable) => linkable switch
    {
        PortModel port => port.Parent.Id,
        Model model => model.Id,
        _ => null,
    };
}
