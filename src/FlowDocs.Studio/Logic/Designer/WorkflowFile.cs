using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowDocs.Studio.Logic.Designer;

/// <summary>Reads a workflow file a user chose to import: Elsa 3 workflow-definition JSON (as the engine exports it).</summary>
public static class WorkflowFile
{
    /// <summary>Larger than any definition the designer can draw (a 200-activity one is about 100 KB).</summary>
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>The definition, or why the text is not one (said so the user can fix the file).</summary>
    public static (JsonObject? Definition, string? Error) Parse(string fileName, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return (null, $"{fileName} is not JSON: {ex.Message}");
        }

        if (node is not JsonObject definition)
        {
            return (null, $"{fileName} is not a workflow definition: it must be a JSON object.");
        }

        if (definition["root"] is not JsonObject root || root["activities"] is not JsonArray)
        {
            return (null, $"{fileName} is not an Elsa 3 workflow definition: it has no root flowchart with activities.");
        }

        return (definition, null);
    }
}
