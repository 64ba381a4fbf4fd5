using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowDocs.Data;

/// <summary>
/// Oracle's MySQL provider takes the migration lock with <c>GET_LOCK(name, -1)</c> ("wait forever"). MySQL 8
/// does both; MariaDB answers NULL to -1 and a 32-bit 1 otherwise. An hour's timeout, cast to BIGINT, means the same in
/// practice (no migration runs that long) and works on both servers.
/// </summary>
internal sealed class MigrationLockInterceptor : DbCommandInterceptor
{
    private const string WaitForever = "GET_LOCK('__EFMigrationsLock',-1)";
    // MariaDB types CAST(.. AS SIGNED) of a small value as INT; adding a BIGINT-sized zero keeps the column BIGINT.
    private const string WaitAnHour = "CONVERT(GET_LOCK('__EFMigrationsLock',3600), SIGNED) + 0 * 9223372036854775807";

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    internal static void Rewrite(DbCommand command)
    {
        if (command.CommandText.Contains(WaitForever, StringComparison.Ordinal))
        {
            command.CommandText = command.CommandText.Replace(WaitForever, WaitAnHour, StringComparison.Ordinal);
        }
    }
}
