using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regfin.Core.Ingestion;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Functions.Tests;

/// <summary>
/// The function classes created by the worker's activator from the app's real composition
/// (<see cref="FunctionsApp"/>) and called as the worker calls them, on real storage (Azurite, one
/// prefix per test): Setup → Trigger → Verify.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class FunctionsTests
{
    [Fact]
    public async Task Inbox_blob_trigger_ingests_and_the_compute_timer_writes_the_month_result()
    {
        await using var app = await FunctionsApp.OnAzuriteAsync();
        var storage = app.Storage;
        // Setup: a ledger dropped in the inbox.
        var blob = storage.Container(Containers.Inbox).GetBlobClient("huvudbok/2025-01.csv");
        await blob.UploadAsync(BinaryData.FromString("Månad;Nämnd;Konto;Belopp\n2025-01;RS;8010;-1 000 000\n2025-01;HSN;4010;947 000\n"));

        // Trigger: the functions, as the worker would call them.
        await app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c));
        await app.InvokeAsync<ComputeDirtyPeriods>((f, c) => f.RunAsync(new TimerInfo { IsPastDue = false }, c));

        // Verify: the import is logged and January's OperatingResult is 1 000 000 − 947 000 = 53 000 SEK.
        var import = Assert.Single(await app.Services.GetRequiredService<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal(ImportStatus.Accepted, import.Status);
        Assert.Equal("huvudbok/2025-01.csv", import.BlobName);
        var kpi = await storage.Table(Tables.Kpis).GetEntityAsync<TableEntity>("2025-01", "OperatingResult");
        Assert.Equal(53_000d, kpi.Value.GetDouble("Value"));
        Assert.Equal(53_000d, kpi.Value.GetDouble("Month"));
        Assert.False(await blob.ExistsAsync());

        // February of the next year has January 2025 as prior year but no January 2026: null with a reason.
        var next = storage.Container(Containers.Inbox).GetBlobClient("huvudbok/2026-02.csv");
        await next.UploadAsync(BinaryData.FromString("Månad;Nämnd;Konto;Belopp\n2026-02;RS;8010;-5\n"));
        await app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(next, c));
        await app.InvokeAsync<ComputeDirtyPeriods>((f, c) => f.RunAsync(new TimerInfo(), c));
        var partial = (await storage.Table(Tables.Kpis).GetEntityAsync<TableEntity>("2026-02", "OperatingResult")).Value;
        Assert.Null(partial.GetDouble("Value"));
        Assert.Equal(5d, partial.GetDouble("Month"));
        Assert.Contains("2026-01", partial.GetString("Reason"));
    }

    [Fact]
    public async Task A_rejected_file_is_a_handled_outcome_the_function_does_not_throw()
    {
        await using var app = await FunctionsApp.OnAzuriteAsync();
        var storage = app.Storage;
        var blob = storage.Container(Containers.Inbox).GetBlobClient("ledger/bad.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account\n2025-10;RS;4010\n"));

        await app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c));

        Assert.True(await storage.Container(Containers.Rejected).GetBlobClient("ledger/bad.csv.report.txt").ExistsAsync());
    }

    [Fact]
    public async Task A_cancelled_invocation_stops_with_the_hosts_token()
    {
        await using var app = await FunctionsApp.OnAzuriteAsync();
        var blob = app.Storage.Container(Containers.Inbox).GetBlobClient("ledger/x.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-10;RS;4010;1\n"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c), cancelled.Token));
        Assert.True(await blob.ExistsAsync()); // still pending: the retry will process it
    }

    /// <summary>The real ingestion, whose first call waits (up to 3 s) until a second call reaches it too — as it would without a lease.</summary>
    private sealed class OverlapProbe(IngestHandler handler) : Regfin.Core.Runtime.IInboxIngest
    {
        private readonly TaskCompletionSource second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public async Task<IngestResult> IngestAsync(string blobName, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                second.TrySetResult();
            }

            await Task.WhenAny(second.Task, Task.Delay(TimeSpan.FromSeconds(3), cancellationToken));
            return await handler.IngestAsync(blobName, cancellationToken);
        }
    }

    [Fact]
    public async Task Two_concurrent_deliveries_of_one_blob_give_one_ingestion_one_import_one_receipt_and_one_set_of_facts()
    {
        OverlapProbe? probe = null;
        await using var app = await FunctionsApp.OnAzuriteAsync(s => s.AddSingleton<Regfin.Core.Runtime.IInboxIngest>(sp =>
            probe = new OverlapProbe(sp.GetRequiredService<IngestHandler>())));
        var storage = app.Storage;
        var blob = storage.Container(Containers.Inbox).GetBlobClient("ledger/2025-01.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-01;RS;8010;-1000000\n2025-01;HSN;4010;947000\n"));

        // Event Grid hands the same blob to two instances at once: two invocations, each with its own function instance.
        await Task.WhenAll(
            app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c)),
            app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c)));
        await app.InvokeAsync<ComputeDirtyPeriods>((f, c) => f.RunAsync(new TimerInfo(), c));

        Assert.Equal(1, probe!.Calls); // the second delivery found the blob's lease taken and did nothing
        var import = Assert.Single(await app.Services.GetRequiredService<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal(ImportStatus.Accepted, import.Status);
        var receipts = new List<TableEntity>();
        await foreach (var receipt in storage.Table(Tables.Receipts).QueryAsync<TableEntity>())
        {
            receipts.Add(receipt);
        }

        var only = Assert.Single(receipts);
        Assert.Equal(1L, only.GetInt64("Attempts"));
        Assert.Equal("Done", only.GetString("Status"));
        // One set of facts: January's OperatingResult is 1 000 000 − 947 000 = 53 000 SEK, not twice that.
        var kpi = await storage.Table(Tables.Kpis).GetEntityAsync<TableEntity>("2025-01", "OperatingResult");
        Assert.Equal(53_000d, kpi.Value.GetDouble("Value"));
        Assert.False(await blob.ExistsAsync());
    }

    /// <summary>A storage failure on every attempt for one blob.</summary>
    private sealed class FailingIngest : Regfin.Core.Runtime.IInboxIngest
    {
        public Task<IngestResult> IngestAsync(string blobName, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("simulated outage");
    }

    [Fact]
    public async Task An_unexpected_failure_is_rethrown_for_redelivery_and_the_fifth_moves_the_blob_to_rejected()
    {
        await using var app = await FunctionsApp.OnAzuriteAsync(s => s.AddSingleton<Regfin.Core.Runtime.IInboxIngest, FailingIngest>());
        var storage = app.Storage;
        var blob = storage.Container(Containers.Inbox).GetBlobClient("ledger/2025-10.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-10;RS;4010;1\n"));

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c)));
            Assert.True(await blob.ExistsAsync());
        }

        await app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c)); // the fifth: handled, not thrown

        Assert.False(await blob.ExistsAsync());
        var report = (await storage.Container(Containers.Rejected).GetBlobClient("ledger/2025-10.csv.report.txt").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("could not be processed after 5 attempts; last error: InvalidOperationException: simulated outage", report);
    }

    [Fact]
    public async Task The_poison_sweep_moves_a_blob_whose_event_Event_Grid_dead_lettered()
    {
        await using var app = await FunctionsApp.OnAzuriteAsync();
        var storage = app.Storage;
        var inbox = storage.Container(Containers.Inbox).GetBlobClient("lan/2025-10-31.csv");
        await inbox.UploadAsync(BinaryData.FromString("AsOf;LoanId;Lender;PrincipalSek;RateType;RatePercent;StartDate;MaturityDate\n"));
        var deadLetters = storage.Blobs.GetBlobContainerClient(Regfin.Core.Runtime.ScheduledJobs.DeadLetterContainer);
        await deadLetters.CreateIfNotExistsAsync();
        await deadLetters.GetBlobClient("regfin-inbox/2025/10/31/12/event.json").UploadAsync(BinaryData.FromString(
            $$"""[{"id":"1","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/inbox/blobs/lan/2025-10-31.csv","deadLetterReason":"MaxDeliveryAttemptsExceeded"}]"""));

        await app.InvokeAsync<SweepPoisonBlobs>((f, c) => f.RunAsync(new TimerInfo(), c));

        Assert.False(await inbox.ExistsAsync());
        var report = (await storage.Container(Containers.Rejected).GetBlobClient("lan/2025-10-31.csv.report.txt").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("dead-lettered", report);
        Assert.Empty(deadLetters.GetBlobs());
    }

    [Fact]
    public async Task The_nightly_recompute_computes_every_open_period_again()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 11, 5, 2, 0, 0, TimeSpan.Zero));
        await using var app = await FunctionsApp.OnAzuriteAsync(s => s.AddSingleton<TimeProvider>(time));
        var storage = app.Storage;
        foreach (var (name, period) in new[] { ("ledger/2023-10.csv", "2023-10"), ("ledger/2025-10.csv", "2025-10") })
        {
            var blob = storage.Container(Containers.Inbox).GetBlobClient(name);
            await blob.UploadAsync(BinaryData.FromString($"Period;Committee;Account;Amount\n{period};RS;8010;-10\n"));
            await app.InvokeAsync<IngestInboxBlob>((f, c) => f.RunAsync(blob, c));
        }

        await app.InvokeAsync<ComputeDirtyPeriods>((f, c) => f.RunAsync(new TimerInfo(), c));
        await app.InvokeAsync<RecomputeOpenPeriods>((f, c) => f.RunAsync(new TimerInfo(), c));

        var runs = new List<string>();
        await foreach (var run in storage.Table(Tables.Runs).QueryAsync<TableEntity>())
        {
            runs.Add(run.PartitionKey);
        }

        // 2025 is open (and 2024): October 2025 computed twice; 2023 is closed: once.
        Assert.Equal(2, runs.Count(r => r == "2025-10"));
        Assert.Equal(1, runs.Count(r => r == "2023-10"));
    }
}
