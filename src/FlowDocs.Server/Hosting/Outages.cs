using System.Data.Common;
using System.Net.Sockets;
using Amazon.Runtime;
using FlowDocs.Documents.Blobs;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using MySql.Data.MySqlClient;
using StackExchange.Redis;

namespace FlowDocs.Server.Hosting;

/// <summary>
/// Recognises a dependency that is down, frozen or overloaded — as opposed to a fault in FlowDocs — and names
/// its class ("database", "blob storage", "job queue"), never its address: the caller learns to retry later,
/// the operator learns which service to look at.
/// </summary>
internal static class Outages
{
    public const string Database = "database";
    public const string BlobStorage = "blob storage";
    public const string JobQueue = "job queue";

    /// <summary>Seconds a caller should wait before retrying (the <c>Retry-After</c> header).</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The dependency that failed, or null when <paramref name="exception"/> is no outage.</summary>
    public static string? Dependency(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Dependency).FirstOrDefault(d => d is not null);
            }

            var dependency = e switch
            {
                BlobStoreUnavailableException => BlobStorage,
                BackgroundJobClientException or RedisConnectionException or RedisTimeoutException => JobQueue,
                AmazonServiceException service when IsNetwork(service.InnerException) || (int)service.StatusCode >= 500 => BlobStorage,
                AmazonServiceException => null,
                AmazonClientException => BlobStorage,
                RetryLimitExceededException => Database,
                MySqlException mySql when IsDatabaseConnection(mySql) => Database,
                SqliteException { SqliteErrorCode: 5 or 6 } => Database, // SQLITE_BUSY, SQLITE_LOCKED: another writer holds it
                DbException { IsTransient: true } => Database,
                _ when IsPoolTimeout(e) => Database,
                _ => null,
            };
            if (dependency is not null)
            {
                return dependency;
            }

            if (e is AmazonServiceException or MySqlException or DbException)
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsDatabaseConnection(MySqlException exception) =>
        exception.Number == (int)MySqlErrorCode.UnableToConnectToHost
        || IsNetwork(exception.InnerException)
        || exception.InnerException is MySqlException inner && IsDatabaseConnection(inner)
        || IsPoolTimeout(exception)
        || exception.Message.Contains("Unable to connect", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("Reading from the stream has failed", StringComparison.OrdinalIgnoreCase);

    /// <summary>"Timeout expired. The timeout period elapsed prior to obtaining a connection from the pool."</summary>
    private static bool IsPoolTimeout(Exception exception) =>
        exception.Message.Contains("obtaining a connection from the pool", StringComparison.OrdinalIgnoreCase);

    private static bool IsNetwork(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or IOException or TimeoutException
                or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
            {
                return true;
            }
        }

        return false;
    }
}
