namespace FlowDocs.Studio.Logic.Designer;

/// <summary>
/// Layered left-to-right layout: each activity goes one column right of the furthest activity leading to it (longest
/// path from the activities nobody connects to), rows in definition order within a column. Cycles end because no
/// activity moves further right than the number of activities.
/// </summary>
public static class AutoLayout
{
    public const double ColumnWidth = 240;

    public const double RowHeight = 110;

    public static IReadOnlyDictionary<string, (double X, double Y)> Arrange(IReadOnlyList<string> ids, IReadOnlyList<DesignLink> links)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(links);
        var depth = Depths(ids, links);
        var rowInLayer = new Dictionary<int, int>();
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (positions.ContainsKey(id))
            {
                continue;
            }

            var layer = depth[id];
            var row = rowInLayer.GetValueOrDefault(layer);
            rowInLayer[layer] = row + 1;
            positions[id] = (layer * ColumnWidth, row * RowHeight);
        }

        return positions;
    }

    /// <summary>Each activity's column: the longest path to it from an activity nobody connects to.</summary>
    public static Dictionary<string, int> Depths(IReadOnlyCollection<string> ids, IReadOnlyList<DesignLink> links)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(links);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            depth[id] = 0;
        }

        var known = links.Where(l => depth.ContainsKey(l.Source) && depth.ContainsKey(l.Target)).ToList();
        var outgoing = known.ToLookup(l => l.Source, StringComparer.Ordinal);
        var inbound = known.Select(l => l.Target).ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<string>(depth.Keys.Where(id => !inbound.Contains(id)));
        var visits = 0;
        var limit = (depth.Count + 1) * (known.Count + 1);
        while (queue.Count > 0 && visits++ < limit)
        {
            var id = queue.Dequeue();
            foreach (var link in outgoing[id])
            {
                if (depth[link.Target] < depth[id] + 1 && depth[id] + 1 < depth.Count)
                {
                    depth[link.Target] = depth[id] + 1;
                    queue.Enqueue(link.Target);
                }
            }
        }

        return depth;
    }
}
