using Azure.Data.Tables;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Pipeline;

[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class ComputeHandlerTests
{
    private static async Task IngestAsync(TestSession session, string name, string content)
    {
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
        var result = await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        Assert.NotEqual(ImportStatus.Rejected, result.Status);
    }

    private static async Task<Dictionary<string, TableEntity>> PartitionAsync(TestSession session, string table, string partition)
    {
        var rows = new Dictionary<string, TableEntity>();
        await foreach (var e in session.Get<StorageAccount>().Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows[e.RowKey] = e;
        }

        return rows;
    }

    [Fact]
    public async Task Computes_the_report_lines_of_a_period_from_the_staged_ledger_in_whole_kronor()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "ledger/jan.csv", "Period;Committee;Account;Amount\n2025-01;RS;8010;-1000,40\n2025-01;HSN;4010;600\n");
        await IngestAsync(session, "ledger/feb.csv", "Period;Committee;Account;Amount\n2025-02;RS;8010;-1000\n2025-02;HSN;4010;700,50\n2025-02;HSN;3010;-100\n");

        var results = await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        Assert.Equal(["2025-01", "2025-02"], results.Where(r => r.HasData).Select(r => r.Period.ToString()));
        Assert.Empty(await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None));
        var kpis = await PartitionAsync(session, Tables.Kpis, "2025-02");
        // YTD: tax 2000.40, costs −1300.50, income 100 → OperatingResult 799.90 → 800 whole kronor.
        Assert.Equal(800d, kpis["OperatingResult"].GetDouble("Value"));
        Assert.Equal(400d, kpis["OperatingResult"].GetDouble("Month")); // 1000 − 700.50 + 100 = 399.50 → 400 (half away from zero)
        Assert.Null(kpis["OperatingResult"].GetDouble("PriorYear"));
        Assert.Equal(2000d, kpis["TaxRevenue"].GetDouble("Value"));
        Assert.Equal("Verksamhetens resultat", kpis["OperatingResult"].GetString("Label"));
        Assert.Equal("2025-02", kpis["OperatingResult"].GetString("Period"));
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero), kpis["OperatingResult"].GetDateTimeOffset("PeriodEnd"));
        Assert.Equal("2000-01-01", kpis["OperatingResult"].GetString("PolicyVersion"));
        Assert.Equal(2, kpis["OperatingResult"].GetString("Sources")!.Split(';').Length);

        var facts = await PartitionAsync(session, Tables.LedgerFacts, "2025-02");
        Assert.Equal(["HSN|3010", "HSN|4010", "RS|8010"], facts.Keys.Order());
        Assert.Equal(701d, facts["HSN|4010"].GetDouble("AmountSek"));
        Assert.Equal("OperatingCosts", facts["HSN|4010"].GetString("ReportLine"));
    }

    [Fact]
    public async Task The_run_log_knows_the_latest_computed_period_whatever_order_the_periods_were_computed_in()
    {
        await using var session = await TestStorage.OpenAsync();
        var runs = session.Get<RunLog>();
        Assert.Null(await runs.LatestPeriodAsync(CancellationToken.None));
        await IngestAsync(session, "ledger/q1.csv", "Period;Committee;Account;Amount\n2025-01;RS;8010;-1000\n2025-03;RS;8010;-1000\n");

        await session.Get<ComputeHandler>().ComputeAsync(Period.Parse("2025-03"), CancellationToken.None);
        await session.Get<ComputeHandler>().ComputeAsync(Period.Parse("2025-01"), CancellationToken.None);

        Assert.Equal(Period.Parse("2025-03"), await runs.LatestPeriodAsync(CancellationToken.None));
        var logged = await PartitionAsync(session, Tables.Runs, "2025-01");
        var run = Assert.Single(logged.Values);
        // The row key starts with the run's start, so a period's runs list in the order they ran.
        Assert.StartsWith(run.GetDateTimeOffset("Started")!.Value.UtcDateTime.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + "-", run.RowKey, StringComparison.Ordinal);
        Assert.True(run.GetDateTimeOffset("Completed") >= run.GetDateTimeOffset("Started"));
        Assert.Single(run.GetString("Imports")!.Split(';')); // the one ledger file
    }

    [Fact]
    public async Task A_replacing_file_removes_rows_the_recomputation_no_longer_produces()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "ledger/a.csv", "Period;Committee;Account;Amount\n2025-03;RS;4010;5\n2025-03;RS;4020;7\n");
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        await Task.Delay(1100); // upload times have one-second resolution
        await IngestAsync(session, "ledger/b.csv", "Period;Committee;Account;Amount\n2025-03;RS;4010;9\n");

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var facts = await PartitionAsync(session, Tables.LedgerFacts, "2025-03");
        Assert.Equal(["RS|4010"], facts.Keys);
        Assert.Equal(9d, facts["RS|4010"].GetDouble("AmountSek"));
    }

    [Fact]
    public async Task Recomputing_gives_byte_identical_exports_apart_from_ComputedAt()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "ledger/a.csv", "Period;Committee;Account;Amount\n2025-01;RS;8010;-10\n2025-01;RS;4010;1\n");
        var compute = session.Get<ComputeHandler>();
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        await compute.ComputeAsync(new Period(2025, 1), CancellationToken.None);
        await session.Get<CsvExporter>().ExportAsync(first.Path, null, CancellationToken.None);
        await Task.Delay(20);
        await compute.ComputeAsync(new Period(2025, 1), CancellationToken.None);
        await session.Get<CsvExporter>().ExportAsync(second.Path, null, CancellationToken.None);

        // Every table but the delivery log, which records each attempt (the default policy's webhook has no URL here).
        foreach (var table in OutputTables.All.Where(t => t != OutputTables.AlertDeliveries))
        {
            var a = CsvFiles.Without(File.ReadAllText(Path.Combine(first.Path, table.Name + ".csv")), "ComputedAt");
            var b = CsvFiles.Without(File.ReadAllText(Path.Combine(second.Path, table.Name + ".csv")), "ComputedAt");
            Assert.Equal(a, b);
        }

        var kpis = File.ReadAllLines(Path.Combine(first.Path, "kpis.csv"));
        Assert.StartsWith("PartitionKey,RowKey,Period,PeriodEnd,Area,KpiId,Label,Unit,Value,Month,PriorYear,Budget,BudgetYear,Deviation,Target,Status,Reason,Forecast,ForecastDeviation,ForecastSource,ForecastAsOf,ComputedAt,PolicyVersion,Sources", kpis[0]);
        Assert.Contains(kpis, l => l.StartsWith("2025-01,OperatingResult,2025-01,2025-01-31,Result,OperatingResult,Verksamhetens resultat,SEK,9,9,,,,,,,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recomputing_the_whole_sample_year_gives_identical_exports_of_every_table()
    {
        await using var session = await TestStorage.OpenAsync();
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        foreach (var file in Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(TestFiles.SampleInbox, file).Replace('\\', '/');
            await inbox.GetBlobClient(name).UploadAsync(file);
            Assert.Equal(ImportStatus.Accepted, (await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None)).Status);
        }

        var compute = session.Get<ComputeHandler>();
        var periods = (await compute.ComputeDirtyAsync(CancellationToken.None)).Where(r => r.HasData).Select(r => r.Period).ToList();
        Assert.Equal(22, periods.Count); // 2024-01 … 2025-10
        using var first = new TempDirectory();
        await session.Get<CsvExporter>().ExportAsync(first.Path, null, CancellationToken.None);

        foreach (var period in periods.AsEnumerable().Reverse())
        {
            await compute.ComputeAsync(period, CancellationToken.None); // again, in another order
        }

        using var second = new TempDirectory();
        await session.Get<CsvExporter>().ExportAsync(second.Path, null, CancellationToken.None);
        foreach (var table in OutputTables.All.Where(t => t != OutputTables.AlertDeliveries))
        {
            Assert.Equal(
                CsvFiles.Without(File.ReadAllText(Path.Combine(first.Path, table.Name + ".csv")), "ComputedAt"),
                CsvFiles.Without(File.ReadAllText(Path.Combine(second.Path, table.Name + ".csv")), "ComputedAt"));
        }
    }
}
