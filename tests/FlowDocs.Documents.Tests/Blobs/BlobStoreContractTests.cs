using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using FlowDocs.Documents.Blobs;
using FlowDocs.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowDocs.Documents.Tests.Blobs;

public sealed class FileSystemBlobStoreTests : BlobStoreContractTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("flowdocs-blobs-").FullName;

    protected override IBlobStore CreateStore() => new FileSystemBlobStore(_root);

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Failed_write_leaves_neither_object_nor_temporary_file()
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<IOException>(() =>
            store.WriteAsync("docs/broken", new BreakingStream(1024 * 1024), "application/octet-stream", TestContext.Current.CancellationToken));

        Assert.Null(await store.GetInfoAsync("docs/broken", TestContext.Current.CancellationToken));
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }
}

public sealed class S3BlobStoreTests : BlobStoreContractTests
{
    private readonly string _prefix = $"contract-{Guid.NewGuid():N}/";
    private AmazonS3Client? _client;

    protected override IBlobStore CreateStore()
    {
        _client ??= new AmazonS3Client(
            new BasicAWSCredentials(BackingServices.S3AccessKey, BackingServices.S3SecretKey),
            new AmazonS3Config
            {
                ServiceURL = BackingServices.S3.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        // 5 MiB parts (S3's minimum) so that the 20 MB object goes up as a four-part multipart upload; one part buffer
        // at a time, so that concurrent large writes wait for it.
        var store = new S3BlobStore(_client, new S3BlobStoreOptions(BackingServices.S3Bucket, _prefix, 5 * 1024 * 1024, MaxConcurrentParts: 1), NullLogger<S3BlobStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private readonly List<S3BlobStore> _stores = [];

    public override ValueTask DisposeAsync()
    {
        _stores.ForEach(s => s.Dispose());
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Concurrent_large_and_small_writes_share_one_part_buffer_and_all_read_back_exact()
    {
        var store = CreateStore();
        var ct = TestContext.Current.CancellationToken;
        var objects = Enumerable.Range(0, 6).Select(i => (Key: $"docs/many-{i}", Bytes: RandomNumberGenerator.GetBytes(i % 2 == 0 ? 6 * 1024 * 1024 + i : 1000 + i))).ToList();

        await Task.WhenAll(objects.Select(o => store.WriteAsync(o.Key, new MemoryStream(o.Bytes), "application/octet-stream", ct)));

        foreach (var (key, bytes) in objects)
        {
            await using var read = await store.OpenReadAsync(key, ct);
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy, ct);
            Assert.Equal(bytes, copy.ToArray());
        }
    }

    [Fact]
    public async Task Failed_multipart_write_is_aborted_and_leaves_no_object()
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<IOException>(() =>
            store.WriteAsync("docs/broken", new BreakingStream(12 * 1024 * 1024), "application/octet-stream", TestContext.Current.CancellationToken));

        // The emulator cannot list multipart uploads (it rejects that request's signature), so the abort
        // itself is not observable here; what a reader sees is: no object.
        Assert.Null(await store.GetInfoAsync("docs/broken", TestContext.Current.CancellationToken));
    }
}

/// <summary>What every blob store must do; run against each implementation.</summary>
public abstract class BlobStoreContractTests : IAsyncDisposable
{
    protected abstract IBlobStore CreateStore();

    public abstract ValueTask DisposeAsync();

    [Fact]
    public async Task Twenty_megabyte_object_reads_back_byte_exact()
    {
        var store = CreateStore();
        var content = RandomBytes(20 * 1024 * 1024);

        var written = await store.WriteAsync("docs/large.bin", new MemoryStream(content), "application/octet-stream", TestContext.Current.CancellationToken);
        await using var read = await store.OpenReadAsync("docs/large.bin", TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy, TestContext.Current.CancellationToken);

        Assert.Equal(content.Length, written.Length);
        Assert.Equal(content.Length, copy.Length);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(copy.ToArray()));
    }

    [Fact]
    public async Task Small_object_round_trips_with_its_length()
    {
        var store = CreateStore();
        var content = RandomBytes(1000);

        await store.WriteAsync("docs/small.txt", new MemoryStream(content), "text/plain", TestContext.Current.CancellationToken);
        var info = await store.GetInfoAsync("docs/small.txt", TestContext.Current.CancellationToken);
        await using var read = await store.OpenReadAsync("docs/small.txt", TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy, TestContext.Current.CancellationToken);

        Assert.Equal(1000, info?.Length);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Empty_object_is_stored()
    {
        var store = CreateStore();

        var written = await store.WriteAsync("docs/empty", new MemoryStream(), "application/octet-stream", TestContext.Current.CancellationToken);

        Assert.Equal(0, written.Length);
        Assert.Equal(0, (await store.GetInfoAsync("docs/empty", TestContext.Current.CancellationToken))?.Length);
    }

    [Fact]
    public async Task Missing_object_reads_as_null()
    {
        var store = CreateStore();

        Assert.Null(await store.OpenReadAsync("docs/missing", TestContext.Current.CancellationToken));
        Assert.Null(await store.GetInfoAsync("docs/missing", TestContext.Current.CancellationToken));
        Assert.False(await store.DeleteAsync("docs/missing", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_removes_the_object()
    {
        var store = CreateStore();
        await store.WriteAsync("docs/gone", new MemoryStream([1, 2, 3]), "application/octet-stream", TestContext.Current.CancellationToken);

        Assert.True(await store.DeleteAsync("docs/gone", TestContext.Current.CancellationToken));
        Assert.Null(await store.OpenReadAsync("docs/gone", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Overwrite_replaces_the_content()
    {
        var store = CreateStore();
        await store.WriteAsync("docs/same", new MemoryStream([1, 2, 3]), "application/octet-stream", TestContext.Current.CancellationToken);

        await store.WriteAsync("docs/same", new MemoryStream([9]), "application/octet-stream", TestContext.Current.CancellationToken);

        Assert.Equal(1, (await store.GetInfoAsync("docs/same", TestContext.Current.CancellationToken))?.Length);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(7_000_000, 1_000)]
    [InlineData(11_999_990, 100)]
    [InlineData(12_000_000, 5)]
    [InlineData(3, 0)]
    public async Task Range_reads_exactly_the_bytes_asked_for_and_stops_at_the_end(long offset, long length)
    {
        var store = CreateStore();
        var content = RandomBytes(12_000_000);
        await store.WriteAsync("docs/ranged", new MemoryStream(content), "application/octet-stream", TestContext.Current.CancellationToken);

        await using var read = await store.OpenRangeAsync("docs/ranged", offset, length, TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy, TestContext.Current.CancellationToken);

        var expected = content.AsSpan((int)Math.Min(offset, content.Length), (int)Math.Clamp(content.Length - offset, 0, length)).ToArray();
        Assert.Equal(expected, copy.ToArray());
    }

    [Fact]
    public async Task Range_of_a_missing_object_is_null()
    {
        var store = CreateStore();

        Assert.Null(await store.OpenRangeAsync("docs/missing", 0, 10, TestContext.Current.CancellationToken));
        Assert.Null(await store.OpenRangeAsync("docs/missing", 0, 0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Check_succeeds_when_the_store_is_reachable()
    {
        var store = CreateStore();

        await store.CheckAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("trailing/")]
    [InlineData("white space")]
    [InlineData("back\\slash")]
    public async Task Invalid_keys_are_rejected(string key)
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.WriteAsync(key, new MemoryStream([1]), "application/octet-stream", TestContext.Current.CancellationToken));
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
