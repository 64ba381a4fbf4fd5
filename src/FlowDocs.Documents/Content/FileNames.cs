using System.Globalization;
using System.Text;

namespace FlowDocs.Documents.Content;

/// <summary>
/// File names come from clients and end up in download headers and other people's file systems: anything
/// that could address another path or break a header is refused, not silently rewritten.
/// </summary>
internal static class FileNames
{
    /// <summary>
    /// Control characters and invisible format characters (Unicode category Cf: bidirectional overrides such as
    /// U+202E, zero-width joiners, the BOM) change how a name reads without showing themselves.
    /// </summary>
    public static bool IsHidden(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// For names FlowDocs did not choose (an import from another system): drops the hidden characters instead of
    /// refusing the file, so one odd name does not fail a whole import.
    /// </summary>
    public static string? Neutralise(string? raw) =>
        raw is null || !raw.Any(IsHidden) ? raw : string.Concat(raw.Where(c => !IsHidden(c)));

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

        if (name.Any(IsHidden))
        {
            return "fileName must not contain control characters or invisible formatting characters (such as U+202E, which makes 'txt.exe' read as 'exe.txt').";
        }

        if (name.Length > Data.Documents.DocumentVersion.FileNameMaxLength)
        {
            return $"fileName must be at most {Data.Documents.DocumentVersion.FileNameMaxLength} characters.";
        }

        fileName = name;
        return null;
    }
}
