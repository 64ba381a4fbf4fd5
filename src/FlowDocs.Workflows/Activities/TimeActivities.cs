using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Activities;

/// <summary>Shared parsing of TimeSpan and cron inputs (validation and execution agree on what is valid).</summary>
public static class TimeInputs
{
    public static bool TryParseTimeSpan(string? text, out TimeSpan value) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;

    /// <summary>Five fields, or six with seconds first (Elsa's form).</summary>
    public static CronExpression? ParseCron(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The cron expression is empty.";
            return null;
        }

        var fields = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(text.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            error = $"'{text}' is not a valid cron expression: {ex.Message}";
            return null;
        }
    }

    public static async ValueTask<TimeSpan> TimeSpanInput(ActivityExecutionContext context, string input)
    {
        var value = await context.EvaluateAsync<string>(input);
        return TryParseTimeSpan(value, out var span)
            ? span
            : throw new ExpressionException($"Input '{input}' must be a time span such as 00:05:00, not '{value}'.");
    }

    public static void ValidateLiteral(ActivityNode node, string input, ICollection<string> problems, Func<string, string?> check)
    {
        var expression = node.InputExpression(input);
        if (expression is { Type: "Literal" } && check(expression.Text) is { } error)
        {
            problems.Add(error);
        }
    }
}

/// <summary>Waits for a time span: a bookmark with a due time, woken by a Hangfire scheduled job.</summary>
internal sealed class DelayActivity : IActivity
{
    public const string TypeName = "Elsa.Delay";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Categories.Time, "Delay", "Waits for a time span, then continues.",
        [new InputDescriptor("timeSpan", "TimeSpan", "How long to wait, e.g. 00:05:00.", Required: true)],
        ["Done"]);

    public void Validate(ActivityNode node, ICollection<string> problems) =>
        TimeInputs.ValidateLiteral(node, "timeSpan", problems, t => TimeInputs.TryParseTimeSpan(t, out _) ? null : $"'{t}' is not a valid time span.");

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var span = await TimeInputs.TimeSpanInput(context, "timeSpan");
        return ActivityResult.Suspend(context.CreateBookmark(TypeName, dueAt: context.Time.GetUtcNow() + span));
    }
}

/// <summary>
/// Inside a flow, waits one interval. As a trigger (no inbound connection) it starts an instance every
/// interval; the interval must then divide an hour or a day, because it becomes a cron schedule.
/// </summary>
internal sealed class TimerActivity : IActivity
{
    public const string TypeName = "Elsa.Timer";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Categories.Time, "Timer", "Starts the workflow every interval (as a trigger), or waits one interval.",
        [new InputDescriptor("interval", "TimeSpan", "The interval, e.g. 00:01:00.", Required: true)],
        ["Done"], IsTrigger: true);

    public void Validate(ActivityNode node, ICollection<string> problems) =>
        TimeInputs.ValidateLiteral(node, "interval", problems, t => TimeInputs.TryParseTimeSpan(t, out var span)
            ? ToCron(span) is null ? $"Interval '{t}' must be whole minutes dividing an hour, or whole hours dividing a day." : null
            : $"'{t}' is not a valid time span.");

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsTriggered)
        {
            return ActivityResult.Done();
        }

        var span = await TimeInputs.TimeSpanInput(context, "interval");
        return ActivityResult.Suspend(context.CreateBookmark(TypeName, dueAt: context.Time.GetUtcNow() + span));
    }

    /// <summary>The cron schedule a timer trigger runs on, or null when the interval has none.</summary>
    public static string? ToCron(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero || interval.Seconds != 0 || interval.Milliseconds != 0)
        {
            return null;
        }

        if (interval.TotalMinutes < 60 && 60 % (int)interval.TotalMinutes == 0)
        {
            return interval.TotalMinutes == 1 ? "* * * * *" : $"*/{(int)interval.TotalMinutes} * * * *";
        }

        if (interval.Minutes == 0 && interval.TotalHours <= 24 && 24 % (int)interval.TotalHours == 0)
        {
            return interval.TotalHours == 24 ? "0 0 * * *" : $"0 */{(int)interval.TotalHours} * * *";
        }

        return null;
    }
}

internal sealed class StartAtActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.StartAt", Categories.Time, "Start at", "Waits until a point in time, then continues.",
        [new InputDescriptor("dateTime", "DateTime", "When to continue (ISO 8601).", Required: true)],
        ["Done"]);

    public void Validate(ActivityNode node, ICollection<string> problems) =>
        TimeInputs.ValidateLiteral(node, "dateTime", problems, t => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) ? null : $"'{t}' is not a valid date and time.");

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = await context.EvaluateAsync<string>("dateTime");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new ExpressionException($"Input 'dateTime' must be a date and time, not '{text}'.");
        }

        return at <= context.Time.GetUtcNow()
            ? ActivityResult.Done()
            : ActivityResult.Suspend(context.CreateBookmark("Elsa.StartAt", dueAt: at));
    }
}

/// <summary>A trigger: a published definition with a root Cron starts an instance on every occurrence (a Hangfire recurring job).</summary>
internal sealed class CronActivity(TimeProvider time) : IActivity
{
    public const string TypeName = "Elsa.Cron";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Categories.Time, "Cron", "Starts the workflow on a cron schedule (5 fields, or 6 with seconds); inside a flow, waits for the next occurrence.",
        [new InputDescriptor("cronExpression", "String", "The schedule, e.g. 0 0 * * * * (every hour).", Required: true)],
        ["Done"], IsTrigger: true);

    public void Validate(ActivityNode node, ICollection<string> problems) =>
        TimeInputs.ValidateLiteral(node, "cronExpression", problems, t =>
        {
            TimeInputs.ParseCron(t, out var error);
            return error;
        });

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsTriggered)
        {
            return ActivityResult.Done();
        }

        var cron = TimeInputs.ParseCron(await context.EvaluateAsync<string>("cronExpression"), out var error)
            ?? throw new ExpressionException(error!);
        var next = cron.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc);
        return next is null ? ActivityResult.Done() : ActivityResult.Suspend(context.CreateBookmark(TypeName, dueAt: next));
    }
}

/// <summary>Waits for a named event (correlated by the instance's correlation id); as a trigger, starts instances on it.</summary>
internal sealed class EventActivity : IActivity
{
    public const string TypeName = "Elsa.Event";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Categories.Events, "Event", "Waits for a named event (POST /api/workflows/events); as a trigger, starts the workflow on it.",
        [new InputDescriptor("eventName", "String", "The event name.", Required: true)],
        ["Done"], IsTrigger: true);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsTriggered)
        {
            return ActivityResult.Done();
        }

        var name = await context.EvaluateAsync<string>("eventName");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ExpressionException("Input 'eventName' is empty.");
        }

        return ActivityResult.Suspend(context.CreateBookmark(TypeName, name));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ResumePayload is { Count: > 0 } payload)
        {
            context.Input["lastEvent"] = payload.DeepClone();
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Publishes a named event after the burst commits (so a rolled-back burst publishes nothing).</summary>
internal sealed class PublishEventActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.PublishEvent", Categories.Events, "Publish event", "Publishes a named event to waiting and triggered workflows.",
        [
            new InputDescriptor("eventName", "String", "The event name.", Required: true),
            new InputDescriptor("correlationId", "String", "Only instances with this correlation id resume."),
            new InputDescriptor("payload", "Object", "Data delivered with the event."),
        ],
        ["Done"]);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = await context.EvaluateAsync<string>("eventName");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ExpressionException("Input 'eventName' is empty.");
        }

        var correlationId = await context.EvaluateAsync<string>("correlationId");
        var payload = await context.EvaluateAsync("payload") as JsonObject;
        var tenantId = context.TenantId;
        context.AfterCommit((services, ct) => Runtime.WorkflowJobs.PublishEventInTenantAsync(services, tenantId, name, correlationId, payload, ct));
        return ActivityResult.Done();
    }
}
