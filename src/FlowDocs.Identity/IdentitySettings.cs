using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlowDocs.Common;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Identity;

/// <summary>The identity settings; their names are a contract with the deployment (Kubernetes secrets map to them).</summary>
public static class IdentitySettings
{
    public const string Section = Settings.Root + ":Identity";
    public const string IssuerKey = Section + ":Issuer";
    public const string AdminEmailKey = Section + ":AdminEmail";
    public const string AdminPasswordKey = Section + ":AdminPassword";
    public const string SigningCertificateKey = Section + ":SigningCertificate";
    public const string EncryptionCertificateKey = Section + ":EncryptionCertificate";
    public const string StudioRedirectUrisKey = Section + ":StudioRedirectUris";
    public const string StudioPostLogoutRedirectUrisKey = Section + ":StudioPostLogoutRedirectUris";
    public const string TokenRateLimitKey = Section + ":TokenRequestsPerMinute";
    public const string LoginRateLimitKey = Section + ":LoginRequestsPerMinute";

    /// <summary>Serve the OpenID Connect endpoints over plain HTTP: only for a local run on localhost (refused in Production).</summary>
    public const string AllowHttpKey = Section + ":AllowHttp";

    /// <summary>The audience of every access token the API accepts.</summary>
    public const string ApiAudience = "flowdocs-api";

    /// <summary>The scope that grants access to the API.</summary>
    public const string ApiScope = "flowdocs.api";

    /// <summary>The first-party public client (the UI) that uses authorization code + PKCE.</summary>
    public const string StudioClientId = "flowdocs-studio";

    public const string DefaultAdminEmail = "admin@flowdocs.local";

    /// <summary>
    /// Loads a certificate from <c>{key}:Path</c> (a PFX file) or <c>{key}:Base64</c> (a PFX as base64),
    /// with <c>{key}:Password</c>; null when neither is set. A certificate that cannot be read or has no
    /// private key stops start-up naming the setting.
    /// </summary>
    public static X509Certificate2? LoadCertificate(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration.GetOptional(key + ":Path");
        var base64 = configuration.GetOptional(key + ":Base64");
        var password = configuration[key + ":Password"];
        if (path is null && base64 is null)
        {
            return null;
        }

        string setting = path is not null ? key + ":Path" : key + ":Base64";
        byte[] bytes;
        try
        {
            bytes = path is not null ? File.ReadAllBytes(path) : Convert.FromBase64String(base64!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new FlowDocsConfigurationException(setting, $"cannot be read ({ex.Message.ReplaceLineEndings(" ")})");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new FlowDocsConfigurationException(setting, $"is not a PKCS#12 (PFX) certificate that opens with {key}:Password ({ex.Message.ReplaceLineEndings(" ")})");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new FlowDocsConfigurationException(setting, "holds no private key; export the certificate with its key");
        }

        return certificate;
    }
}
