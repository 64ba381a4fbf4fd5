namespace FlowDocs.Studio.Logic.Designer;

/// <summary>
/// What one node on the canvas shows. <paramref name="State"/>: executed, waiting or faulted on the instance view.
/// Compared by value (the same <see cref="DesignNode"/> instance while nothing changed) to skip redrawing it.
/// </summary>
public sealed record CanvasNodeView(DesignNode Node, bool Selected, string? State, IReadOnlyList<string> Problems);
