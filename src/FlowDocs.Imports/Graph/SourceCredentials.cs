using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace FlowDocs.Imports.Graph;

/// <summary>An import source's app credential, as given by an admin; stored only protected.</summary>
/// <param name="Secret">The client secret, or null when a certificate is used.</param>
/// <param name="CertificateBase64">A PKCS#12 (.pfx) certificate with its private key, base64.</param>
/// <param name="CertificatePassword">The certificate's password.</param>
internal sealed record SourceCredential(string? Secret, string? CertificateBase64, string? CertificatePassword)
{
    public const string SecretKind = "Secret";
    public const string CertificateKind = "Certificate";

    public string Kind => Secret is null ? CertificateKind : SecretKind;

    public X509Certificate2 LoadCertificate() =>
        X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(CertificateBase64!), CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);

    /// <summary>Why a certificate cannot be used, or null.</summary>
    public static string? CheckCertificate(string base64, string? password)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64), password, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey ? null : "the certificate has no private key.";
        }
        catch (FormatException)
        {
            return "the certificate is not valid base64.";
        }
        catch (CryptographicException ex)
        {
            return $"the certificate cannot be read ({ex.Message}).";
        }
    }
}

/// <summary>
/// Protects credentials and webhook client states with ASP.NET Core Data Protection (keys shared by all pods through
/// the database), so a database dump reveals no client secret.
/// </summary>
internal sealed class SourceSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _credentials = provider.CreateProtector("FlowDocs.Imports.Credential.v1");
    private readonly IDataProtector _clientStates = provider.CreateProtector("FlowDocs.Imports.ClientState.v1");

    public string Protect(SourceCredential credential) => _credentials.Protect(JsonSerializer.Serialize(credential));

    public SourceCredential Unprotect(string protectedCredential) =>
        JsonSerializer.Deserialize<SourceCredential>(_credentials.Unprotect(protectedCredential))
        ?? throw new InvalidOperationException("The stored credential is empty.");

    public string ProtectClientState(string clientState) => _clientStates.Protect(clientState);

    public string UnprotectClientState(string protectedClientState) => _clientStates.Unprotect(protectedClientState);
}
