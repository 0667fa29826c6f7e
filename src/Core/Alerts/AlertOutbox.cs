using Azure;
using Azure.Data.Tables;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Alerts;

/// <summary>An alert waiting for one channel, with what the delivery log says so far.</summary>
/// <param name="Row">The alert's row in the alerts table.</param>
/// <param name="Channel">The channel name.</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="LastError">The last failure, if any.</param>
public sealed record PendingDelivery(TableEntity Row, string Channel, long Attempts, string? LastError)
{
    /// <summary>The alert's period.</summary>
    public string Period => Row.PartitionKey;

    /// <summary>The alert's id within its period.</summary>
    public string AlertId => Row.RowKey;

    /// <summary>The deliveries row's partition: period and alert id (an alert id alone repeats across periods).</summary>
    public string DeliveryPartition => AlertOutbox.DeliveryPartition(Period, AlertId);
}

/// <summary>An alert as the outbox holds it, for a summary of what was raised.</summary>
/// <param name="Period">The period it was raised for.</param>
/// <param name="AlertId">Its id within the period (its rule and sequence number).</param>
/// <param name="Message">The message the channels delivered (a very long one cut, the whole in <c>details/</c>).</param>
public sealed record RaisedAlert(Period Period, string AlertId, string Message);

/// <summary>
/// The outbox of alerts (tables <c>alerts</c> and <c>alertdeliveries</c>): alerts are written
/// before any delivery, and each (alert, channel) has a delivery row with DeliveredAt, Attempts and
/// LastError. An alert is pending for a channel until its row has DeliveredAt.
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="outputRows">Row shaping (long texts).</param>
public sealed class AlertOutbox(StorageAccount storage, OutputRows outputRows)
{
    private TableClient Alerts => storage.Table(Tables.Alerts);
    private TableClient Deliveries => storage.Table(Tables.AlertDeliveries);

    /// <summary>The partition of an alert's delivery rows.</summary>
    public static string DeliveryPartition(string period, string alertId) => period + "|" + alertId;

    /// <summary>Per rule, the ToStatus and sequence of its latest alert in <paramref name="period"/>.</summary>
    public async Task<IReadOnlyDictionary<string, (string Status, int Sequence)>> LatestAsync(Period period, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, (string Status, int Sequence)>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}");
        await foreach (var row in Alerts.QueryAsync<TableEntity>(filter, select: ["RuleId", "ToStatus", "Sequence"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var rule = row.GetString("RuleId")!;
            var sequence = (int)(row.GetInt64("Sequence") ?? 0);
            if (!latest.TryGetValue(rule, out var known) || known.Sequence < sequence)
            {
                latest[rule] = (row.GetString("ToStatus")!, sequence);
            }
        }

        return latest;
    }

    /// <summary>Every alert raised, as a summary reads it: by period, then by id.</summary>
    public async Task<IReadOnlyList<RaisedAlert>> RaisedAsync(CancellationToken cancellationToken)
    {
        var raised = new List<RaisedAlert>();
        await foreach (var row in Alerts.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Message"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            raised.Add(new RaisedAlert(Period.Parse(row.PartitionKey), row.RowKey, row.GetString("Message") ?? ""));
        }

        return raised.OrderBy(a => a.Period).ThenBy(a => a.AlertId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes new alerts (an alert already written by an interrupted run is left as it is).</summary>
    public async Task RaiseAsync(IEnumerable<Alert> alerts, CancellationToken cancellationToken)
    {
        foreach (var alert in alerts)
        {
            var row = new TableEntity(alert.Period.ToString(), alert.AlertId)
            {
                ["Period"] = alert.Period.ToString(),
                ["PeriodEnd"] = SwedishCalendar.AsTableDate(alert.Period.LastDay),
                ["AlertId"] = alert.AlertId,
                ["RuleId"] = alert.RuleId,
                ["Area"] = alert.Area,
                ["Sequence"] = (long)alert.Sequence,
                ["FromStatus"] = alert.FromStatus,
                ["ToStatus"] = alert.ToStatus,
                ["Measured"] = alert.Unit == "SEK" ? OutputRows.Amount(alert.Measured) : OutputRows.Measure(alert.Measured),
                ["Unit"] = alert.Unit,
                ["RaisedAt"] = alert.RaisedAt.UtcDateTime,
                ["IdempotencyKey"] = alert.IdempotencyKey,
                ["PolicyVersion"] = alert.PolicyVersion,
            };
            row["Message"] = await outputRows.CellTextAsync(Tables.Alerts, row, "Message", alert.Message, cancellationToken).ConfigureAwait(false);
            try
            {
                await Alerts.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Raised before a crash: the outbox already has it.
            }
        }
    }

    /// <summary>Every (alert, channel) not yet delivered, oldest alert first.</summary>
    public async Task<IReadOnlyList<PendingDelivery>> PendingAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken)
    {
        var deliveries = new Dictionary<(string, string), TableEntity>();
        await foreach (var d in Deliveries.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            deliveries[(d.PartitionKey, d.RowKey)] = d;
        }

        var pending = new List<PendingDelivery>();
        await foreach (var alert in Alerts.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var channel in channels)
            {
                deliveries.TryGetValue((DeliveryPartition(alert.PartitionKey, alert.RowKey), KeyCodec.Encode(channel)), out var d);
                if (d?.GetDateTimeOffset("DeliveredAt") is null)
                {
                    pending.Add(new PendingDelivery(alert, channel, d?.GetInt64("Attempts") ?? 0, d?.GetString("LastError")));
                }
            }
        }

        return pending.OrderBy(p => p.Row.GetDateTimeOffset("RaisedAt")).ThenBy(p => p.Period, StringComparer.Ordinal)
            .ThenBy(p => p.Row.GetString("RuleId"), StringComparer.Ordinal).ThenBy(p => p.Row.GetInt64("Sequence")).ToList();
    }

    /// <summary>Records an attempt: delivered (with the time) or failed (with the error).</summary>
    public async Task RecordAsync(PendingDelivery delivery, DateTimeOffset? deliveredAt, string? error, CancellationToken cancellationToken)
    {
        var row = new TableEntity(delivery.DeliveryPartition, KeyCodec.Encode(delivery.Channel))
        {
            ["Period"] = delivery.Period,
            ["AlertId"] = delivery.AlertId,
            ["Channel"] = delivery.Channel,
            ["DeliveredAt"] = deliveredAt?.UtcDateTime,
            ["Attempts"] = delivery.Attempts + 1,
            ["LastError"] = error is null ? delivery.LastError : error.Length > 2000 ? error[..2000] : error,
        };
        await Deliveries.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
