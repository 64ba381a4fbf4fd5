using System.Text;

namespace FlowDocs.Studio.Logic;

/// <summary>Builds a query string from the parameters that have a value (the API treats an empty value as an error).</summary>
internal static class QueryString
{
    public static string Build(string path, params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value.Trim()));
            separator = '&';
        }

        return builder.ToString();
    }
}
