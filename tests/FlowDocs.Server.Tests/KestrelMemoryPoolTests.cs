using System.Buffers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Server.Tests;

/// <summary>
/// Kestrel gets FlowDocs' I/O memory pool with 64 KiB blocks (fewer, larger socket reads for uploads and
/// writes for downloads; see docs/documents.md). These tests prove the host hands that pool out, that the
/// pool keeps its contract, and that bytes cross a real socket intact with it.
/// </summary>
public sealed class KestrelMemoryPoolTests : IAsyncLifetime
{
    private const int BlockSize = 64 * 1024;
    private readonly FlowDocsFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private MemoryPool<byte> CreatePool()
    {
        _ = _factory.Services; // builds the host
        return _factory.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create(new MemoryPoolOptions());
    }

    private static byte[] ArrayOf(IMemoryOwner<byte> owner) =>
        MemoryMarshal.TryGetArray<byte>(owner.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not array-backed");

    [Fact]
    public void The_host_hands_Kestrel_a_pool_of_64_KiB_blocks()
    {
        using var pool = CreatePool();

        Assert.Equal(BlockSize, pool.MaxBufferSize);
        using var block = pool.Rent();
        Assert.Equal(BlockSize, block.Memory.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BlockSize + 1));
    }

    [Fact]
    public void A_returned_block_is_reused_and_a_second_dispose_does_not_hand_it_out_twice()
    {
        using var pool = CreatePool();
        var first = pool.Rent();
        var array = ArrayOf(first);

        first.Dispose();
        first.Dispose();
        using var again = pool.Rent();
        using var other = pool.Rent();

        Assert.Same(array, ArrayOf(again));
        Assert.NotSame(array, ArrayOf(other));
    }

    [Fact]
    public async Task Bytes_cross_a_real_socket_intact_both_ways()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        using var client = _factory.CreateDefaultClient();
        client.DefaultRequestHeaders.Add(
            TestAuthenticationHandler.Header,
            Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(TestUser.Member(Guid.NewGuid()))));
        var bytes = RandomNumberGenerator.GetBytes((5 * 1024 * 1024) + 12345); // many blocks and a partial one
        var ct = TestContext.Current.CancellationToken;

        using var upload = await client.PostAsync("/api/documents?fileName=socket.bin", new ByteArrayContent(bytes), ct);
        var created = await upload.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(upload.IsSuccessStatusCode, created.ToString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), created.GetProperty("version").GetProperty("sha256").GetString());

        var id = created.GetProperty("document").GetProperty("id").GetGuid();
        var downloaded = await client.GetByteArrayAsync(new Uri($"/api/documents/{id}/content", UriKind.Relative), ct);
        Assert.Equal(bytes, downloaded);
    }
}
