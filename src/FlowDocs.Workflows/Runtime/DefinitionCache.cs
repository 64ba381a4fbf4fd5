using System.Collections.Concurrent;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Runtime;

/// <summary>Parsed definition versions. A version's JSON changes only while it is a draft, so the key includes its stamp.</summary>
public sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<(Guid, Guid), WorkflowModel> _models = new();
    private readonly ConcurrentDictionary<Guid, WorkflowModel> _running = new();

    public WorkflowModel Get(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (_models.Count > 10_000)
        {
            _models.Clear();
        }

        return _models.GetOrAdd((definition.Id, definition.ConcurrencyStamp), _ => WorkflowModel.Parse(definition.Json));
    }

    /// <summary>
    /// The model of the version an instance runs on, read from the database only the first time: a version that has
    /// instances is never edited (saving makes a new draft version instead), so its id alone identifies its JSON.
    /// </summary>
    public async ValueTask<WorkflowModel> GetRunningAsync(Guid versionId, Func<Guid, CancellationToken, Task<WorkflowDefinition>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_running.TryGetValue(versionId, out var model))
        {
            return model;
        }

        if (_running.Count > 10_000)
        {
            _running.Clear();
        }

        model = Get(await load(versionId, cancellationToken));
        _running[versionId] = model;
        return model;
    }
}
