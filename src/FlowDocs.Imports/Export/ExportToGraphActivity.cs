using System.Text.Json.Nodes;
using FlowDocs.Common.Documents;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.WorkflowActivities;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Imports.Export;

/// <summary>
/// Uploads a document version (default: the current version of the instance's document) into a folder of an import
/// source's drive, e.g. approved documents back to the client. Leaves by <c>Conflict</c> when the conflict behaviour is
/// Fail and the name is taken; sets the variable <c>lastExport</c> to the written item.
/// </summary>
internal sealed class ExportToGraphActivity : IActivity
{
    public const string TypeName = "FlowDocs.ExportToGraph";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, ImportFromGraphActivity.Category, "Export to OneDrive / SharePoint",
        "Uploads a document version to a folder of an import source's drive (small files in one request, large ones through an upload session).",
        [
            new InputDescriptor("sourceId", "String", "The import source whose drive and credentials are used.", Required: true),
            new InputDescriptor("folderPath", "String", "The folder under the drive's root, e.g. Approved/2026; empty: the root."),
            new InputDescriptor("documentId", "String", "The document; default the instance's correlation id."),
            new InputDescriptor("versionNumber", "Int32", "The version; default the current one."),
            new InputDescriptor("fileName", "String", "The name at the target; default the version's file name."),
            new InputDescriptor("conflictBehavior", "String", "Replace (default), Rename or Fail when the name is taken."),
        ],
        ["Done", "Conflict"]);

    public void Validate(ActivityNode node, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(problems);
        if (node.InputExpression("conflictBehavior") is { Type: "Literal" } literal && literal.Text.Trim().Length > 0
            && !Enum.TryParse<ExportConflictBehavior>(literal.Text.Trim(), ignoreCase: true, out _))
        {
            problems.Add($"'{literal.Text}' is not a conflict behaviour; use Replace, Rename or Fail.");
        }
    }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceText = await context.EvaluateAsync<string>("sourceId");
        if (!Guid.TryParse(sourceText, out var sourceId))
        {
            throw new ExpressionException($"Input 'sourceId' must be an import source id, not '{sourceText}'.");
        }

        var documentText = await context.EvaluateAsync<string>("documentId") is { Length: > 0 } given ? given : context.CorrelationId;
        if (!Guid.TryParse(documentText, out var documentId))
        {
            throw new ExpressionException($"Input 'documentId' (or the correlation id) must be a document id, not '{documentText}'.");
        }

        var conflictText = await context.EvaluateAsync<string>("conflictBehavior");
        var conflict = ExportConflictBehavior.Replace;
        if (!string.IsNullOrWhiteSpace(conflictText) && !Enum.TryParse(conflictText.Trim(), ignoreCase: true, out conflict))
        {
            throw new ExpressionException($"Input 'conflictBehavior' must be Replace, Rename or Fail, not '{conflictText}'.");
        }

        var versionNumber = await context.EvaluateAsync<int?>("versionNumber");
        var source = await context.Services.GetRequiredService<FlowDocsDbContext>().Set<ImportSource>().AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sourceId, context.CancellationToken)
            ?? throw new ExpressionException($"Import source {sourceId} does not exist.");
        await using var content = await context.Services.GetRequiredService<IDocumentContentReader>().OpenAsync(documentId, versionNumber, context.CancellationToken)
            ?? throw new ExpressionException($"Document {documentId} has no version {versionNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(current)"}.");
        var fileName = await context.EvaluateAsync<string>("fileName") is { Length: > 0 } name ? name : content.FileName;
        var folder = await context.EvaluateAsync<string>("folderPath") ?? string.Empty;

        var result = await context.Services.GetRequiredService<GraphExporter>().ExportAsync(source, content, folder, fileName, conflict, context.CancellationToken);
        if (result.NameConflict)
        {
            context.Log($"'{fileName}' already exists in '{folder}' of source '{source.Name}'; not exported.");
            return ActivityResult.Done("Conflict");
        }

        context.Log($"Exported version {content.VersionNumber} of document {documentId} to '{folder}/{result.Name}' ({content.Size} bytes).");
        context.SetVariable("lastExport", new JsonObject { ["itemId"] = result.ItemId, ["name"] = result.Name, ["webUrl"] = result.WebUrl, ["size"] = content.Size });
        return ActivityResult.Done("Done");
    }
}
