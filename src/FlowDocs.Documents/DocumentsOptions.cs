using FlowDocs.Common;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Documents;

/// <summary>Settings under <c>FlowDocs:Documents</c>, read once at start-up.</summary>
public sealed record DocumentsOptions(long MaxUploadBytes, TimeSpan UploadSessionLifetime, TimeSpan DefaultCheckout, TimeSpan MaxCheckout, TimeSpan OrphanBlobGrace)
{
    public const string MaxUploadBytesKey = Settings.Root + ":Documents:MaxUploadBytes";
    public const string UploadSessionHoursKey = Settings.Root + ":Documents:UploadSessionHours";
    public const string CheckoutMinutesKey = Settings.Root + ":Documents:CheckoutMinutes";
    public const string MaxCheckoutHoursKey = Settings.Root + ":Documents:MaxCheckoutHours";
    public const string OrphanBlobGraceMinutesKey = Settings.Root + ":Documents:OrphanBlobGraceMinutes";

    public const long DefaultMaxUploadBytes = 2L * 1024 * 1024 * 1024;

    public static DocumentsOptions Read(IConfiguration configuration) => new(
        configuration.GetInt64(MaxUploadBytesKey, DefaultMaxUploadBytes, 1, long.MaxValue / 2),
        TimeSpan.FromHours(configuration.GetInt64(UploadSessionHoursKey, 24, 1, 24 * 30)),
        TimeSpan.FromMinutes(configuration.GetInt64(CheckoutMinutesKey, 60, 1, 7 * 24 * 60)),
        TimeSpan.FromHours(configuration.GetInt64(MaxCheckoutHoursKey, 7 * 24, 1, 365 * 24)),
        TimeSpan.FromMinutes(configuration.GetInt64(OrphanBlobGraceMinutesKey, 60, 0, 7 * 24 * 60)));
}
