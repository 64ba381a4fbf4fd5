using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowDocs.Server.Hosting;

/// <summary>
/// Gives every health check its own deadline, so <c>/health/ready</c> answers within two seconds whatever
/// hangs. A registration's <see cref="HealthCheckRegistration.Timeout"/> only cancels a token, which a
/// driver blocked on a frozen server (MySql.Data opens connections synchronously) never looks at; here the
/// check runs on the thread pool and is abandoned when its time is up.
/// </summary>
internal static class BoundedHealthChecks
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(1.5);

    public static void Bound(HealthCheckServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var registration in options.Registrations)
        {
            var factory = registration.Factory;
            registration.Factory = services => new Bounded(
                factory(services), CheckTimeout, services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BoundedHealthChecks)));
        }
    }

    private sealed class Bounded(IHealthCheck inner, TimeSpan timeout, ILogger logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            HealthCheckResult result;
            try
            {
                result = await Task.Run(() => inner.CheckHealthAsync(context, cancellationToken), cancellationToken).WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                result = new HealthCheckResult(context.Registration.FailureStatus, $"no answer within {timeout.TotalSeconds:0.#} s");
            }

            if (result.Status != HealthStatus.Healthy)
            {
                logger.LogWarning("Health check {Check} is {Status}: {Description} {Reason}", context.Registration.Name, result.Status, result.Description, result.Exception?.Message);
            }

            return result;
        }
    }
}
