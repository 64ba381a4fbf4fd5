using System.Collections.Concurrent;
using FlowDocs.Documents.Blobs;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Documents.Tests.Api;

/// <summary>
/// Wraps the server's real blob store and remembers every key anything tried to write, so a test can ask
/// the store itself which of those objects still exist (the S3 emulator cannot list a bucket for us).
/// </summary>
internal sealed class BlobInventory(IBlobStore inner) : DelegatingBlobStore(inner)
{
    private readonly ConcurrentDictionary<string, bool> _attempted = new(StringComparer.Ordinal);

    /// <summary>Replaces the registered <see cref="IBlobStore"/> with an inventory around it.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IBlobStore));
        services.Remove(original);
        services.AddSingleton(sp => new BlobInventory(
            original.ImplementationInstance as IBlobStore
            ?? (IBlobStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<BlobInventory>());
    }

    private int _failedDeletes;

    /// <summary>The keys of every write started, in no order.</summary>
    public IReadOnlyCollection<string> Keys => [.. _attempted.Keys];

    /// <summary>While set, deletes fail as they do when the store is unreachable.</summary>
    public bool DeletesFail { get; set; }

    /// <summary>How many deletes failed because of <see cref="DeletesFail"/>.</summary>
    public int FailedDeletes => Volatile.Read(ref _failedDeletes);

    public override Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        if (DeletesFail)
        {
            Interlocked.Increment(ref _failedDeletes);
            throw new BlobStoreUnavailableException("The blob store is unreachable.", new HttpRequestException("Connection refused"));
        }

        return Inner.DeleteAsync(key, cancellationToken);
    }

    /// <summary>How many writes were started (whether or not they finished).</summary>
    public int Attempted => _attempted.Count;

    /// <summary>How many of the objects ever written still exist in the store.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var key in _attempted.Keys)
        {
            if (await Inner.GetInfoAsync(key, cancellationToken) is not null)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Waits briefly for the count: a server cleans up after a broken request on its own schedule.</summary>
    public async Task AssertCountAsync(int expected, CancellationToken cancellationToken)
    {
        var count = -1;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            count = await CountAsync(cancellationToken);
            if (count == expected)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Equal(expected, count);
    }

    public override Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        _attempted[key] = true;
        return Inner.WriteAsync(key, content, contentType, cancellationToken);
    }
}
