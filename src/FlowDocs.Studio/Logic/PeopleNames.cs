using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic;

/// <summary>
/// The names behind the ids that records carry ("updated by", "added by", history, assignees), asked of the API in one
/// call per page and kept for the circuit. An id nobody answers for (another tenant's, "system", a deleted user) is shown
/// as it is; a failed lookup leaves the ids showing — the names only make the page easier to read.
/// </summary>
public sealed class PeopleNames(IStudioApi api)
{
    private const int MaxPerCall = 100;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public async Task LoadAsync(IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var missing = ids.OfType<string>().Where(id => id.Length > 0 && !_names.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var batch in missing.Chunk(MaxPerCall))
        {
            IReadOnlyList<PersonItem> people;
            try
            {
                people = await api.GetPeopleAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (ex is StudioApiException or HttpRequestException)
            {
                return;
            }

            foreach (var id in batch)
            {
                _names[id] = id;
            }

            foreach (var person in people)
            {
                _names[person.Id] = person.DisplayName;
            }
        }
    }

    /// <summary>The person's name when known, else the id itself.</summary>
    public string Of(string? id) => id is null ? "" : _names.GetValueOrDefault(id, id);
}
