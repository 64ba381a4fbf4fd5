using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using FlowDocs.Data.Imports;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace FlowDocs.Imports.Graph;

/// <summary>
/// Builds a Graph client for a source: its app credential (client secret or certificate) from Entra ID, the
/// configured Graph base URL, and the SDK's own handler chain (retry with Retry-After, redirects, compression).
/// </summary>
internal sealed class GraphClients(ImportsSettings settings, SourceSecrets secrets, IHttpClientFactory httpClients, IHttpMessageHandlerFactory handlers)
{
    /// <summary>The named HTTP client Entra ID token requests go through.</summary>
    public const string IdentityClientName = "FlowDocs.Imports.EntraId";

    /// <summary>The named handler Graph requests end in (after the SDK's handlers).</summary>
    public const string GraphHandlerName = "FlowDocs.Imports.Graph";

    public GraphServiceClient Create(ImportSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var credential = Credential(source);

        // Kiota attaches the token only for the listed hosts: list the configured one, or a token would be silently
        // dropped wherever Graph is not graph.microsoft.com (national clouds, a test double).
        var authentication = new AzureIdentityAuthenticationProvider(credential, [settings.GraphBaseUrl.Host], scopes: [settings.Scope]);
        var http = GraphClientFactory.Create(
            GraphClientFactory.CreateDefaultHandlers(), finalHandler: handlers.CreateHandler(GraphHandlerName), disposeHandler: false);
        return new GraphServiceClient(http, authentication, settings.GraphBaseUrl.ToString().TrimEnd('/'));
    }

    /// <summary>For upload session chunks: the upload URL carries its own authorization, so no token is sent.</summary>
    public IRequestAdapter CreateUploadAdapter() =>
        new HttpClientRequestAdapter(
            new AnonymousAuthenticationProvider(),
            httpClient: GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: handlers.CreateHandler(GraphHandlerName), disposeHandler: false));

    private TokenCredential Credential(ImportSource source)
    {
        var stored = secrets.Unprotect(source.ProtectedCredential);
        var transport = new HttpClientTransport(httpClients.CreateClient(IdentityClientName));
        if (stored.Secret is { } secret)
        {
            return new ClientSecretCredential(source.EntraTenantId, source.ClientId, secret, new ClientSecretCredentialOptions
            {
                AuthorityHost = settings.AuthorityHost,
                Transport = transport,
                DisableInstanceDiscovery = true,
            });
        }

        return new ClientCertificateCredential(source.EntraTenantId, source.ClientId, stored.LoadCertificate(), new ClientCertificateCredentialOptions
        {
            AuthorityHost = settings.AuthorityHost,
            Transport = transport,
            DisableInstanceDiscovery = true,
        });
    }
}
