using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Documents.Blobs;

/// <summary>
/// Production store. Objects up to one part go up with a single PUT; larger ones use a multipart upload
/// whose memory is one part buffer, whatever the object size. A failed multipart upload is aborted so no
/// orphaned parts are billed.
/// </summary>
public sealed class S3BlobStore(IAmazonS3 s3, S3BlobStoreOptions options, ILogger<S3BlobStore> logger) : IBlobStore, IDisposable
{
    /// <summary>Objects up to this size go up from a small pooled buffer, without taking a part buffer.</summary>
    internal const int SmallObjectBytes = 256 * 1024;

    // Part buffers are the store's big memory: at most MaxConcurrentParts exist at once (other large uploads wait for
    // one), and the pool keeps only two of them between uploads, so memory returns after a burst of uploads.
    private readonly SemaphoreSlim _partBuffers = new(options.MaxConcurrentParts, options.MaxConcurrentParts);
    private readonly ArrayPool<byte> _partPool = ArrayPool<byte>.Create(options.PartSize, maxArraysPerBucket: 2);

    public async Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var objectKey = ObjectKey(key);
        var small = ArrayPool<byte>.Shared.Rent(SmallObjectBytes);
        try
        {
            var first = await FillAsync(content, small, SmallObjectBytes, cancellationToken);
            if (first < SmallObjectBytes)
            {
                await PutAsync(objectKey, small, first, contentType, cancellationToken);
                return new BlobInfo(key, first);
            }

            await _partBuffers.WaitAsync(cancellationToken);
            var buffer = _partPool.Rent(options.PartSize);
            try
            {
                small.AsSpan(0, first).CopyTo(buffer);
                var filled = first + await FillAsync(content, buffer.AsMemory(first), options.PartSize - first, cancellationToken);
                if (filled < options.PartSize)
                {
                    await PutAsync(objectKey, buffer, filled, contentType, cancellationToken);
                    return new BlobInfo(key, filled);
                }

                return await WriteMultipartAsync(key, objectKey, content, contentType, buffer, filled, cancellationToken);
            }
            finally
            {
                _partPool.Return(buffer);
                _partBuffers.Release();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException)
        {
            throw new BlobStoreUnavailableException("The blob store is unreachable.", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(small);
        }
    }

    public void Dispose() => _partBuffers.Dispose();

    private async Task PutAsync(string objectKey, byte[] buffer, int length, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, length, writable: false);
        await s3.PutObjectAsync(
            new PutObjectRequest { BucketName = options.Bucket, Key = objectKey, InputStream = body, ContentType = contentType, AutoCloseStream = false },
            cancellationToken);
    }

    private async Task<BlobInfo> WriteMultipartAsync(
        string key, string objectKey, Stream content, string contentType, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var upload = await s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey, ContentType = contentType },
            cancellationToken);
        var parts = new List<PartETag>();
        long total = 0;
        try
        {
            var partNumber = 1;
            while (filled > 0)
            {
                using (var body = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    var part = await s3.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = options.Bucket,
                            Key = objectKey,
                            UploadId = upload.UploadId,
                            PartNumber = partNumber,
                            PartSize = filled,
                            InputStream = body,
                        },
                        cancellationToken);
                    parts.Add(new PartETag(partNumber, part.ETag));
                }

                total += filled;
                partNumber++;
                filled = await FillAsync(content, buffer, options.PartSize, cancellationToken);
            }

            await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey, UploadId = upload.UploadId, PartETags = parts },
                cancellationToken);
            return new BlobInfo(key, total);
        }
        catch
        {
            try
            {
                await s3.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey, UploadId = upload.UploadId },
                    CancellationToken.None);
            }
            catch (AmazonS3Exception abortFailure)
            {
                logger.LogWarning(abortFailure, "Could not abort multipart upload {UploadId} of {Key}", upload.UploadId, objectKey);
            }

            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = options.Bucket, Key = ObjectKey(key) }, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new BlobStoreUnavailableException("The blob store is unreachable.", ex);
        }
    }

    public async Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
        {
            // S3 has no empty byte range; an existing object still answers with an empty stream.
            return await GetInfoAsync(key, cancellationToken) is null ? null : Stream.Null;
        }

        try
        {
            var response = await s3.GetObjectAsync(
                new GetObjectRequest { BucketName = options.Bucket, Key = ObjectKey(key), ByteRange = new ByteRange(offset, offset + length - 1) },
                cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The range starts at or after the end: like a file read past its end, nothing to read.
            return Stream.Null;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new BlobStoreUnavailableException("The blob store is unreachable.", ex);
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await s3.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = options.Bucket, Key = ObjectKey(key) }, cancellationToken);
            return new BlobInfo(key, metadata.ContentLength);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new BlobStoreUnavailableException("The blob store is unreachable.", ex);
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        if (await GetInfoAsync(key, cancellationToken) is null)
        {
            return false;
        }

        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = options.Bucket, Key = ObjectKey(key) }, cancellationToken);
        return true;
    }

    /// <summary>
    /// Writes a tiny marker object (one key per host, overwritten each time): proves the bucket exists, the
    /// credentials are accepted and the node can write, which is what serving uploads needs.
    /// </summary>
    public Task CheckAsync(CancellationToken cancellationToken) =>
        s3.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = $"{options.Prefix}.health/{Environment.MachineName}",
                ContentBody = "ok",
            },
            cancellationToken);

    public async IAsyncEnumerable<BlobListing> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // ListObjects (v1, paged by marker): served by every S3-compatible store, the test emulator included.
        var request = new ListObjectsRequest { BucketName = options.Bucket, Prefix = options.Prefix + prefix };
        while (true)
        {
            var page = await s3.ListObjectsAsync(request, cancellationToken);
            var objects = page.S3Objects ?? [];
            foreach (var item in objects)
            {
                yield return new BlobListing(item.Key[options.Prefix.Length..], item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue);
            }

            if (page.IsTruncated != true || objects.Count == 0)
            {
                yield break;
            }

            request.Marker = objects[^1].Key;
        }
    }

    /// <summary>A network failure talking to S3 (refused, reset, cut). Reads only: a write's IOException may be the client's upload.</summary>
    private static bool IsUnreachable(Exception exception) =>
        exception is HttpRequestException or System.Net.Sockets.SocketException or IOException { InnerException: System.Net.Sockets.SocketException };

    private string ObjectKey(string key) => options.Prefix + BlobKey.Validate(key);

    private static Task<int> FillAsync(Stream source, byte[] buffer, int count, CancellationToken cancellationToken) =>
        FillAsync(source, buffer.AsMemory(), count, cancellationToken);

    private static async Task<int> FillAsync(Stream source, Memory<byte> buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var read = await source.ReadAsync(buffer.Slice(filled, count - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}

/// <param name="Bucket">The bucket holding document content.</param>
/// <param name="Prefix">Key prefix inside the bucket ("" or ending with '/').</param>
/// <param name="PartSize">Multipart part size in bytes; also the size of one part buffer.</param>
/// <param name="MaxConcurrentParts">How many part buffers (uploads larger than a small object) may exist at once.</param>
public sealed record S3BlobStoreOptions(string Bucket, string Prefix, int PartSize, int MaxConcurrentParts = 8);
