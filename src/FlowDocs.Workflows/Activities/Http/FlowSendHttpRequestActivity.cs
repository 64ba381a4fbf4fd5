using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Activities.Http;

/// <summary>
/// Elsa 3's <c>Elsa.FlowSendHttpRequest</c>: calls another system and leaves by the port named after the answer's
/// status code when it is one of <c>expectedStatusCodes</c> (default 200), else by <c>Unmatched status code</c>; by
/// <c>Done</c> when the list is empty; by <c>Failed to connect</c> or <c>Timeout</c> when no answer came. A failure
/// port that nothing is connected to faults the activity instead, so an unhandled failure is an incident, not a silent end.
/// </summary>
internal sealed class FlowSendHttpRequestActivity(HttpRequestSender sender) : SendHttpRequestBase(sender)
{
    public const string TypeName = "Elsa.FlowSendHttpRequest";
    public const string UnmatchedStatusCode = "Unmatched status code";
    public const string FailedToConnect = "Failed to connect";
    public const string Timeout = "Timeout";

    private static readonly int[] DefaultCodes = [200];

    public override ActivityDescriptor Descriptor { get; } = new(
        TypeName, Category, "HTTP request (flow)",
        "Calls another system over HTTP and continues by the port of the answer's status code; the answer goes into a variable.",
        [
            .. CommonInputs,
            new InputDescriptor("expectedStatusCodes", "Int32[]", "The status codes that get a port of their own, e.g. [200, 404]; default [200]. Other codes leave by 'Unmatched status code'."),
        ],
        ["200", UnmatchedStatusCode, FailedToConnect, Timeout, "Done"]);

    public override IReadOnlyList<string> GetOutcomes(ActivityNode node) =>
        [.. (StaticCodes(node) ?? [.. DefaultCodes]).Select(c => c.ToString(CultureInfo.InvariantCulture)), UnmatchedStatusCode, FailedToConnect, Timeout, "Done"];

    public override void Validate(ActivityNode node, ICollection<string> problems)
    {
        base.Validate(node, problems);
        var expression = node.InputExpression("expectedStatusCodes");
        if (expression is { Type: "Literal" or "Object" or "Json" } && ParseCodes(expression.Value) is null)
        {
            problems.Add($"Input 'expectedStatusCodes': '{expression.Text}' is not a list of status codes such as [200, 404].");
        }
    }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var codes = DefaultCodes as IReadOnlyList<int>;
        if (context.Node.InputExpression("expectedStatusCodes") is not null)
        {
            var value = await context.EvaluateAsync("expectedStatusCodes");
            codes = ParseCodes(value) ?? throw new ExpressionException($"Input 'expectedStatusCodes': '{value?.ToJsonString()}' is not a list of status codes such as [200, 404].");
        }

        HttpCallResult result;
        try
        {
            result = await SendAsync(context);
        }
        catch (HttpRequestRefusedException refused)
        {
            return ActivityResult.Fault(refused.Message);
        }

        return result.Outcome switch
        {
            HttpCallOutcome.Timeout => LeaveOrFault(context, Timeout, result.Summary),
            HttpCallOutcome.FailedToConnect => LeaveOrFault(context, FailedToConnect, result.Summary),
            _ when codes.Count == 0 => ActivityResult.Done(),
            _ when codes.Contains(result.StatusCode) => ActivityResult.Done(result.StatusCode.ToString(CultureInfo.InvariantCulture)),
            _ => LeaveOrFault(context, UnmatchedStatusCode, $"{result.Summary} The workflow expected {string.Join(" or ", codes)} and has no path for other answers."),
        };
    }

    /// <summary>The codes given as a literal (the ports the designer shows); null when absent or computed at run time.</summary>
    private static List<int>? StaticCodes(ActivityNode node) =>
        node.InputExpression("expectedStatusCodes") is { Type: "Literal" or "Object" or "Json" } expression ? ParseCodes(expression.Value) : null;

    /// <summary>A JSON array of numbers (or numeric strings), that array as text (Elsa's form), or comma-separated codes.</summary>
    internal static List<int>? ParseCodes(JsonNode? value)
    {
        if (value is JsonValue text && text.TryGetValue<string>(out var s))
        {
            s = s.Trim();
            if (s.Length == 0)
            {
                return [];
            }

            if (s.StartsWith('['))
            {
                try
                {
                    value = JsonNode.Parse(s);
                }
                catch (JsonException)
                {
                    return null;
                }
            }
            else
            {
                value = new JsonArray([.. s.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(p => (JsonNode)JsonValue.Create(p))]);
            }
        }

        if (value is JsonValue single && single.GetValueKind() == JsonValueKind.Number)
        {
            value = new JsonArray(single.DeepClone());
        }

        if (value is not JsonArray array)
        {
            return value is null ? [] : null;
        }

        var codes = new List<int>();
        foreach (var item in array)
        {
            var code = item switch
            {
                JsonValue n when n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<int>(out var i) => i,
                JsonValue n when n.GetValueKind() == JsonValueKind.Number && JsonNumbers.ToDouble(n) is var d && d == Math.Floor(d) && d is >= 100 and <= 599 => (int)d,
                JsonValue t when t.TryGetValue<string>(out var str) && int.TryParse(str.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
                _ => -1,
            };
            if (code is < 100 or > 599)
            {
                return null;
            }

            codes.Add(code);
        }

        return codes;
    }
}
