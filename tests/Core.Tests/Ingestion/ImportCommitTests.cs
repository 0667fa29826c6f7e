using Azure;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Tests.Reliability;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>
/// The import log record is an import's commit (<see cref="FactStage"/>): ingestion stages the rows
/// while the archive upload is still in flight, and they count only once the record is written, after
/// the archive. An ingestion cut short — here by an archive that cannot be written — leaves rows in
/// the stage that count for nothing, and running it again commits them.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class ImportCommitTests
{
    private const string First = "Period;Committee;Account;Amount\n2025-10;RS;4010;100\n2025-10;HSN;3010;-50\n";

    // October's RS anew, and November, which no committed file has yet.
    private const string Newer = "Period;Committee;Account;Amount\n2025-10;RS;4010;175\n2025-11;RS;4010;20\n";

    private static async Task<List<string>> CountingAsync(TestSession session, int month) =>
        (await session.Get<FactStage>().AmountsAsync(InputKind.Ledger, new Period(2025, month), CancellationToken.None))
        .Select(a => $"{a.Key.Committee}|{a.Key.Account}|{a.Amount}").Order().ToList();

    [Fact]
    public async Task Rows_staged_by_an_ingestion_whose_archive_failed_count_for_nothing_until_a_rerun_commits_them()
    {
        var direct = await TestStorage.ConnectionStringAsync();
        var blob = new Uri(StorageFaultTests.Endpoint("Blob").Match(direct).Groups[1].Value).GetLeftPart(UriPartial.Authority);
        var failing = false;
        await using var proxy = new FaultProxy(new Uri(blob)) { Plan = _ => Volatile.Read(ref failing) ? Fault.ServerBusy : Fault.None };
        await proxy.StartAsync();
        await using var session = await TestSession.OpenAsync(direct.Replace(blob, $"http://127.0.0.1:{proxy.Port}", StringComparison.Ordinal),
            new Dictionary<string, string?> { ["Storage:Prefix"] = TestStorage.NewPrefix() });
        var stage = session.Get<FactStage>();
        var log = session.Get<ImportLog>();

        Assert.Equal(ImportStatus.Accepted, (await LocalIngestTests.IngestLocalAsync(session, "ledger/first.csv", First)).Status);
        Assert.Equal(["HSN|3010|-50", "RS|4010|100"], await CountingAsync(session, 10));

        // Blob storage answers 503 to everything: the table steps succeed, the archive never does.
        Volatile.Write(ref failing, true);
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => LocalIngestTests.IngestLocalAsync(session, "ledger/newer.csv", Newer));
        Assert.Equal(503, failure.Status);
        Volatile.Write(ref failing, false);

        // Its rows are in the stage (staged while the upload was being retried) ...
        var staged = await stage.ImportsByPartitionAsync(InputKind.Ledger, CancellationToken.None);
        Assert.Equal(2, staged["ledger|2025-10|RS"].Count);
        Assert.Single(staged["ledger|2025-11|RS"]);
        // ... but without its log record nothing of it counts: October is still the first file's, November has no ledger.
        Assert.Single(await log.ListAsync(CancellationToken.None));
        Assert.Equal(["HSN|3010|-50", "RS|4010|100"], await CountingAsync(session, 10));
        Assert.Empty(await CountingAsync(session, 11));
        Assert.DoesNotContain(new Period(2025, 11), await stage.DataPeriodsAsync(CancellationToken.None));

        // Run again: archived, logged, and now it counts.
        Assert.Equal(ImportStatus.Accepted, (await LocalIngestTests.IngestLocalAsync(session, "ledger/newer.csv", Newer)).Status);
        Assert.Equal(["HSN|3010|-50", "RS|4010|175"], await CountingAsync(session, 10));
        Assert.Equal(["RS|4010|20"], await CountingAsync(session, 11));
        Assert.Contains(new Period(2025, 11), await stage.DataPeriodsAsync(CancellationToken.None));
        var imports = await log.ListAsync(CancellationToken.None);
        Assert.Equal(2, imports.Count);
        Assert.All(imports, i => Assert.Equal(ImportStatus.Accepted, i.Status)); // the first still wins October's HSN
        Assert.True(proxy.Injected[Fault.ServerBusy] >= 6, $"{proxy.Injected[Fault.ServerBusy]} 503s: the archive upload should have been tried and retried");
    }

    [Fact]
    public async Task An_ingestion_whose_dirty_marks_failed_commits_nothing_and_its_rerun_marks_and_commits()
    {
        // The table endpoint through the proxy; only the dirtyperiods table fails (503 on every try).
        var direct = await TestStorage.ConnectionStringAsync();
        var table = new Uri(StorageFaultTests.Endpoint("Table").Match(direct).Groups[1].Value).GetLeftPart(UriPartial.Authority);
        var failing = false;
        await using var proxy = new FaultProxy(new Uri(table))
        {
            PlanByRequest = (path, body) => Volatile.Read(ref failing) && (path + body).Contains("dirtyperiods", StringComparison.Ordinal) ? Fault.ServerBusy : Fault.None,
        };
        await proxy.StartAsync();
        await using var session = await TestSession.OpenAsync(direct.Replace(table, $"http://127.0.0.1:{proxy.Port}", StringComparison.Ordinal),
            new Dictionary<string, string?> { ["Storage:Prefix"] = TestStorage.NewPrefix() });
        var inbox = session.Get<Regfin.Core.Storage.StorageAccount>().Container(Regfin.Core.Storage.Containers.Inbox);
        await inbox.GetBlobClient("ledger/2025-10.csv").UploadAsync(BinaryData.FromString(First));

        Volatile.Write(ref failing, true);
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => session.Get<IngestHandler>().IngestAsync("ledger/2025-10.csv", CancellationToken.None));
        Assert.Equal(503, failure.Status);
        Volatile.Write(ref failing, false);
        Assert.Empty(await session.Get<ImportLog>().ListAsync(CancellationToken.None)); // no commit without its marks

        // The retry (the next delivery) marks the periods and commits; compute then sees October.
        Assert.Equal(ImportStatus.Accepted, (await session.Get<IngestHandler>().IngestAsync("ledger/2025-10.csv", CancellationToken.None)).Status);
        Assert.Contains(new Period(2025, 10), (await session.Get<Regfin.Core.Pipeline.DirtyPeriods>().ListAsync(CancellationToken.None)).Select(d => d.Period));
        var computed = await session.Get<Regfin.Core.Pipeline.ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        // October's net operating cost in the report sign: HSN's income +50, RS's cost −100 (the year to date lacks January–September).
        Assert.Equal(-50m, computed.Single(r => r.Period == new Period(2025, 10)).Kpis.Single(k => k.KpiId == "NetOperatingCost").Month);
    }
}
