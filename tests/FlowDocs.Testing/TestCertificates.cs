using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlowDocs.Testing;

/// <summary>
/// Throw-away signing and encryption certificates (PFX as base64) for servers started in Production, which
/// refuses to run on development certificates. Made once per test process.
/// </summary>
public static class TestCertificates
{
    public const string Password = "flowdocs-test";

    private static readonly Lazy<string> SigningPfx = new(() => Create("FlowDocs test signing", X509KeyUsageFlags.DigitalSignature));
    private static readonly Lazy<string> EncryptionPfx = new(() => Create("FlowDocs test encryption", X509KeyUsageFlags.KeyEncipherment));

    public static string SigningBase64 => SigningPfx.Value;

    public static string EncryptionBase64 => EncryptionPfx.Value;

    public static string Create(string subject, X509KeyUsageFlags usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pfx, Password));
    }
}
