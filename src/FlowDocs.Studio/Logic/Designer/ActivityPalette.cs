using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic.Designer;

public sealed record PaletteGroup(string Category, IReadOnlyList<ActivityDescriptorItem> Activities);

/// <summary>The designer's palette: activity types grouped by category, filtered by what the user typed.</summary>
public static class ActivityPalette
{
    /// <summary>Groups in category order; a search matches the label, the type name, the category or the description.</summary>
    public static IReadOnlyList<PaletteGroup> Build(IEnumerable<ActivityDescriptorItem> activities, string? search)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var term = search?.Trim() ?? "";
        return activities
            .Where(a => term.Length == 0
                || a.DisplayName.Contains(term, StringComparison.OrdinalIgnoreCase)
                || a.Type.Contains(term, StringComparison.OrdinalIgnoreCase)
                || a.Category.Contains(term, StringComparison.OrdinalIgnoreCase)
                || a.Description.Contains(term, StringComparison.OrdinalIgnoreCase))
            .GroupBy(a => a.Category, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PaletteGroup(g.Key, g.OrderBy(a => a.DisplayName, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>
    /// Monaco's language for an input edited as code, or null for a plain field: any input in JavaScript or Liquid mode,
    /// and Elsa.RunJavaScript's script (a literal that is JavaScript).
    /// </summary>
    public static string? CodeLanguage(string activityType, InputDescriptorItem input, string expressionType)
    {
        ArgumentNullException.ThrowIfNull(input);
        return expressionType switch
        {
            "JavaScript" => "javascript",
            "Liquid" => "liquid",
            "Literal" when activityType == "Elsa.RunJavaScript" && input.Name == "script" => "javascript",
            _ => null,
        };
    }

    /// <summary>The editor the property panel shows for an input of this Elsa type name.</summary>
    public static InputEditor EditorFor(InputDescriptorItem input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.TypeName switch
        {
            "Boolean" => InputEditor.Bool,
            "Int32" or "Int64" or "Double" or "Decimal" or "Single" => InputEditor.Number,
            _ when input.Name.Contains("script", StringComparison.OrdinalIgnoreCase) || input.TypeName.EndsWith("[]", StringComparison.Ordinal)
                || input.TypeName == "Object" => InputEditor.MultiLine,
            _ when input.Description.Contains(" or ", StringComparison.Ordinal) && Choices(input).Count > 1 => InputEditor.Select,
            _ => InputEditor.Text,
        };
    }

    /// <summary>
    /// The choices of an enumeration-like input, read from its description ("WaitAll (default) or WaitAny."): the
    /// catalogue does not list options, and guessing wrong only offers a select where a text field would do.
    /// </summary>
    public static IReadOnlyList<string> Choices(InputDescriptorItem input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var words = input.Description.TrimEnd('.').Replace(" or ", ",", StringComparison.Ordinal).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Replace("(default)", "", StringComparison.Ordinal).Trim())
            .ToList();
        return words.All(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal) && char.IsUpper(w[0])) ? words : [];
    }
}

public enum InputEditor
{
    Text,
    Number,
    Bool,
    Select,
    MultiLine,
}
