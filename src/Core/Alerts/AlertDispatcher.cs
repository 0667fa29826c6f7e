using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Regfin.Core.Policy;
using Regfin.Core.Storage;

namespace Regfin.Core.Alerts;

/// <summary>What one dispatch did.</summary>
/// <param name="Delivered">Deliveries that succeeded.</param>
/// <param name="Failed">Deliveries that failed (they stay pending).</param>
/// <param name="Pending">Deliveries still pending afterwards.</param>
public sealed record DispatchResult(int Delivered, int Failed, int Pending);

/// <summary>
/// Delivers every pending alert to every channel of the policy in force today, oldest first, and
/// records each attempt. A channel that fails is left for the next run (its later alerts wait, so
/// order is kept); a failure never throws, so a dead receiver neither blocks the pipeline nor loses
/// an alert. Webhooks go through the <c>alerts</c> HTTP client and its resilience pipeline
/// (<see cref="AlertServices"/>); queue messages through the storage account's queue client.
/// </summary>
public sealed class AlertDispatcher(
    AlertOutbox outbox,
    PolicyStore policies,
    StorageAccount storage,
    IHttpClientFactory httpClients,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<AlertDispatcher> logger)
{
    /// <summary>The named HTTP client of webhook deliveries.</summary>
    public const string HttpClientName = "alerts";

    /// <summary>Delivers what is pending.</summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken cancellationToken)
    {
        var policy = await policies.ValidAtAsync(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken).ConfigureAwait(false);
        var channels = policy.AlertChannels.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (channels.Count == 0)
        {
            return new DispatchResult(0, 0, 0);
        }

        var pending = await outbox.PendingAsync(channels.Keys, cancellationToken).ConfigureAwait(false);
        var down = new HashSet<string>(StringComparer.Ordinal);
        int delivered = 0, failed = 0;
        foreach (var delivery in pending)
        {
            if (down.Contains(delivery.Channel))
            {
                continue;
            }

            var channel = channels[delivery.Channel];
            try
            {
                await DeliverAsync(channel, delivery, cancellationToken).ConfigureAwait(false);
                await outbox.RecordAsync(delivery, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
                delivered++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var error = $"{e.GetType().Name}: {Redact(e.Message, channel)}";
                await outbox.RecordAsync(delivery, null, error, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("Alert {AlertId} of {Period} not delivered to {Channel} (attempt {Attempt}): {Error}; it stays in the outbox",
                    delivery.AlertId, delivery.Period, delivery.Channel, delivery.Attempts + 1, error);
                down.Add(delivery.Channel);
                failed++;
            }
        }

        var left = pending.Count - delivered;
        if (pending.Count > 0)
        {
            logger.LogInformation("Alerts: {Delivered} delivered, {Failed} failed, {Pending} pending", delivered, failed, left);
        }

        return new DispatchResult(delivered, failed, left);
    }

    private async Task DeliverAsync(AlertChannel channel, PendingDelivery delivery, CancellationToken cancellationToken)
    {
        if (channel.Type == "queue")
        {
            var queue = storage.Queue(channel.Queue!);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(AlertPayloads.Text(AlertPayloads.Generic(delivery.Row)), cancellationToken).ConfigureAwait(false);
            return;
        }

        var url = configuration[channel.UrlSetting!];
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"the app setting {channel.UrlSetting} holds no webhook URL");
        }

        var payload = channel.Format == "teams" ? AlertPayloads.Teams(delivery.Row) : AlertPayloads.Generic(delivery.Row);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(AlertPayloads.Text(payload), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("Idempotency-Key", delivery.Row.GetString("IdempotencyKey"));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }

    /// <summary>An error text without the webhook's URL (its query carries the signature): only scheme and host remain.</summary>
    private string Redact(string text, AlertChannel channel)
    {
        if (channel.UrlSetting is { } setting && configuration[setting] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            text = text.Replace(url, $"{uri.Scheme}://{uri.Authority}/…", StringComparison.OrdinalIgnoreCase);
            if (uri.Query.Length > 1)
            {
                text = text.Replace(uri.Query, "?…", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
