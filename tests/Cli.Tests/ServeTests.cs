using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Regfin.Cli.LocalStorage;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary><c>regfin serve</c>'s host against Azurite: the inbox watcher, the schedules, the poison threshold, two hosts, a restart.</summary>
public class ServeTests
{
    // Compute every 2 seconds; the other jobs once a year, out of the way.
    private static readonly Dictionary<string, string?> Fast = new()
    {
        [Schedules.Compute] = "*/2 * * * * *",
        [Schedules.Recompute] = "0 0 0 1 1 *",
        [Schedules.LiquidityCheck] = "0 0 0 1 1 *",
        [Schedules.AlertDispatch] = "0 0 0 1 1 *",
        [Schedules.PoisonSweep] = "0 0 0 1 1 *",
    };

    // Three ledger months whose dirty periods do not overlap (each marks its year and the next).
    private static readonly (string Name, string Content)[] Files =
    [
        ("ledger/2019-01.csv", "Period;Committee;Account;Amount\n2019-01;RS;8010;-100\n2019-01;RS;4010;60\n"),
        ("ledger/2021-01.csv", "Period;Committee;Account;Amount\n2021-01;RS;8010;-200\n2021-01;RS;4010;150\n"),
        ("ledger/2023-01.csv", "Period;Committee;Account;Amount\n2023-01;RS;8010;-300\n2023-01;RS;4010;240\n"),
    ];

    private static LocalHost Host(StorageSession session, Action<string, InboxOutcome>? onInbox = null) =>
        new(session, TimeProvider.System, NullLogger<LocalHost>.Instance) { PollInterval = TimeSpan.FromMilliseconds(200), OnInbox = onInbox };

    private static async Task UploadAsync(StorageSession session, string name, string content) =>
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);

    private static async Task<List<TableEntity>> RowsAsync(StorageSession session, string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in session.Get<StorageAccount>().Table(table).QueryAsync<TableEntity>())
        {
            rows.Add(e);
        }

        return rows;
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<bool> SettledAsync(StorageSession session, int periods)
    {
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        await foreach (var _ in inbox.GetBlobsAsync())
        {
            return false;
        }

        return (await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None)).Count == 0
            && (await RowsAsync(session, Tables.Runs)).Select(r => r.PartitionKey).Distinct().Count() >= periods;
    }

    [Fact]
    public async Task A_file_dropped_while_the_host_runs_is_ingested_and_computed_within_one_schedule_tick()
    {
        await using var session = await CliStorage.OpenAsync(settings: Fast);
        using var stop = new CancellationTokenSource();
        var host = Host(session).RunAsync(stop.Token);
        await Task.Delay(500);

        var dropped = DateTime.UtcNow;
        await UploadAsync(session, Files[0].Name, Files[0].Content);
        await WaitAsync(async () => (await RowsAsync(session, Tables.Runs)).Any(r => r.PartitionKey == "2019-01"), TimeSpan.FromSeconds(30), "the computed period");
        var run = (await RowsAsync(session, Tables.Runs)).Single(r => r.PartitionKey == "2019-01");

        // Ingested on the next inbox listing, computed at the next 2-second tick after that.
        Assert.True(run.GetDateTime("Started") - dropped < TimeSpan.FromSeconds(2 + 2), $"computed {run.GetDateTime("Started") - dropped} after the drop");
        Assert.Equal(40d, (await RowsAsync(session, Tables.Kpis)).Single(k => k.RowKey == "OperatingResult").GetDouble("Value"));
        await stop.CancelAsync();
        await host;
    }

    /// <summary>Fails every attempt on a blob whose name says so: the storage outage the poison threshold is for.</summary>
    private sealed class FailingIngest(IngestHandler inner) : IInboxIngest
    {
        public Task<IngestResult> IngestAsync(string blobName, CancellationToken cancellationToken) =>
            blobName.Contains("poison", StringComparison.Ordinal)
                ? throw new InvalidOperationException("simulated failure reading the staging table")
                : inner.IngestAsync(blobName, cancellationToken);
    }

    [Fact]
    public async Task A_file_that_always_fails_ends_in_rejected_with_a_report_after_five_attempts_and_the_others_go_on()
    {
        await using var session = await CliStorage.OpenAsync(settings: Fast,
            configure: s => s.AddSingleton<IInboxIngest>(sp => new FailingIngest(sp.GetRequiredService<IngestHandler>())));
        await UploadAsync(session, "ledger/poison.csv", Files[0].Content);
        await UploadAsync(session, Files[1].Name, Files[1].Content);
        var outcomes = new List<InboxOutcome>();
        using var stop = new CancellationTokenSource();
        var host = Host(session, (name, outcome) => { if (name.Contains("poison", StringComparison.Ordinal)) { lock (outcomes) { outcomes.Add(outcome); } } }).RunAsync(stop.Token);

        var rejected = session.Get<StorageAccount>().Container(Containers.Rejected);
        await WaitAsync(async () => await rejected.GetBlobClient("ledger/poison.csv.report.txt").ExistsAsync(), TimeSpan.FromSeconds(30), "the poison report");
        await WaitAsync(() => SettledAsync(session, 1), TimeSpan.FromSeconds(30), "the good file");
        await stop.CancelAsync();
        await host;

        Assert.Equal([InboxOutcome.Failed, InboxOutcome.Failed, InboxOutcome.Failed, InboxOutcome.Failed, InboxOutcome.Poisoned], outcomes);
        var report = (await rejected.GetBlobClient("ledger/poison.csv.report.txt").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("could not be processed after 5 attempts; last error: InvalidOperationException: simulated failure reading the staging table", report);
        Assert.Equal(Files[0].Content, (await rejected.GetBlobClient("ledger/poison.csv").DownloadContentAsync()).Value.Content.ToString()); // nothing lost
        var receipt = (await RowsAsync(session, Tables.Receipts)).Single(r => r.GetString("BlobName") == "ledger/poison.csv");
        Assert.Equal((5L, "Poisoned"), (receipt.GetInt64("Attempts"), receipt.GetString("Status")));
        Assert.Contains(await RowsAsync(session, Tables.Kpis), k => k.PartitionKey == "2021-01");
    }

    [Fact]
    public async Task Two_hosts_side_by_side_process_each_file_once_and_compute_each_period_once()
    {
        var prefix = TestStorage.NewPrefix();
        await using var a = await CliStorage.OpenAsync(prefix, Fast);
        await using var b = await CliStorage.OpenAsync(prefix, Fast);
        foreach (var (name, content) in Files)
        {
            await UploadAsync(a, name, content);
        }

        using var stop = new CancellationTokenSource();
        var hosts = new[] { Host(a).RunAsync(stop.Token), Host(b).RunAsync(stop.Token) };
        await WaitAsync(() => SettledAsync(a, 3), TimeSpan.FromSeconds(60), "both hosts to finish");
        await Task.Delay(2500); // one more tick: a second compute would show now
        await stop.CancelAsync();
        await Task.WhenAll(hosts);

        var receipts = await RowsAsync(a, Tables.Receipts);
        Assert.Equal(3, receipts.Count);
        Assert.All(receipts, r => Assert.Equal((1L, "Done"), (r.GetInt64("Attempts"), r.GetString("Status"))));
        var imports = await RowsAsync(a, Tables.Imports);
        Assert.Equal(3, imports.Count);
        Assert.All(imports, i => Assert.Equal("Accepted", i.GetString("Status")));
        var runs = (await RowsAsync(a, Tables.Runs)).GroupBy(r => r.PartitionKey).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["2019-01"] = 1, ["2021-01"] = 1, ["2023-01"] = 1 }, runs);
    }

    [Fact]
    public async Task A_host_stopped_mid_run_and_restarted_completes_the_work_with_the_tables_of_a_clean_run()
    {
        // The clean run: the same files through the handlers, in one go.
        await using var clean = await CliStorage.OpenAsync(settings: Fast);
        foreach (var (name, content) in Files)
        {
            await UploadAsync(clean, name, content);
            await clean.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        }

        await clean.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var prefix = TestStorage.NewPrefix();
        await using (var first = await CliStorage.OpenAsync(prefix, Fast))
        {
            foreach (var (name, content) in Files)
            {
                await UploadAsync(first, name, content);
            }

            using var stop = new CancellationTokenSource();
            var host = Host(first, (_, _) => stop.Cancel()).RunAsync(stop.Token); // stop as soon as the first file is done
            await host;
            await foreach (var _ in first.Get<StorageAccount>().Container(Containers.Inbox).GetBlobsAsync())
            {
                goto stoppedEarly;
            }

            Assert.Fail("the first host processed everything before it was stopped; the test needs it stopped mid-run");
stoppedEarly:;
        }

        await using var second = await CliStorage.OpenAsync(prefix, Fast);
        using (var stop = new CancellationTokenSource())
        {
            var host = Host(second).RunAsync(stop.Token);
            await WaitAsync(() => SettledAsync(second, 3), TimeSpan.FromSeconds(60), "the restarted host");
            await stop.CancelAsync();
            await host;
        }

        using var cleanExport = new TempDirectory();
        using var resumedExport = new TempDirectory();
        await clean.Get<CsvExporter>().ExportAsync(cleanExport.Path, null, CancellationToken.None);
        await second.Get<CsvExporter>().ExportAsync(resumedExport.Path, null, CancellationToken.None);
        foreach (var table in OutputTables.All.Where(t => t != OutputTables.Imports && t != OutputTables.Alerts && t != OutputTables.AlertDeliveries))
        {
            Assert.Equal(
                CsvFiles.Without(File.ReadAllText(Path.Combine(cleanExport.Path, table.Name + ".csv")), "ComputedAt", "Sources"),
                CsvFiles.Without(File.ReadAllText(Path.Combine(resumedExport.Path, table.Name + ".csv")), "ComputedAt", "Sources"));
        }
    }
}
