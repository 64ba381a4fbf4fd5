using System.Collections.Concurrent;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Runtime;

/// <summary>Parsed definition versions. A version's JSON changes only while it is a draft, so the key includes its stamp.</summary>
public sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<(Guid, Guid), WorkflowModel> _models = new();

    public WorkflowModel Get(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (_models.Count > 10_000)
        {
            _models.Clear();
        }

        return _models.GetOrAdd((definition.Id, definition.ConcurrencyStamp), _ => WorkflowModel.Parse(definition.Json));
    }
}
