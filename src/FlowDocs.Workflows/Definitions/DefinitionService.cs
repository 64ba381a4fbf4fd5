using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Model;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Workflows.Definitions;

/// <summary>A use case refused the request; endpoints map the kind to a status code.</summary>
public enum DefinitionErrorKind
{
    NotFound,
    Conflict,
    Invalid,
}

public sealed class DefinitionException(DefinitionErrorKind kind, string message, IReadOnlyList<ValidationProblem>? problems = null)
    : Exception(message)
{
    public DefinitionErrorKind Kind { get; } = kind;

    public IReadOnlyList<ValidationProblem> Problems { get; } = problems ?? [];
}

/// <summary>Which version of a definition to read.</summary>
public readonly record struct VersionSelector(string Kind, int Number)
{
    public static VersionSelector Latest => new("latest", 0);

    public static VersionSelector Published => new("published", 0);

    public static VersionSelector Of(int number) => new("version", number);

    /// <summary>Parses <c>latest</c>, <c>published</c> or a version number; null when the text is none of them.</summary>
    public static VersionSelector? Parse(string? text) => text switch
    {
        null or "" or "latest" => Latest,
        "published" => Published,
        _ when int.TryParse(text, out var n) && n > 0 => Of(n),
        _ => null,
    };
}

/// <summary>
/// Definition versions of the caller's tenant: drafts are edited in place, publishing freezes a version for new
/// instances, older published versions keep running their instances.
/// </summary>
public sealed class DefinitionService(FlowDocsDbContext db, WorkflowValidator validator, TriggerIndexer triggers, TimeProvider time, ICurrentUser user)
{
    private IQueryable<WorkflowDefinition> Definitions => db.Set<WorkflowDefinition>();

    public async Task<PagedList<WorkflowDefinition>> ListAsync(PageRequest page, string? search, CancellationToken cancellationToken)
    {
        var query = Definitions.AsNoTracking().Where(d => d.IsLatest);
        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(d => d.Name.Contains(search));
        }

        var rows = await query.OrderBy(d => d.Name).ThenBy(d => d.DefinitionId).Skip(page.Skip).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        return rows.ToPage(page);
    }

    public async Task<WorkflowDefinition?> FindAsync(string definitionId, VersionSelector selector, CancellationToken cancellationToken)
    {
        var query = Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId);
        query = selector.Kind switch
        {
            "published" => query.Where(d => d.IsPublished),
            "version" => query.Where(d => d.Version == selector.Number),
            _ => query.Where(d => d.IsLatest),
        };
        return await query.FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowDefinition>> VersionsAsync(string definitionId, CancellationToken cancellationToken) =>
        await Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId).OrderByDescending(d => d.Version).ToListAsync(cancellationToken);

    public IReadOnlyList<ValidationProblem> Validate(WorkflowModel model) => validator.Validate(model);

    /// <summary>Creates version 1 (a draft) of a new definition; its id comes from the JSON or is generated.</summary>
    public async Task<WorkflowDefinition> CreateAsync(WorkflowModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var definitionId = model.DefinitionId is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N");
        if (await Definitions.AnyAsync(d => d.DefinitionId == definitionId, cancellationToken))
        {
            throw new DefinitionException(DefinitionErrorKind.Conflict, $"Definition '{definitionId}' already exists; save a draft of it instead.");
        }

        var row = NewVersion(definitionId, 1, model, null);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>Updates the draft, or creates the next version as a draft when the latest is published.</summary>
    public async Task<WorkflowDefinition> SaveDraftAsync(string definitionId, WorkflowModel model, string? sourceHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var latest = await Definitions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsLatest, cancellationToken)
            ?? throw new DefinitionException(DefinitionErrorKind.NotFound, $"Definition '{definitionId}' does not exist.");
        WorkflowDefinition row;
        // A version that instances run on (published now or before a retract) is frozen: edits make a new version.
        if (!latest.IsPublished && !await db.Set<WorkflowInstance>().AnyAsync(i => i.DefinitionVersionId == latest.Id, cancellationToken))
        {
            row = latest;
            Apply(row, definitionId, model, sourceHash);
        }
        else
        {
            latest.IsLatest = false;
            latest.ConcurrencyStamp = Guid.NewGuid();
            row = NewVersion(definitionId, latest.Version + 1, model, sourceHash);
        }

        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>Imports an Elsa 3 export: a new definition, or a new draft version of an existing one.</summary>
    public async Task<WorkflowDefinition> ImportAsync(WorkflowModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.DefinitionId is { Length: > 0 } id && await Definitions.AnyAsync(d => d.DefinitionId == id, cancellationToken)
            ? await SaveDraftAsync(id, model, null, cancellationToken)
            : await CreateAsync(model, cancellationToken);
    }

    /// <summary>Publishes the latest version after validating it; the previously published version stops taking new instances.</summary>
    public async Task<WorkflowDefinition> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        var versions = await Definitions.Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest)
            ?? throw new DefinitionException(DefinitionErrorKind.NotFound, $"Definition '{definitionId}' does not exist.");
        var model = WorkflowModel.Parse(latest.Json);
        var problems = validator.Validate(model);
        if (problems.Count > 0)
        {
            throw new DefinitionException(DefinitionErrorKind.Invalid, $"Definition '{definitionId}' has {problems.Count} problem(s) and cannot be published.", problems);
        }

        foreach (var version in versions.Where(v => v.IsPublished && v != latest))
        {
            version.IsPublished = false;
            version.ConcurrencyStamp = Guid.NewGuid();
        }

        latest.IsPublished = true;
        Touch(latest);
        var staged = await triggers.StageAsync(latest, model, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        triggers.Schedule(staged);
        return latest;
    }

    /// <summary>Stops new instances: no version stays published; running instances carry on.</summary>
    public async Task<WorkflowDefinition> RetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        var published = await Definitions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken);
        if (published is null)
        {
            throw await Definitions.AnyAsync(d => d.DefinitionId == definitionId, cancellationToken)
                ? new DefinitionException(DefinitionErrorKind.Conflict, $"Definition '{definitionId}' has no published version.")
                : new DefinitionException(DefinitionErrorKind.NotFound, $"Definition '{definitionId}' does not exist.");
        }

        published.IsPublished = false;
        Touch(published);
        await triggers.RemoveAsync(definitionId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return published;
    }

    /// <summary>Deletes the draft; the previous version becomes the latest (or the definition is gone when it had only the draft).</summary>
    public async Task DeleteDraftAsync(string definitionId, CancellationToken cancellationToken)
    {
        var versions = await Definitions.Where(d => d.DefinitionId == definitionId).OrderByDescending(d => d.Version).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest)
            ?? throw new DefinitionException(DefinitionErrorKind.NotFound, $"Definition '{definitionId}' does not exist.");
        if (latest.IsPublished)
        {
            throw new DefinitionException(DefinitionErrorKind.Conflict, $"Version {latest.Version} of '{definitionId}' is published; retract it first or save a new draft.");
        }

        if (await db.Set<WorkflowInstance>().AnyAsync(i => i.DefinitionVersionId == latest.Id, cancellationToken))
        {
            throw new DefinitionException(DefinitionErrorKind.Conflict, $"Version {latest.Version} of '{definitionId}' has instances and cannot be deleted.");
        }

        db.Remove(latest);
        if (versions.Skip(1).FirstOrDefault() is { } previous)
        {
            previous.IsLatest = true;
            previous.ConcurrencyStamp = Guid.NewGuid();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The Elsa 3 JSON of a version, with its identity and state as stored.</summary>
    public static JsonObject Export(WorkflowDefinition row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var document = JsonNode.Parse(row.Json)!.AsObject();
        document["id"] = row.Id.ToString("N");
        document["definitionId"] = row.DefinitionId;
        document["version"] = row.Version;
        document["isLatest"] = row.IsLatest;
        document["isPublished"] = row.IsPublished;
        return document;
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private WorkflowDefinition NewVersion(string definitionId, int version, WorkflowModel model, string? sourceHash)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = new WorkflowDefinition
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Version = version,
            IsLatest = true,
            CreatedAt = now,
        };
        Apply(row, definitionId, model, sourceHash);
        db.Set<WorkflowDefinition>().Add(row);
        return row;
    }

    private void Apply(WorkflowDefinition row, string definitionId, WorkflowModel model, string? sourceHash)
    {
        // Identity and state live in columns; the stored JSON keeps everything else exactly as given.
        var document = (JsonObject)model.Document.DeepClone();
        foreach (var key in new[] { "id", "definitionId", "version", "isLatest", "isPublished" })
        {
            document.Remove(key);
        }

        row.DefinitionId = definitionId;
        row.Name = Truncate(model.Name, 200) is { Length: > 0 } name ? name : definitionId;
        row.Description = model.Description is null ? null : Truncate(model.Description, 2000);
        row.Json = document.ToJsonString();
        row.SourceHash = sourceHash;
        Touch(row);
    }

    /// <summary>Records when and by whom a version changed (a start-up load has no caller: "system").</summary>
    private void Touch(WorkflowDefinition row)
    {
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (user.IsAuthenticated)
        {
            row.UpdatedBy = Truncate(user.UserId, 200);
            row.UpdatedByName = user.DisplayName is { } name ? Truncate(name, 200) : null;
        }
        else
        {
            row.UpdatedBy = row.UpdatedByName = SystemActor;
        }

        row.ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>Who changes the definitions loaded from files at start-up.</summary>
    public const string SystemActor = "system";

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
