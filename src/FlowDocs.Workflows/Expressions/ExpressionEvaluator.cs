using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Acornima;
using FlowDocs.Workflows.Model;
using Fluid;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace FlowDocs.Workflows.Expressions;

/// <summary>What expressions can see and change: the instance's variables and input.</summary>
public sealed class ExpressionScope(IDictionary<string, JsonNode?> variables, JsonObject input, Guid instanceId, string? correlationId)
{
    public IDictionary<string, JsonNode?> Variables { get; } = variables;

    public JsonObject Input { get; } = input;

    public Guid InstanceId { get; } = instanceId;

    public string? CorrelationId { get; } = correlationId;
}

/// <summary>An expression could not be evaluated; the activity faults with this message.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Limits that keep a bad script from hanging or starving a worker.</summary>
public sealed record ScriptLimits(TimeSpan Timeout, int MaxStatements, long MaxMemoryBytes)
{
    public static ScriptLimits Default { get; } = new(TimeSpan.FromSeconds(2), 100_000, 32L * 1024 * 1024);
}

/// <summary>
/// Evaluates Elsa expressions: <c>Literal</c> (converted to the input's type), <c>Variable</c> (a variable by name),
/// <c>JavaScript</c> (Jint, with time, statement and memory limits; <c>variables.X</c>, <c>getX()</c>/<c>setX(v)</c>,
/// <c>input</c>, <c>workflowInstanceId</c>, <c>correlationId</c>) and <c>Liquid</c> (Fluid, with <c>Variables</c> and <c>Input</c>).
/// </summary>
public sealed partial class ExpressionEvaluator(ScriptLimits limits) : IDisposable
{
    // Scripts run on thread-pool threads and cannot yield: at most half the cores run one at a time (at least one), so
    // that a burst of slow scripts (a catastrophic regular expression runs its whole time limit) leaves threads for
    // every other request. Waiting for a slot holds no thread.
    private readonly SemaphoreSlim _scriptSlots = new(Math.Max(1, Environment.ProcessorCount / 2));

    /// <summary>Every script slot is taken: a script evaluated now would first wait for one.</summary>
    public bool IsBusy => _scriptSlots.CurrentCount == 0;

    public void Dispose() => _scriptSlots.Dispose();

    private static readonly FluidParser Liquid = new();
    private static readonly ScriptParsingOptions ParsingOptions = new() { AllowReturnOutsideFunction = true };

    public static IReadOnlyList<string> Types { get; } = ["Literal", "Variable", "JavaScript", "Liquid", "Object", "Json"];

    /// <summary>The syntax error of an expression, or null when it parses.</summary>
    public static string? CheckSyntax(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        switch (expression.Type)
        {
            case "JavaScript":
                try
                {
                    _ = Engine.PrepareScript(expression.Text, options: new ScriptPreparationOptions { ParsingOptions = ParsingOptions });
                    return null;
                }
                catch (ScriptPreparationException ex)
                {
                    return $"JavaScript does not parse: {ex.InnerException?.Message ?? ex.Message}";
                }

            case "Liquid":
                return Liquid.TryParse(expression.Text, out _, out var error) ? null : $"Liquid does not parse: {error}";
            case "Literal" or "Variable" or "Object" or "Json":
                return null;
            default:
                return $"Expression type '{expression.Type}' is not supported; use one of {string.Join(", ", Types)}.";
        }
    }

    public async ValueTask<JsonNode?> EvaluateAsync(Expression expression, ExpressionScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        var raw = expression.Type switch
        {
            "Literal" or "Object" or "Json" => expression.Value?.DeepClone(),
            "Variable" => scope.Variables.TryGetValue(expression.Text, out var value)
                ? value?.DeepClone()
                : throw new ExpressionException($"Variable '{expression.Text}' is not defined."),
            "JavaScript" => await RunJavaScriptInSlotAsync(expression.Text, scope, cancellationToken),
            "Liquid" => await RenderLiquidAsync(expression.Text, scope),
            _ => throw new ExpressionException($"Expression type '{expression.Type}' is not supported."),
        };
        return Convert(raw, expression.TypeName);
    }

    /// <summary>Converts a value to an Elsa type name (a literal "0" of type Int32 becomes the number 0).</summary>
    public static JsonNode? Convert(JsonNode? value, string? typeName)
    {
        if (value is null || typeName is null)
        {
            return value;
        }

        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        try
        {
            return typeName switch
            {
                "Int32" or "Int64" or "Int16" when text is not null => text.Length == 0 ? null : JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
                "Double" or "Decimal" or "Single" when text is not null => text.Length == 0 ? null : JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
                "Boolean" when text is not null => text.Length == 0 ? null : JsonValue.Create(bool.Parse(text)),
                "Boolean" when value is JsonValue b && b.GetValueKind() is JsonValueKind.Number => JsonValue.Create(JsonNumbers.ToDouble(b) != 0),
                "String" when text is null => JsonValue.Create(value is JsonValue sv && sv.GetValueKind() is JsonValueKind.String ? sv.GetValue<string>() : value.ToJsonString().Trim('"')),
                _ => value,
            };
        }
        catch (FormatException ex)
        {
            throw new ExpressionException($"'{text}' is not a valid {typeName}.", ex);
        }
        catch (OverflowException ex)
        {
            throw new ExpressionException($"'{text}' is out of range for {typeName}.", ex);
        }
    }

    private async Task<JsonNode?> RunJavaScriptInSlotAsync(string script, ExpressionScope scope, CancellationToken cancellationToken)
    {
        await _scriptSlots.WaitAsync(cancellationToken);
        try
        {
            return RunJavaScript(script, scope, cancellationToken);
        }
        finally
        {
            _scriptSlots.Release();
        }
    }

    private JsonNode? RunJavaScript(string script, ExpressionScope scope, CancellationToken cancellationToken)
    {
        using var engine = new Engine(o => o
            .TimeoutInterval(limits.Timeout)
            // The statement timeout does not reach into .NET's Regex: a catastrophic pattern would run on (Jint's
            // default is 10 s). The script's budget bounds each match too.
            .RegexTimeoutInterval(limits.Timeout)
            .MaxStatements(limits.MaxStatements)
            .LimitMemory(limits.MaxMemoryBytes)
            .LimitRecursion(256)
            .CancellationToken(cancellationToken));
        var parser = new Jint.Native.Json.JsonParser(engine);
        var variables = parser.Parse(JsonSerializer.Serialize(scope.Variables));
        var before = scope.Variables.ToDictionary(kv => kv.Key, kv => kv.Value?.ToJsonString(), StringComparer.Ordinal);
        engine.SetValue("variables", variables);
        engine.SetValue("input", parser.Parse(scope.Input.ToJsonString()));
        engine.SetValue("workflowInstanceId", scope.InstanceId.ToString());
        engine.SetValue("correlationId", scope.CorrelationId is null ? JsValue.Null : new JsString(scope.CorrelationId));
        var serializer = new Jint.Native.Json.JsonSerializer(engine);
        foreach (var name in scope.Variables.Keys.Where(n => Identifier().IsMatch(n)))
        {
            var key = name;
            var pascal = char.ToUpperInvariant(key[0]) + key[1..];
            engine.SetValue("get" + pascal, new Func<JsValue>(() => variables.AsObject().Get(key)));
            engine.SetValue("set" + pascal, new Action<JsValue>(value => variables.AsObject().Set(key, value)));
        }

        engine.SetValue("getVariable", new Func<string, JsValue>(key => variables.AsObject().Get(key)));
        engine.SetValue("setVariable", new Action<string, JsValue>((key, value) => variables.AsObject().Set(key, value)));

        JsValue result;
        try
        {
            result = engine.Evaluate(script, ParsingOptions);
        }
        catch (SyntaxErrorException ex)
        {
            throw new ExpressionException($"JavaScript does not parse: {ex.Message}", ex);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new ExpressionException($"JavaScript ran a regular expression longer than {limits.Timeout.TotalSeconds:0.###} s and was stopped.", ex);
        }
        catch (TimeoutException ex)
        {
            throw new ExpressionException($"JavaScript ran longer than {limits.Timeout.TotalSeconds:0.###} s and was stopped.", ex);
        }
        catch (StatementsCountOverflowException ex)
        {
            throw new ExpressionException($"JavaScript ran more than {limits.MaxStatements} statements and was stopped.", ex);
        }
        catch (MemoryLimitExceededException ex)
        {
            throw new ExpressionException($"JavaScript used more than {limits.MaxMemoryBytes / (1024 * 1024)} MB and was stopped.", ex);
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException($"JavaScript threw: {ex.Message}", ex);
        }
        catch (RecursionDepthOverflowException ex)
        {
            throw new ExpressionException("JavaScript recursed too deeply and was stopped.", ex);
        }

        // Write back what the script changed through variables.X or setX(...).
        var after = JsonNode.Parse(serializer.Serialize(variables).ToString()) as JsonObject ?? [];
        foreach (var (name, value) in after)
        {
            var json = value?.ToJsonString();
            if (!before.TryGetValue(name, out var old) || old != json)
            {
                scope.Variables[name] = value?.DeepClone();
            }
        }

        return result.IsUndefined() ? null : JsonNode.Parse(serializer.Serialize(result).ToString());
    }

    private static async ValueTask<JsonNode?> RenderLiquidAsync(string template, ExpressionScope scope)
    {
        if (!Liquid.TryParse(template, out var parsed, out var error))
        {
            throw new ExpressionException($"Liquid does not parse: {error}");
        }

        var context = new TemplateContext();
        context.SetValue("Variables", ToPlain(new JsonObject(scope.Variables.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())))));
        context.SetValue("Input", ToPlain(scope.Input));
        context.SetValue("WorkflowInstanceId", scope.InstanceId.ToString());
        context.SetValue("CorrelationId", scope.CorrelationId);
        return JsonValue.Create(await parsed.RenderAsync(context));
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => ToPlain(kv.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => JsonNumbers.ToDouble(v),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();
}

/// <summary>Reads any JSON number, whichever CLR type the node was created from.</summary>
public static class JsonNumbers
{
    public static double ToDouble(JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
    }
}
