using System.Text.Json;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Workflows.Definitions;

/// <summary>Where shipped definitions come from and which tenant receives them.</summary>
public sealed record DefinitionLoaderSettings(string Folder, Guid? TenantId);

/// <summary>
/// Loads the shipped <c>workflows/*.json</c> at start-up: a definition is created (and published) when absent,
/// gets a new published version when its file changed since it was last loaded, and is left alone otherwise,
/// so edits made in the designer survive restarts until the file itself changes.
/// </summary>
public sealed partial class DefinitionLoader(
    DefinitionLoaderSettings settings, FlowDocsDbContext db, ITenantContext tenant, DefinitionService definitions, ILogger<DefinitionLoader> logger)
{
    /// <summary>Returns how many definitions were created or got a new version.</summary>
    public async Task<int> LoadAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Folder))
        {
            return 0;
        }

        var files = Directory.GetFiles(settings.Folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return 0;
        }

        // Without an explicit seed tenant the shipped workflows go to the default tenant that first start created.
        var seedTenant = settings.TenantId ?? await db.Set<Tenant>().AsNoTracking()
            .Where(t => t.IsDefault).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (seedTenant is not { } tenantId)
        {
            LogNoTenant(logger, files.Count, settings.Folder);
            return 0;
        }

        tenant.Enter(tenantId);
        var changed = 0;
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            WorkflowModel model;
            try
            {
                model = WorkflowModel.Parse(text);
            }
            catch (Exception ex) when (ex is JsonException or WorkflowFormatException)
            {
                LogUnreadable(logger, file, ex.Message);
                continue;
            }

            var definitionId = model.DefinitionId is { Length: > 0 } id ? id : Path.GetFileNameWithoutExtension(file);
            model.Document["definitionId"] = definitionId;
            var hash = DefinitionService.Hash(text);
            var versions = await db.Set<WorkflowDefinition>().AsNoTracking().Where(d => d.DefinitionId == definitionId)
                .Select(d => d.SourceHash).ToListAsync(cancellationToken);
            if (versions.Contains(hash))
            {
                continue;
            }

            try
            {
                if (versions.Count == 0)
                {
                    var created = await definitions.CreateAsync(model, cancellationToken);
                    created.SourceHash = hash;
                    await db.SaveChangesAsync(cancellationToken);
                }
                else
                {
                    await definitions.SaveDraftAsync(definitionId, model, hash, cancellationToken);
                }

                await definitions.PublishAsync(definitionId, cancellationToken);
                changed++;
                LogLoaded(logger, definitionId, file);
            }
            catch (DefinitionException ex)
            {
                LogNotPublished(logger, file, ex.Message, string.Join("; ", ex.Problems.Select(p => $"{p.ActivityId}: {p.Message}")));
            }
            catch (DbUpdateException)
            {
                // Another pod loaded the same file at the same moment; its version stands.
                db.ChangeTracker.Clear();
            }
        }

        return changed;
    }

    [LoggerMessage(LogLevel.Warning, "{Count} workflow definition files in {Folder} were not loaded: set FlowDocs:Workflows:SeedTenantId to the tenant that receives them")]
    private static partial void LogNoTenant(ILogger logger, int count, string folder);

    [LoggerMessage(LogLevel.Error, "Workflow definition file {File} is not valid JSON: {Message}")]
    private static partial void LogUnreadable(ILogger logger, string file, string message);

    [LoggerMessage(LogLevel.Information, "Workflow definition {DefinitionId} loaded from {File} and published")]
    private static partial void LogLoaded(ILogger logger, string definitionId, string file);

    [LoggerMessage(LogLevel.Error, "Workflow definition file {File} was stored but not published: {Message} {Problems}")]
    private static partial void LogNotPublished(ILogger logger, string file, string message, string problems);
}
