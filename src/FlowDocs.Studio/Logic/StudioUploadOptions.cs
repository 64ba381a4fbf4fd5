using FlowDocs.Common;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Studio.Logic;

/// <summary>
/// How the Studio uploads: files larger than <see cref="ResumableAboveBytes"/> go through an upload session in chunks of
/// <see cref="ChunkBytes"/>, each tried up to <see cref="ChunkAttempts"/> times, so a dropped connection costs one chunk,
/// not the whole file. Smaller files take one request (fewer round trips).
/// </summary>
public sealed record StudioUploadOptions(long ResumableAboveBytes, int ChunkBytes, int ChunkAttempts, TimeSpan RetryDelay)
{
    public const string ResumableAboveBytesKey = Settings.Root + ":Studio:ResumableUploadAboveBytes";
    public const string ChunkBytesKey = Settings.Root + ":Studio:UploadChunkBytes";

    public static StudioUploadOptions Default { get; } = new(8L * 1024 * 1024, 4 * 1024 * 1024, 4, TimeSpan.FromMilliseconds(500));

    public static StudioUploadOptions Read(IConfiguration configuration) => Default with
    {
        ResumableAboveBytes = configuration.GetInt64(ResumableAboveBytesKey, Default.ResumableAboveBytes, 0, long.MaxValue / 2),
        // A chunk is held in memory while it is sent (and re-sent): bounded to 64 MiB.
        ChunkBytes = (int)configuration.GetInt64(ChunkBytesKey, Default.ChunkBytes, 64 * 1024, 64L * 1024 * 1024),
    };
}
