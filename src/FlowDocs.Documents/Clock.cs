namespace FlowDocs.Documents;

internal static class Clock
{
    /// <summary>
    /// Now, to the millisecond: timestamps are stored as Unix milliseconds, so an answer written before
    /// the row is read back already carries the value that a later read (or a list cursor) will see.
    /// </summary>
    public static DateTimeOffset Now(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
