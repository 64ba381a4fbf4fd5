using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowDocs.Documents;

/// <summary>Field rules shared by every use case that writes document properties; errors name the field.</summary>
internal sealed class DocumentRules
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public DocumentRules Add(string field, string message)
    {
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return this;
    }

    /// <summary>
    /// The key titles sort and search by, the same on both stores: lower case, accents removed, NFC
    /// ("Résumé", "RESUME" and "re\u0301sume\u0301" all give "resume"), so neither SQLite's code-point order nor
    /// MySQL's collation decides where "Émile" goes.
    /// </summary>
    public static string SortKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var kept = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();
    }

    public string? Title(string? title, bool required)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            if (required || title is not null)
            {
                Add("title", "title must not be empty.");
            }

            return null;
        }

        // NFC: "é" typed as one code point or as e + combining accent is the same title (ICU does the composition:
        // Directory.Build.props keeps globalization on for it).
        var trimmed = title.Trim().Normalize(System.Text.NormalizationForm.FormC);
        if (trimmed.Length > Document.TitleMaxLength)
        {
            Add("title", $"title must be at most {Document.TitleMaxLength} characters.");
        }
        else if (trimmed.Any(FileNames.IsHidden))
        {
            Add("title", "title must not contain control characters or invisible formatting characters (such as U+202E, which reverses how text reads).");
        }

        return trimmed;
    }

    public string? Description(string? description)
    {
        if (description?.Length > Document.DescriptionMaxLength)
        {
            Add("description", $"description must be at most {Document.DescriptionMaxLength} characters.");
        }

        return string.IsNullOrWhiteSpace(description) ? null : description;
    }

    public List<string> Tags(IEnumerable<string>? tags) => Document.NormalizeTags(tags, message => Add("tags", message));

    public Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string?>? metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string?>())
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > Document.MetadataKeyMaxLength)
            {
                Add("metadata", $"metadata keys must be 1 to {Document.MetadataKeyMaxLength} characters ('{key}' is not).");
            }
            else if (value is null || value.Length > Document.MetadataValueMaxLength)
            {
                Add($"metadata.{key}", $"metadata values must be text of at most {Document.MetadataValueMaxLength} characters.");
            }
            else
            {
                result[key] = value;
            }
        }

        if (result.Count > Document.MaxMetadataEntries)
        {
            Add("metadata", $"a document has at most {Document.MaxMetadataEntries} metadata entries.");
        }

        return result;
    }

    public DocumentStatus? Status(string? status)
    {
        if (status is null)
        {
            return null;
        }

        if (!int.TryParse(status, out _) && Enum.TryParse<DocumentStatus>(status, ignoreCase: true, out var parsed))
        {
            return parsed;
        }

        Add("status", $"'{status}' is not a status; accepted values: {string.Join(", ", Enum.GetNames<DocumentStatus>())}.");
        return null;
    }

    public string? Text(string field, string? value, int maxLength)
    {
        if (value?.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public ProblemHttpResult ToResult() => Problem(_errors);

    public static ProblemHttpResult Problem(string field, string message) => Problem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult Problem(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = string.Join(" ", errors.Values.SelectMany(m => m)),
        });
}
