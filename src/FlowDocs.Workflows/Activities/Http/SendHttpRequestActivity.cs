using System.Text.Json.Nodes;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Activities.Http;

/// <summary>
/// Elsa 3's <c>Elsa.SendHttpRequest</c> in a flowchart: calls another system, stores the answer in a variable and
/// leaves by <c>Done</c> whatever the status code. Elsa's per-status-code embedded activities are not supported
/// (validation says so; use <c>Elsa.FlowSendHttpRequest</c> and its ports). No answer (timeout, connection failure)
/// faults the activity with an incident.
/// </summary>
internal sealed class SendHttpRequestActivity(HttpRequestSender sender) : SendHttpRequestBase(sender)
{
    public const string TypeName = "Elsa.SendHttpRequest";

    public override ActivityDescriptor Descriptor { get; } = new(
        TypeName, Category, "HTTP request",
        "Calls another system over HTTP, puts the answer into a variable and continues; no answer is an incident.",
        CommonInputs,
        ["Done"]);

    public override void Validate(ActivityNode node, ICollection<string> problems)
    {
        base.Validate(node, problems);
        var cases = node.Input("expectedStatusCodes");
        if (cases is JsonArray array && array.OfType<JsonObject>().Any(c => c["activity"] is JsonObject))
        {
            problems.Add("Activities inside 'expected status codes' are not supported; use 'HTTP request (flow)' (Elsa.FlowSendHttpRequest) and connect its status code ports instead.");
        }
    }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var result = await SendAsync(context);
            return result.Outcome == HttpCallOutcome.Response ? ActivityResult.Done() : ActivityResult.Fault(result.Summary);
        }
        catch (HttpRequestRefusedException refused)
        {
            return ActivityResult.Fault(refused.Message);
        }
    }
}
