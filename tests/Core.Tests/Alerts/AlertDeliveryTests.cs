using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Regfin.Core.Alerts;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Alerts;

/// <summary>
/// Alerts end to end on real parts: Azurite for the outbox and the queue, a Kestrel receiver for the
/// webhook, the production resilience pipeline with short timeouts.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class AlertDeliveryTests
{
    private const string Holdings = "AsOf;Portfolio;InstrumentId;InstrumentName;AssetClass;Currency;MarketValueSek;Issuer;IssuerType;Rating;Duration;Supervised\n";

    // Two issuers over their 20 % limit (two Breach alerts) in October; the rest within.
    private const string Breaching = Holdings +
        "2025-10-31;Pensionsmedel;G1;Statsobligation;FixedIncome;SEK;500;Riksgälden;Government;AAA;4;ja\n" +
        "2025-10-31;Pensionsmedel;C1;Stadshypotek 1;FixedIncome;SEK;250;Stadshypotek;CoveredBond;AAA;3;ja\n" +
        "2025-10-31;Pensionsmedel;C2;Swedbank Hypotek 1;FixedIncome;SEK;250;Swedbank Hypotek;CoveredBond;AAA;3;ja\n";

    private const string Policy = """
        validFrom: 2025-01-01
        name: Alert test
        pensionPortfolio:
          portfolio: Pensionsmedel
          realReturnRequirement: 0.035
          warningMargin: 0.02
          allocation:
            FixedIncome: { min: 0.0, normal: 1.0, max: 1.0, benchmark: { OMRX_TBOND: 1.0 } }
          issuerLimits:
            Government: 1.00
            CoveredBond: 0.20
        alerts:
          channels:
            - { name: treasury, type: webhook, urlSetting: AlertWebhookUrl, format: generic }
            - { name: teams, type: webhook, urlSetting: AlertWebhookUrl, format: teams }
            - { name: mail, type: queue, queue: limit-alerts }
        """;

    private static async Task<TestSession> OpenAsync(WebhookReceiver receiver) => await TestStorage.OpenAsync(settings: new Dictionary<string, string?>
    {
        ["AlertWebhookUrl"] = receiver.Url,
        ["Alerts:Webhook:AttemptTimeout"] = "00:00:01",
        ["Alerts:Webhook:TotalTimeout"] = "00:00:08",
        ["Alerts:Webhook:RetryDelay"] = "00:00:00.050",
        ["Alerts:Webhook:MaxRetries"] = "3",
        ["Alerts:Webhook:BreakDuration"] = "00:00:01",
    });

    private static async Task IngestAsync(TestSession session, string name, string content)
    {
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
        var result = await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        Assert.True(result.Status != ImportStatus.Rejected, string.Join("; ", result.Errors));
    }

    private static async Task<List<TableEntity>> RowsAsync(TestSession session, string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in session.Get<StorageAccount>().Table(table).QueryAsync<TableEntity>())
        {
            rows.Add(e);
        }

        return rows;
    }

    private static async Task<TestSession> BreachAsync(WebhookReceiver receiver)
    {
        var session = await OpenAsync(receiver);
        await IngestAsync(session, "finanspolicy/p.yaml", Policy);
        await IngestAsync(session, "innehav/oct.csv", Breaching);
        return session;
    }

    /// <summary>Every webhook alert key was acted on exactly once, each request's header and body carried the same key.</summary>
    private static async Task AssertEachAlertReceivedOnceAsync(TestSession session, WebhookReceiver receiver, int webhookChannels)
    {
        var alerts = await RowsAsync(session, Tables.Alerts);
        var keys = alerts.Select(a => a.GetString("IdempotencyKey")!).ToHashSet();
        Assert.Equal(keys.Order(), receiver.Accepted.Keys.Order());
        Assert.All(receiver.Accepted, a => Assert.Equal(webhookChannels, a.Value)); // once per channel (generic and teams both post here)
        Assert.All(receiver.Requests, r => Assert.Equal(r.HeaderKey, r.Body["idempotencyKey"]!.GetValue<string>()));
        var deliveries = await RowsAsync(session, Tables.AlertDeliveries);
        Assert.Equal(alerts.Count * 3, deliveries.Count);
        Assert.All(deliveries, d => Assert.NotNull(d.GetDateTimeOffset("DeliveredAt")));
    }

    [Fact]
    public async Task A_receiver_that_fails_the_first_deliveries_gets_every_alert_once_through_the_retries()
    {
        await using var receiver = new WebhookReceiver { Behaviour = n => n <= 2 ? 503 : 200 };
        await receiver.StartAsync();
        await using var session = await BreachAsync(receiver);

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var alerts = await RowsAsync(session, Tables.Alerts);
        Assert.Equal(["pension.issuer.Stadshypotek", "pension.issuer.Swedbank Hypotek"], alerts.Select(a => a.GetString("RuleId")).Order());
        Assert.All(alerts, a => Assert.Equal("Breach", a.GetString("ToStatus")));
        await AssertEachAlertReceivedOnceAsync(session, receiver, 2);
        Assert.Equal(2, receiver.Requests.Count(r => r.Answer == 503));
        var deliveries = await RowsAsync(session, Tables.AlertDeliveries);
        Assert.All(deliveries, d => Assert.Equal(1L, d.GetInt64("Attempts")));      // the retries were inside one attempt of the dispatcher

        // Re-running compute without a change sends nothing new.
        var before = receiver.Requests.Count;
        await session.Get<ComputeHandler>().ComputeAsync(new Regfin.Core.Primitives.Period(2025, 10), CancellationToken.None);
        Assert.Equal(before, receiver.Requests.Count);
        Assert.Equal(2, (await RowsAsync(session, Tables.Alerts)).Count);
    }

    [Fact]
    public async Task A_receiver_that_times_out_gets_the_alert_on_the_next_attempt_with_the_same_key()
    {
        await using var receiver = new WebhookReceiver { Behaviour = n => n == 1 ? null : 200 };
        await receiver.StartAsync();
        await using var session = await BreachAsync(receiver);

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        await AssertEachAlertReceivedOnceAsync(session, receiver, 2);
        var hung = receiver.Requests.Single(r => r.Answer == 0);
        // The hung request, its retry (same key) and the other webhook channel's request: acted on once per channel.
        Assert.Equal(3, receiver.Requests.Count(r => r.HeaderKey == hung.HeaderKey));
        Assert.Equal(2, receiver.Accepted[hung.HeaderKey!]);
    }

    [Fact]
    public async Task A_receiver_down_for_a_whole_run_blocks_nothing_loses_nothing_and_gets_everything_after_it_recovers()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await receiver.StopAsync();
        await using var session = await BreachAsync(receiver);

        var results = await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        Assert.Contains(results, r => r.HasData);                                   // computation went on
        Assert.Equal(2, (await RowsAsync(session, Tables.Alerts)).Count);           // the alerts are in the outbox
        var failed = (await RowsAsync(session, Tables.AlertDeliveries)).Where(d => d.GetString("Channel") == "treasury").ToList();
        Assert.Single(failed);                                                     // the channel is down: its later alerts wait
        Assert.Null(failed[0].GetDateTimeOffset("DeliveredAt"));
        Assert.Equal(1L, failed[0].GetInt64("Attempts"));
        Assert.DoesNotContain("SECRET-SIGNATURE", failed[0].GetString("LastError"));   // no key in the log
        Assert.Empty(receiver.Requests);
        var mail = (await RowsAsync(session, Tables.AlertDeliveries)).Where(d => d.GetString("Channel") == "mail").ToList();
        Assert.Equal(2, mail.Count(d => d.GetDateTimeOffset("DeliveredAt") is not null)); // the queue channel was not held up

        await receiver.StartAsync();
        await Task.Delay(1200); // the failures opened the circuit breaker for its break duration (1 s here)
        var dispatched = await session.Get<AlertDispatcher>().DispatchAsync(CancellationToken.None);

        Assert.Equal(4, dispatched.Delivered);   // two alerts × the two webhook channels
        Assert.Equal(0, dispatched.Pending);
        await AssertEachAlertReceivedOnceAsync(session, receiver, 2);
        Assert.Equal(2L, (await RowsAsync(session, Tables.AlertDeliveries)).Single(d => d.GetString("Channel") == "treasury" && d.GetString("LastError") is not null).GetInt64("Attempts"));
        Assert.Equal(0, (await session.Get<AlertDispatcher>().DispatchAsync(CancellationToken.None)).Delivered);
    }

    [Fact]
    public async Task Breach_to_Ok_sends_one_resolved_alert_and_the_queue_gets_every_alert()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var session = await BreachAsync(receiver);
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        // A corrected holdings file for the same date: Swedbank Hypotek sold, Stadshypotek within its limit.
        await Task.Delay(1100); // blob creation times have one-second resolution
        await IngestAsync(session, "innehav/oct-corrected.csv", Holdings +
            "2025-10-31;Pensionsmedel;G1;Statsobligation;FixedIncome;SEK;900;Riksgälden;Government;AAA;4;ja\n" +
            "2025-10-31;Pensionsmedel;C1;Stadshypotek 1;FixedIncome;SEK;100;Stadshypotek;CoveredBond;AAA;3;ja\n");
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var alerts = await RowsAsync(session, Tables.Alerts);
        var resolved = alerts.Where(a => a.GetString("ToStatus") == "Ok").OrderBy(a => a.GetString("RuleId")).ToList();
        Assert.Equal(["pension.issuer.Stadshypotek", "pension.issuer.Swedbank Hypotek"], resolved.Select(a => a.GetString("RuleId")));
        Assert.All(resolved, a => Assert.Equal("Breach", a.GetString("FromStatus")));
        Assert.All(resolved, a => Assert.Equal(2L, a.GetInt64("Sequence")));
        Assert.StartsWith("Åtgärdat limitbrott 2025-10: Emittenten Swedbank Hypotek", resolved[1].GetString("Message"));
        var checks = await RowsAsync(session, Tables.LimitChecks);
        var sold = checks.Single(c => c.GetString("RuleId") == "pension.issuer.Swedbank Hypotek");
        Assert.Equal((0d, "Ok"), (sold.GetDouble("Measured"), sold.GetString("Status")));   // resolved, not forgotten
        await AssertEachAlertReceivedOnceAsync(session, receiver, 2);

        var teams = receiver.Requests.Select(r => r.Body).First(b => b["type"]?.GetValue<string>() == "message");
        Assert.Equal("application/vnd.microsoft.card.adaptive", teams["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", teams["attachments"]![0]!["content"]!["type"]!.GetValue<string>());

        var queue = session.Get<StorageAccount>().Queue("limit-alerts");
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        var queued = messages.Select(m => JsonNode.Parse(m.Body.ToString())!["idempotencyKey"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(alerts.Select(a => a.GetString("IdempotencyKey")!).Order(), queued);
    }

    [Fact]
    public async Task The_outbox_lists_the_raised_alerts_by_period_and_id_and_keeps_an_alert_raised_twice_once()
    {
        await using var session = await TestStorage.OpenAsync();
        var outbox = session.Get<AlertOutbox>();
        Assert.Empty(await outbox.RaisedAsync(CancellationToken.None));
        var at = new DateTimeOffset(2025, 11, 5, 6, 0, 0, TimeSpan.Zero);
        Alert Raised(string period, string rule, int sequence, string message) =>
            new(Regfin.Core.Primitives.Period.Parse(period), rule, "Pension", sequence, null, "Breach", message, 0.25m, "Share", "2024-12-01", at);

        await outbox.RaiseAsync([Raised("2025-10", "P-ISSUER", 2, "Andra"), Raised("2025-09", "P-ISSUER", 1, "September"), Raised("2025-10", "D-AVG", 1, "Första")], CancellationToken.None);
        await outbox.RaiseAsync([Raised("2025-10", "D-AVG", 1, "Första igen")], CancellationToken.None); // raised again after a crash: the outbox has it

        var raised = await outbox.RaisedAsync(CancellationToken.None);

        Assert.Equal(["2025-09 P-ISSUER-1 September", "2025-10 D-AVG-1 Första", "2025-10 P-ISSUER-2 Andra"],
            raised.Select(a => $"{a.Period} {a.AlertId} {a.Message}"));
    }
}
