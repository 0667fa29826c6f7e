using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Regfin.Core.Alerts;

/// <summary>
/// The webhook resilience settings (section <c>Alerts:Webhook</c>): per-attempt timeout, retries with
/// exponential backoff and jitter, a circuit breaker and a total timeout — Polly through
/// Microsoft.Extensions.Http.Resilience, on outbound HTTP only (storage relies on the Azure SDK's retries).
/// </summary>
public sealed class WebhookResilienceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Alerts:Webhook";

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one delivery, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's median delay (doubling, with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the circuit stays open after it breaks.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Registers the alert outbox, the dispatcher and the resilient webhook client.</summary>
public static class AlertServices
{
    /// <summary>Adds alerts to the pipeline's services.</summary>
    public static IServiceCollection AddRegfinAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        var o = new WebhookResilienceOptions();
        configuration.GetSection(WebhookResilienceOptions.SectionName).Bind(o);
        services.TryAddSingleton<AlertOutbox>();
        services.TryAddSingleton<AlertDispatcher>();
        services.AddHttpClient(AlertDispatcher.HttpClientName)
            .RemoveAllLoggers() // the default handler logs request URIs; a webhook URL carries its signature
            .AddStandardResilienceHandler(r =>
            {
                r.AttemptTimeout.Timeout = o.AttemptTimeout;
                r.TotalRequestTimeout.Timeout = o.TotalTimeout;
                r.Retry.MaxRetryAttempts = o.MaxRetries;
                r.Retry.BackoffType = DelayBackoffType.Exponential;
                r.Retry.UseJitter = true;
                r.Retry.Delay = o.RetryDelay;
                r.CircuitBreaker.SamplingDuration = o.AttemptTimeout * 2 > TimeSpan.FromSeconds(30) ? o.AttemptTimeout * 2 : TimeSpan.FromSeconds(30);
                r.CircuitBreaker.MinimumThroughput = 5;
                r.CircuitBreaker.FailureRatio = 0.5;
                r.CircuitBreaker.BreakDuration = o.BreakDuration;
            });
        return services;
    }
}
