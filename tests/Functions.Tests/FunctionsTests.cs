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
/// The function classes called directly, with the app's own composition root and real storage
/// (Azurite, one prefix per test): Setup → Trigger → Verify.
/// </summary>
public sealed class FunctionsTests
{
    private static async Task<ServiceProvider> AppServicesAsync(Action<IServiceCollection>? before = null, Action<IServiceCollection>? after = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = await TestStorage.ConnectionStringAsync(),
            ["Storage:Prefix"] = TestStorage.NewPrefix(),
        }).Build();
        var collection = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        before?.Invoke(collection);
        collection.AddRegfinFunctions(configuration);
        after?.Invoke(collection);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(CancellationToken.None);
        return services;
    }

    [Fact]
    public async Task Inbox_blob_trigger_ingests_and_the_compute_timer_writes_the_month_result()
    {
        await using var services = await AppServicesAsync();
        var storage = services.GetRequiredService<StorageAccount>();
        // Setup: a ledger dropped in the inbox.
        var blob = storage.Container(Containers.Inbox).GetBlobClient("huvudbok/2025-01.csv");
        await blob.UploadAsync(BinaryData.FromString("Månad;Nämnd;Konto;Belopp\n2025-01;RS;8010;-1 000 000\n2025-01;HSN;4010;947 000\n"));

        // Trigger: the functions, as the worker would call them.
        await services.GetRequiredService<IngestInboxBlob>().RunAsync(blob, new TestFunctionContext(services));
        await services.GetRequiredService<ComputeDirtyPeriods>().RunAsync(new TimerInfo { IsPastDue = false }, new TestFunctionContext(services));

        // Verify: the import is logged and January's OperatingResult is 1 000 000 − 947 000 = 53 000 SEK.
        var import = Assert.Single(await services.GetRequiredService<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal(ImportStatus.Accepted, import.Status);
        Assert.Equal("huvudbok/2025-01.csv", import.BlobName);
        var kpi = await storage.Table(Tables.Kpis).GetEntityAsync<TableEntity>("2025-01", "OperatingResult");
        Assert.Equal(53_000d, kpi.Value.GetDouble("Value"));
        Assert.Equal(53_000d, kpi.Value.GetDouble("Month"));
        Assert.False(await blob.ExistsAsync());

        // February of the next year has January 2025 as prior year but no January 2026: null with a reason.
        var next = storage.Container(Containers.Inbox).GetBlobClient("huvudbok/2026-02.csv");
        await next.UploadAsync(BinaryData.FromString("Månad;Nämnd;Konto;Belopp\n2026-02;RS;8010;-5\n"));
        await services.GetRequiredService<IngestInboxBlob>().RunAsync(next, new TestFunctionContext(services));
        await services.GetRequiredService<ComputeDirtyPeriods>().RunAsync(new TimerInfo(), new TestFunctionContext(services));
        var partial = (await storage.Table(Tables.Kpis).GetEntityAsync<TableEntity>("2026-02", "OperatingResult")).Value;
        Assert.Null(partial.GetDouble("Value"));
        Assert.Equal(5d, partial.GetDouble("Month"));
        Assert.Contains("2026-01", partial.GetString("Reason"));
    }

    [Fact]
    public async Task A_rejected_file_is_a_handled_outcome_the_function_does_not_throw()
    {
        await using var services = await AppServicesAsync();
        var storage = services.GetRequiredService<StorageAccount>();
        var blob = storage.Container(Containers.Inbox).GetBlobClient("ledger/bad.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account\n2025-10;RS;4010\n"));

        await services.GetRequiredService<IngestInboxBlob>().RunAsync(blob, new TestFunctionContext(services));

        Assert.True(await storage.Container(Containers.Rejected).GetBlobClient("ledger/bad.csv.report.txt").ExistsAsync());
    }

    [Fact]
    public async Task A_cancelled_invocation_stops_with_the_hosts_token()
    {
        await using var services = await AppServicesAsync();
        var blob = services.GetRequiredService<StorageAccount>().Container(Containers.Inbox).GetBlobClient("ledger/x.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-10;RS;4010;1\n"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<IngestInboxBlob>().RunAsync(blob, new TestFunctionContext(services, cancelled.Token)));
        Assert.True(await blob.ExistsAsync()); // still pending: the retry will process it
    }

    [Fact]
    public void Functions_declare_the_triggers_the_host_binds()
    {
        var ingest = typeof(IngestInboxBlob).GetMethod(nameof(IngestInboxBlob.RunAsync))!;
        Assert.Equal(nameof(IngestInboxBlob), ingest.GetCustomAttribute<FunctionAttribute>()!.Name);
        var trigger = ingest.GetParameters()[0].GetCustomAttribute<BlobTriggerAttribute>()!;
        Assert.Equal("inbox/{name}", trigger.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.Source);
        Assert.Equal("Storage", trigger.Connection);

        var compute = typeof(ComputeDirtyPeriods).GetMethod(nameof(ComputeDirtyPeriods.RunAsync))!;
        Assert.Equal(nameof(ComputeDirtyPeriods), compute.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%ComputeSchedule%", compute.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!.Schedule);
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
        await using var services = await AppServicesAsync(after: s => s.AddSingleton<Regfin.Core.Runtime.IInboxIngest, FailingIngest>());
        var storage = services.GetRequiredService<StorageAccount>();
        var blob = storage.Container(Containers.Inbox).GetBlobClient("ledger/2025-10.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-10;RS;4010;1\n"));
        var function = services.GetRequiredService<IngestInboxBlob>();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => function.RunAsync(blob, new TestFunctionContext(services)));
            Assert.True(await blob.ExistsAsync());
        }

        await function.RunAsync(blob, new TestFunctionContext(services)); // the fifth: handled, not thrown

        Assert.False(await blob.ExistsAsync());
        var report = (await storage.Container(Containers.Rejected).GetBlobClient("ledger/2025-10.csv.report.txt").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("could not be processed after 5 attempts; last error: InvalidOperationException: simulated outage", report);
    }

    [Fact]
    public async Task The_poison_sweep_moves_a_blob_whose_event_Event_Grid_dead_lettered()
    {
        await using var services = await AppServicesAsync();
        var storage = services.GetRequiredService<StorageAccount>();
        var inbox = storage.Container(Containers.Inbox).GetBlobClient("lan/2025-10-31.csv");
        await inbox.UploadAsync(BinaryData.FromString("AsOf;LoanId;Lender;PrincipalSek;RateType;RatePercent;StartDate;MaturityDate\n"));
        var deadLetters = storage.Blobs.GetBlobContainerClient(Regfin.Core.Runtime.ScheduledJobs.DeadLetterContainer);
        await deadLetters.CreateIfNotExistsAsync();
        await deadLetters.GetBlobClient("regfin-inbox/2025/10/31/12/event.json").UploadAsync(BinaryData.FromString(
            $$"""[{"id":"1","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/inbox/blobs/lan/2025-10-31.csv","deadLetterReason":"MaxDeliveryAttemptsExceeded"}]"""));

        await services.GetRequiredService<SweepPoisonBlobs>().RunAsync(new TimerInfo(), new TestFunctionContext(services));

        Assert.False(await inbox.ExistsAsync());
        var report = (await storage.Container(Containers.Rejected).GetBlobClient("lan/2025-10-31.csv.report.txt").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("dead-lettered", report);
        Assert.Empty(deadLetters.GetBlobs());
    }

    [Fact]
    public async Task The_nightly_recompute_computes_every_open_period_again()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 11, 5, 2, 0, 0, TimeSpan.Zero));
        await using var services = await AppServicesAsync(before: s => s.AddSingleton<TimeProvider>(time));
        var storage = services.GetRequiredService<StorageAccount>();
        foreach (var (name, period) in new[] { ("ledger/2023-10.csv", "2023-10"), ("ledger/2025-10.csv", "2025-10") })
        {
            var blob = storage.Container(Containers.Inbox).GetBlobClient(name);
            await blob.UploadAsync(BinaryData.FromString($"Period;Committee;Account;Amount\n{period};RS;8010;-10\n"));
            await services.GetRequiredService<IngestInboxBlob>().RunAsync(blob, new TestFunctionContext(services));
        }

        await services.GetRequiredService<ComputeDirtyPeriods>().RunAsync(new TimerInfo(), new TestFunctionContext(services));
        await services.GetRequiredService<RecomputeOpenPeriods>().RunAsync(new TimerInfo(), new TestFunctionContext(services));

        var runs = new List<string>();
        await foreach (var run in storage.Table(Tables.Runs).QueryAsync<TableEntity>())
        {
            runs.Add(run.PartitionKey);
        }

        // 2025 is open (and 2024): October 2025 computed twice; 2023 is closed: once.
        Assert.Equal(2, runs.Count(r => r == "2025-10"));
        Assert.Equal(1, runs.Count(r => r == "2023-10"));
    }

    [Fact]
    public void Every_timer_reads_its_schedule_from_an_app_setting_that_the_sample_settings_define()
    {
        var settings = File.ReadAllText(Path.Combine(TestFiles.Root, "local.settings.sample.json"));
        var timers = typeof(IngestInboxBlob).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods()).Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(m => m.Function is not null)
            .Select(m => (m.Function!.Name, Trigger: m.Method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(t => t.Trigger is not null).ToList();

        Assert.Equal(["CheckLiquidity", "ComputeDirtyPeriods", "DispatchAlerts", "RecomputeOpenPeriods", "SweepPoisonBlobs"], timers.Select(t => t.Name).Order());
        foreach (var (name, trigger) in timers)
        {
            var setting = trigger!.Schedule.Trim('%');
            Assert.Contains(setting, Regfin.Core.Runtime.Schedules.Defaults.Keys);
            Assert.Contains($"\"{setting}\": \"{Regfin.Core.Runtime.Schedules.Defaults[setting]}\"", settings);
        }
    }
}
