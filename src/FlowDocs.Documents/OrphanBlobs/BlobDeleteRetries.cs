using System.Collections.Concurrent;
using FlowDocs.Common.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Documents.OrphanBlobs;

/// <summary>
/// Stored objects an upload wrote and must not keep, which could not be deleted at once: the blob store was down when the
/// upload failed, or the database failed during the commit, so whether the version committed (and refers to the object)
/// is unknown until it answers again. Kept by the process and tried every <see cref="Interval"/>, each deleted only when
/// no version or upload session refers to it (<see cref="OrphanBlobSweep"/>'s own check), so a commit whose answer was
/// lost keeps its content. Without this an outage left its objects for the hourly sweep. In memory and bounded: what a
/// stopped process held, or keys beyond <see cref="Capacity"/>, are left to that sweep.
/// </summary>
public sealed partial class BlobDeleteRetries(OrphanBlobSweep sweep, TimeProvider time, ILogger<BlobDeleteRetries> logger) : PeriodicService(time)
{
    public const int Capacity = 10_000;

    /// <summary>How long a key waits before its first check, and between tries while a dependency is down.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private const int Batch = 500;

    private readonly ConcurrentQueue<(string Key, DateTimeOffset Due)> _pending = new();

    private int _checking;

    /// <summary>Objects waiting for their check or being checked.</summary>
    public int Count => _pending.Count + Volatile.Read(ref _checking);

    /// <summary>
    /// Deletes <paramref name="key"/> later, once nothing refers to it. The wait gives a commit still finishing on the
    /// database server time to become visible.
    /// </summary>
    public void Add(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_pending.Count < Capacity)
        {
            _pending.Enqueue((key, Time.GetUtcNow() + Interval));
        }
    }

    /// <summary>
    /// Checks the keys that are due, in batches; on a failure (the database or the store still down) they wait another
    /// <see cref="Interval"/>. Returns how many objects were deleted. Called by one loop only.
    /// </summary>
    public async Task<int> RetryNowAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            var now = Time.GetUtcNow();
            var due = new List<string>(Batch);
            while (due.Count < Batch && _pending.TryPeek(out var next) && next.Due <= now && _pending.TryDequeue(out next))
            {
                due.Add(next.Key);
            }

            if (due.Count == 0)
            {
                break;
            }

            Volatile.Write(ref _checking, due.Count);
            try
            {
                deleted += await sweep.DeleteUnreferencedAsync(due, cancellationToken);
            }
            catch (Exception ex)
            {
                foreach (var key in due)
                {
                    _pending.Enqueue((key, now + Interval));
                }

                if (ex is OperationCanceledException)
                {
                    throw;
                }

                LogStillFailing(logger, _pending.Count, ex.Message);
                break;
            }
            finally
            {
                Volatile.Write(ref _checking, 0);
            }
        }

        if (deleted > 0)
        {
            LogDeleted(logger, deleted);
        }

        return deleted;
    }

    protected override TimeSpan Period => Interval;

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        if (!_pending.IsEmpty)
        {
            await RetryNowAsync(stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Information, "Deleted {Count} stored objects left by uploads that failed while a dependency was unavailable")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(LogLevel.Debug, "{Count} stored objects still wait to be deleted: {Reason}")]
    private static partial void LogStillFailing(ILogger logger, int count, string reason);
}
