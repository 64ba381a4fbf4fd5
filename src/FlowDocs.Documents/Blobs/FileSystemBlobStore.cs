using System.Buffers;
using System.Runtime.CompilerServices;

namespace FlowDocs.Documents.Blobs;

/// <summary>Embedded default: one file per object under a root folder (<c>./data/blobs</c>).</summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int ReadBufferSize = 0; // unbuffered: callers read in large blocks, a second buffer only copies
    private const int ChunkSize = 1024 * 1024;
    private readonly string _root;

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Write beside the target and rename, so a reader never sees a half-written object.
        var temp = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await CopyToFileAsync(content, temp, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return new BlobInfo(key, new FileInfo(path).Length);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, ReadBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var stream = await OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        return new LengthLimitedStream(stream, length);
    }

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new BlobInfo(key, file.Length) : null);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(_root, $".health-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(probe, "ok", cancellationToken);
        File.Delete(probe);
    }

    public async IAsyncEnumerable<BlobListing> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await Task.Yield();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            // A write in progress (".partial") or a readiness probe is not an object.
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.EndsWith(".partial", StringComparison.Ordinal) && !key.StartsWith(".health-", StringComparison.Ordinal))
            {
                yield return new BlobListing(key, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }
    }

    /// <summary>
    /// Copies in 1 MiB chunks through two pooled buffers: while one chunk is written to the file, the next is
    /// read (and, for uploads, hashed) from the source, so the disk write and the CPU work overlap.
    /// </summary>
    private static async Task CopyToFileAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous);
        var reading = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var writing = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var pending = Task.CompletedTask;
        try
        {
            long offset = 0;
            while (true)
            {
                var read = await content.ReadAtLeastAsync(reading.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken);
                await pending;
                if (read == 0)
                {
                    break;
                }

                pending = RandomAccess.WriteAsync(file, reading.AsMemory(0, read), offset, cancellationToken).AsTask();
                offset += read;
                (reading, writing) = (writing, reading);
            }
        }
        finally
        {
            // A failed read must not return a buffer the file is still being written from.
            await SettleAsync(pending);
            ArrayPool<byte>.Shared.Return(reading);
            ArrayPool<byte>.Shared.Return(writing);
        }
    }

    private static async Task SettleAsync(Task pending)
    {
        try
        {
            await pending;
        }
#pragma warning disable CA1031 // The failure that matters is already propagating; this only waits for the write to stop.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private string PathOf(string key) => Path.Combine(_root, BlobKey.Validate(key).Replace('/', Path.DirectorySeparatorChar));
}
