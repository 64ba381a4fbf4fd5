using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace FlowDocs.Server.Hosting;

/// <summary>A request error in the caller's words: the status, what was wrong, and the field it concerns.</summary>
internal sealed record RequestProblem(int Status, string Detail, string? Field);

/// <summary>
/// Rewrites the framework's binding errors ("Failed to bind parameter \"int page\" from \"abc\"", "Implicit body
/// inferred for parameter …") into a sentence naming the field and what it accepts — for every endpoint, since
/// all of them bind through the same request delegate factory.
/// </summary>
internal static partial class RequestProblems
{
    [GeneratedRegex("""parameter "(?:(?<type>[^"]+) )?(?<name>[^" ]+)"(?: from "(?<value>.*)"\.$)?""", RegexOptions.Singleline)]
    private static partial Regex ParameterPattern();

    public static RequestProblem Describe(HttpContext http, BadHttpRequestException bad)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(bad);
        var message = bad.Message;
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(bad.StatusCode, "The request body is too large for this endpoint.", "body");
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new(bad.StatusCode, $"The body must be sent as JSON (Content-Type: application/json), not '{http.Request.ContentType}'.", "body");
        }

        if (message.StartsWith("Unexpected end of request content", StringComparison.Ordinal) || bad.InnerException is IOException)
        {
            return new(StatusCodes.Status400BadRequest, "The request body ended before all of it arrived (the upload was cut off); send it again.", "body");
        }

        var match = ParameterPattern().Match(message);
        if (!match.Success)
        {
            return new(bad.StatusCode, "The request could not be read.", null);
        }

        var name = match.Groups["name"].Value;
        var parameterType = ParameterType(http, name, match.Groups["type"].Value);
        var field = JsonNamingPolicy.CamelCase.ConvertName(name);
        if (message.StartsWith("Failed to bind", StringComparison.Ordinal))
        {
            var value = match.Groups["value"].Value;
            return new(bad.StatusCode, $"'{value}' is not a valid {field}; {Expectation(parameterType)}.", field);
        }

        if (message.StartsWith("Failed to read", StringComparison.Ordinal) && message.EndsWith("as JSON.", StringComparison.Ordinal))
        {
            return DescribeJson(http, bad.InnerException as JsonException, parameterType);
        }

        if (message.StartsWith("Implicit body", StringComparison.Ordinal) || message.EndsWith("from body.", StringComparison.Ordinal))
        {
            return new(bad.StatusCode, "The request needs a JSON body; none was sent.", "body");
        }

        if (message.StartsWith("Required parameter", StringComparison.Ordinal))
        {
            return new(bad.StatusCode, $"{field} is required.", field);
        }

        return new(bad.StatusCode, $"{field} could not be read from the request.", field);
    }

    private static RequestProblem DescribeJson(HttpContext http, JsonException? json, Type? bodyType)
    {
        var path = json?.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : null;
        if (path is null || json?.Message.Contains("could not be converted", StringComparison.Ordinal) != true)
        {
            var where = json?.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : string.Empty;
            return new(StatusCodes.Status400BadRequest, $"The body is not valid JSON{where}.", path ?? "body");
        }

        var options = http.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions;
        var target = options is null || bodyType is null ? null : PropertyType(options, bodyType, path);
        return new(StatusCodes.Status400BadRequest, $"{path} has a value of the wrong kind; {Expectation(target)}.", path);
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words; enums list their names.</summary>
    internal static string Expectation(Type? type)
    {
        var t = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (t is not null && t.IsArray)
        {
            return $"expected a list ({Expectation(t.GetElementType())})";
        }

        return t switch
        {
            null => "check its format",
            { IsEnum: true } => $"accepted values: {string.Join(", ", Enum.GetNames(t))}",
            _ when t == typeof(int) || t == typeof(long) || t == typeof(short) => "expected a whole number",
            _ when t == typeof(decimal) || t == typeof(double) || t == typeof(float) => "expected a number",
            _ when t == typeof(bool) => "expected true or false",
            _ when t == typeof(Guid) => "expected an id (a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301)",
            _ when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "expected a date and time (ISO 8601, e.g. 2026-01-31T12:00:00Z)",
            _ when t == typeof(DateOnly) => "expected a date (e.g. 2026-01-31)",
            _ when t == typeof(TimeSpan) => "expected a duration (e.g. 01:30:00)",
            _ when t == typeof(string) => "expected text",
            _ => "expected an object",
        };
    }

    /// <summary>The declared type of a bound parameter: from the endpoint's handler, or its <c>[AsParameters]</c> record.</summary>
    private static Type? ParameterType(HttpContext http, string name, string typeName)
    {
        // The exception handler middleware clears the endpoint before handlers run; its feature keeps it.
        var metadata = (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata;
        var bound = metadata?.GetOrderedMetadata<IParameterBindingMetadata>()
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.ParameterInfo.ParameterType;
        if (bound is not null)
        {
            return bound;
        }

        var parameters = metadata?.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
        var declared = parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.ParameterType
            ?? parameters.Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null)
                .SelectMany(p => p.ParameterType.GetProperties())
                .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
        return declared ?? KeywordTypes.GetValueOrDefault(typeName.Replace("Nullable<", string.Empty, StringComparison.Ordinal).TrimEnd('>', '?'));
    }

    private static readonly Dictionary<string, Type> KeywordTypes = new(StringComparer.Ordinal)
    {
        ["int"] = typeof(int),
        ["long"] = typeof(long),
        ["bool"] = typeof(bool),
        ["decimal"] = typeof(decimal),
        ["double"] = typeof(double),
        ["Guid"] = typeof(Guid),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["DateTime"] = typeof(DateTime),
        ["DateOnly"] = typeof(DateOnly),
    };

    /// <summary>The declared type at a JSON path such as <c>steps[0].priority</c>, as the serializer sees it.</summary>
    private static Type? PropertyType(JsonSerializerOptions options, Type root, string path)
    {
        var type = root;
        foreach (var segment in path.Split('.'))
        {
            var name = segment.Split('[')[0];
            var info = options.GetTypeInfo(type);
            var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            if (segment.Contains('[', StringComparison.Ordinal))
            {
                type = ElementType(type);
                if (type is null)
                {
                    return null;
                }
            }
        }

        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
