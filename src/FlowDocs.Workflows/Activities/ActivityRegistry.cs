namespace FlowDocs.Workflows.Activities;

/// <summary>Every registered <see cref="IActivity"/> by type name: the runtime's lookup and the designer's catalogue.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, IActivity> _byType;

    public ActivityRegistry(IEnumerable<IActivity> activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        _byType = new Dictionary<string, IActivity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            // The last registration wins, so a module can replace a built-in activity.
            _byType[activity.Descriptor.Type] = activity;
        }
    }

    public IActivity? Find(string type) => _byType.GetValueOrDefault(type);

    public IReadOnlyList<ActivityDescriptor> Descriptors =>
        _byType.Values.Select(a => a.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.Type, StringComparer.Ordinal).ToList();
}
