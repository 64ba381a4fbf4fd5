using System.Text;

namespace FlowDocs.Documents.Content;

/// <summary>
/// File names come from clients and end up in download headers and other people's file systems: anything
/// that could address another path or break a header is refused, not silently rewritten.
/// </summary>
internal static class FileNames
{
    /// <summary>Returns the normalised name, or an error naming what is wrong.</summary>
    public static string? Validate(string? raw, out string fileName)
    {
        fileName = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "fileName is required.";
        }

        if (raw.Length >= 1000)
        {
            return "fileName must be shorter than 1000 characters.";
        }

        var name = raw.Trim().Normalize(NormalizationForm.FormC);
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            return "fileName must not contain path separators ('/' or '\\').";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "fileName must not contain '..'.";
        }

        if (name.Any(char.IsControl))
        {
            return "fileName must not contain control characters.";
        }

        if (name.Length > Data.Documents.DocumentVersion.FileNameMaxLength)
        {
            return $"fileName must be at most {Data.Documents.DocumentVersion.FileNameMaxLength} characters.";
        }

        fileName = name;
        return null;
    }
}
