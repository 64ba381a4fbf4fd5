using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using FlowDocs.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Documents.Blobs;

public static class BlobStoreRegistration
{
    public const string ProviderKey = Settings.Root + ":Blobs:Provider";
    public const string PathKey = Settings.Root + ":Blobs:Path";
    public const string BucketKey = Settings.Root + ":Blobs:S3:Bucket";
    public const string ServiceUrlKey = Settings.Root + ":Blobs:S3:ServiceUrl";
    public const string RegionKey = Settings.Root + ":Blobs:S3:Region";
    public const string AccessKeyKey = Settings.Root + ":Blobs:S3:AccessKey";
    public const string SecretKeyKey = Settings.Root + ":Blobs:S3:SecretKey";
    public const string PrefixKey = Settings.Root + ":Blobs:S3:Prefix";
    public const string PartSizeKey = Settings.Root + ":Blobs:S3:PartSizeMiB";
    public const string MaxConcurrentPartsKey = Settings.Root + ":Blobs:S3:MaxConcurrentParts";

    public static IHostApplicationBuilder AddBlobStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var provider = configuration.GetEnum(ProviderKey, BlobStoreProvider.FileSystem);
        switch (provider)
        {
            case BlobStoreProvider.FileSystem:
                builder.RefuseEmbeddedInProduction(ProviderKey, "FileSystem", "S3");
                var root = configuration.GetOptional(PathKey) is { } configured
                    ? Path.GetFullPath(configured, builder.Environment.ContentRootPath)
                    : Path.Combine(builder.DataPath(), "blobs");
                builder.Services.AddSingleton<IBlobStore>(new FileSystemBlobStore(root));
                break;
            case BlobStoreProvider.S3:
                var options = new S3BlobStoreOptions(
                    configuration.GetRequired(BucketKey, "the S3 bucket that holds document content"),
                    configuration.GetString(PrefixKey, string.Empty),
                    (int)configuration.GetInt64(PartSizeKey, 16, 5, 512) * 1024 * 1024,
                    (int)configuration.GetInt64(MaxConcurrentPartsKey, 8, 1, 1024));
                builder.Services.AddSingleton(options);
                builder.Services.AddSingleton<IAmazonS3>(CreateClient(builder));
                builder.Services.AddSingleton<IBlobStore, S3BlobStore>();
                break;
            default:
                throw new FlowDocsConfigurationException(ProviderKey, $"'{provider}' is not supported");
        }

        builder.Services.AddHealthChecks().AddCheck<BlobStoreHealthCheck>("blobs", tags: [HealthTags.Ready]);
        return builder;
    }

    private static AmazonS3Client CreateClient(IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var config = new AmazonS3Config
        {
            // S3-compatible stores (and the emulator used in tests) do not all speak the trailing-checksum
            // framing; checksums are then only sent where S3 requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var region = configuration.GetOptional(RegionKey);
        if (configuration.GetOptional(ServiceUrlKey) is not null)
        {
            config.ServiceURL = configuration.GetAbsoluteUri(ServiceUrlKey, "an S3-compatible endpoint").ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region ?? "us-east-1");
        }

        var accessKey = configuration.GetOptional(AccessKeyKey);
        if (accessKey is null)
        {
            // IAM role for the service account (IRSA) or the default chain in production.
            return new AmazonS3Client(config);
        }

        var secret = configuration.GetRequired(SecretKeyKey, $"the secret for {AccessKeyKey}");
        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secret), config);
    }
}

internal sealed class BlobStoreHealthCheck(IBlobStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy(store.GetType().Name);
        }
#pragma warning disable CA1031 // A health check reports every failure instead of throwing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"{store.GetType().Name} is unreachable", ex);
        }
    }
}
