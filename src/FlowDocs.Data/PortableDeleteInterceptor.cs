using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowDocs.Data;

/// <summary>
/// Oracle's MySQL provider writes EF Core's <c>ExecuteDelete</c> as <c>DELETE FROM `T` AS `t` WHERE …</c>: MySQL 8
/// accepts a table alias in a single-table DELETE, MariaDB (10.11) refuses it with a syntax error. The multi-table form
/// <c>DELETE `t` FROM `T` AS `t` WHERE …</c> means the same on both, so every bulk delete is rewritten to it before it
/// reaches the server.
/// </summary>
internal sealed partial class PortableDeleteInterceptor : DbCommandInterceptor
{
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    internal static void Rewrite(DbCommand command) => command.CommandText = Rewrite(command.CommandText);

    internal static string Rewrite(string sql) => AliasedDelete().Replace(sql, "DELETE $2 FROM $1 AS $2");

    [GeneratedRegex(@"^DELETE FROM (`[^`]+`) AS (`[^`]+`)", RegexOptions.CultureInvariant)]
    private static partial Regex AliasedDelete();
}
