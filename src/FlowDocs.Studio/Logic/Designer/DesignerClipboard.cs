using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace FlowDocs.Studio.Logic.Designer;

/// <summary>
/// The designer's clipboard (<see cref="WorkflowDesign.Copy"/>): the last copy made in this browser, so activities
/// copied in one workflow paste into another — in the same tab or another one. Kept in the browser's
/// <c>localStorage</c> under a key per signed-in user (someone signing in after them on the same browser does not
/// paste their copy), and for the circuit as well, for when the browser refuses storage.
/// </summary>
public sealed class DesignerClipboard(IJSRuntime js, AuthenticationStateProvider authentication)
{
    public const string KeyPrefix = "flowdocs.designer.clipboard.";

    private JsonObject? _copied;

    public async Task CopyAsync(JsonObject activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        _copied = activities;
        try
        {
            await js.InvokeVoidAsync("localStorage.setItem", await KeyAsync(), activities.ToJsonString());
        }
        catch (JSException)
        {
            // Storage full or refused (e.g. private browsing): this page still pastes its own copy.
        }
    }

    /// <summary>The latest copy: the browser's (perhaps made in another tab), else this circuit's; null when nothing was copied.</summary>
    public async Task<JsonObject?> ReadAsync()
    {
        try
        {
            if (await js.InvokeAsync<string?>("localStorage.getItem", await KeyAsync()) is { Length: > 0 } stored
                && JsonNode.Parse(stored) is JsonObject parsed)
            {
                return parsed;
            }
        }
        catch (JSException)
        {
            // Storage refused: fall back to this circuit's copy.
        }
        catch (JsonException)
        {
            // Something else wrote the key: ignore it.
        }

        return _copied;
    }

    private async Task<string> KeyAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return KeyPrefix + (user.FindFirst(FlowDocsClaims.Subject)?.Value ?? "anonymous");
    }
}
