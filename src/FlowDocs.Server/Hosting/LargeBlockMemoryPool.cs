using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace FlowDocs.Server.Hosting;

/// <summary>
/// Kestrel's I/O memory pool with 64 KiB blocks instead of the default 4 KiB. Kestrel receives into the
/// free part of one block, so with 4 KiB blocks a 1 GiB upload costs about 260,000 receive calls and as
/// many pipe hand-offs; with 64 KiB blocks it is 16 times fewer (see docs/documents.md, upload benchmark).
/// Blocks are pinned (sockets need no per-call pinning) and reused; at most <see cref="MaxRetained"/> idle
/// blocks are kept, the rest go back to the GC.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;
    public const int MaxRetained = 512; // 32 MiB of idle blocks at most

    private readonly ConcurrentQueue<Block> _idle = new();
    private int _idleCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_idle.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _idleCount);
            block.Lease();
            return block;
        }

        var fresh = new Block(this);
        fresh.Lease();
        return fresh;
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _idleCount) <= MaxRetained)
        {
            _idle.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _idle.Clear();
    }

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        private int _leased;

        public Memory<byte> Memory => _array;

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            // A block disposed twice must not enter the idle queue twice (two owners of one buffer).
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }
}

/// <summary>Hands Kestrel (and any other server component asking) a <see cref="LargeBlockMemoryPool"/>.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
