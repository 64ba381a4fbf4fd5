using Microsoft.AspNetCore.Components;

namespace FlowDocs.Studio.Logic;

public static class StudioNavigation
{
    /// <summary>The login page, coming back to where the user was (the login page only accepts local return URLs).</summary>
    public static string LoginUrl(NavigationManager navigation)
    {
        ArgumentNullException.ThrowIfNull(navigation);
        return "/account/login?returnUrl=" + Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri));
    }

    public static string Document(Guid documentId) => $"/studio/documents/{documentId}";

    public static string VersionContent(Guid documentId, int number) => $"/api/documents/{documentId}/versions/{number}/content";

    public static string Workflow(string definitionId) => $"/studio/workflows/{Uri.EscapeDataString(definitionId)}";

    public static string Designer(string definitionId) => $"/studio/workflows/{Uri.EscapeDataString(definitionId)}/design";

    /// <summary>The engine's Elsa 3 export of the latest version, downloaded by the browser with the user's cookie.</summary>
    public static string Export(string definitionId) => $"/api/workflows/definitions/{Uri.EscapeDataString(definitionId)}/export?version=latest";

    public static string Versions(string definitionId) => $"/studio/workflows/{Uri.EscapeDataString(definitionId)}/versions";

    public static string Instances(string? definitionId) =>
        definitionId is null ? "/studio/instances" : "/studio/instances?definitionId=" + Uri.EscapeDataString(definitionId);

    public static string Instance(Guid instanceId) => $"/studio/instances/{instanceId}";

    public static string Task(Guid taskId) => $"/studio/tasks/{taskId}";

    public const string Attention = "/studio/attention";

    public static string ImportSource(Guid sourceId) => $"/studio/imports/{sourceId}";
}
