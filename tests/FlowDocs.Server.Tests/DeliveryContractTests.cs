using System.Text.RegularExpressions;
using FlowDocs.Common;
using FlowDocs.Data;
using FlowDocs.Testing;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlowDocs.Server.Tests;

/// <summary>
/// Contracts between the application and deploy/: what the Kubernetes manifests assume about the app must be
/// true of the app itself, on the real backing services.
/// </summary>
public sealed partial class DeliveryContractTests
{
    [Fact]
    public async Task Keda_scales_workers_on_the_redis_list_hangfire_enqueues_into()
    {
        var (configuredPrefix, kedaListName) = ReadQueueSettingsFromManifests();
        Assert.StartsWith(configuredPrefix, kedaListName, StringComparison.Ordinal);
        var queueKeyAfterPrefix = kedaListName[configuredPrefix.Length..];

        // The web role only enqueues (no Hangfire server), so the job stays in the list that KEDA measures.
        await using var factory = new FlowDocsFactory(StoreProfile.Production).With(ServerRoles.Key, "Web");
        _ = factory.CreateClient();
        var prefix = factory.Services.GetRequiredService<IConfiguration>()[JobsModule.PrefixKey];
        var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(BackingServices.Redis);
        var queue = new RedisKey(prefix + queueKeyAfterPrefix);

        var first = jobs.Enqueue(() => Console.WriteLine("waiting for a worker"));
        var second = jobs.Enqueue(() => Console.WriteLine("waiting for a worker"));

        var database = redis.GetDatabase();
        Assert.Equal(2, await database.ListLengthAsync(queue));
        var queued = (await database.ListRangeAsync(queue)).Select(v => v.ToString()).ToHashSet();
        Assert.Equal(new HashSet<string> { first, second }, queued);
    }

    private static (string Prefix, string KedaListName) ReadQueueSettingsFromManifests()
    {
        var k8s = Path.Combine(RepositoryRoot(), "deploy", "k8s", "base");
        var kustomization = File.ReadAllText(Path.Combine(k8s, "kustomization.yaml"));
        var scaledObject = File.ReadAllText(Path.Combine(k8s, "worker-autoscaling.yaml"));
        var prefix = PrefixSetting().Match(kustomization);
        var listName = KedaListName().Match(scaledObject);
        Assert.True(prefix.Success, "deploy/k8s/base/kustomization.yaml sets no FlowDocs__Jobs__Prefix");
        Assert.True(listName.Success, "deploy/k8s/base/worker-autoscaling.yaml names no listName");
        return (prefix.Groups[1].Value, listName.Groups[1].Value);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "deploy", "k8s")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No deploy/k8s above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("FlowDocs__Jobs__Prefix=([^\"\\s]+)")]
    private static partial Regex PrefixSetting();

    [GeneratedRegex("listName:\\s*\"([^\"]+)\"")]
    private static partial Regex KedaListName();
}
