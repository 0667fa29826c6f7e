using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class IngestHandlerTests
{
    /// <summary>Blob creation times have one-second resolution (x-ms-creation-time is RFC 1123).</summary>
    private static readonly TimeSpan UploadTimeResolution = TimeSpan.FromMilliseconds(1100);

    private const string Good = "Period;Committee;Account;Amount\n2025-10;RS;4010;100\n2025-10;RS;8010;-300\n2025-10;HSN;3010;-50\n";

    private static async Task UploadAsync(TestSession session, string name, string content) =>
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name)
            .UploadAsync(BinaryData.FromString(content), overwrite: true);

    private static async Task<List<string>> BlobNamesAsync(TestSession session, string container)
    {
        var names = new List<string>();
        await foreach (var b in session.Get<StorageAccount>().Container(container).GetBlobsAsync())
        {
            names.Add(b.Name);
        }

        return names;
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

    [Fact]
    public async Task An_accepted_file_is_archived_by_hash_staged_logged_marks_periods_dirty_and_leaves_the_inbox()
    {
        await using var session = await TestStorage.OpenAsync();
        await UploadAsync(session, "ledger/2025-10/huvudbok.csv", Good);

        var result = await session.Get<IngestHandler>().IngestAsync("ledger/2025-10/huvudbok.csv", CancellationToken.None);

        Assert.Equal(ImportStatus.Accepted, result.Status);
        Assert.Equal(3, result.Rows);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Good)));
        var archive = await BlobNamesAsync(session, Containers.Archive);
        Assert.Equal([$"ledger/{sha}.csv"], archive.Where(n => !n.StartsWith(FileArchive.UploadRecords, StringComparison.Ordinal)));
        Assert.Single(archive, n => n.StartsWith($"{FileArchive.UploadRecords}{result.ImportId!.Value.Value}-", StringComparison.Ordinal)); // the upload record a replay reads
        var archived = await session.Get<StorageAccount>().Container(Containers.Archive).GetBlobClient($"ledger/{sha}.csv").DownloadContentAsync();
        Assert.Equal(Good, archived.Value.Content.ToString());
        Assert.Empty(await BlobNamesAsync(session, Containers.Inbox));

        var import = Assert.Single(await session.Get<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal(ImportStatus.Accepted, import.Status);
        Assert.Equal(sha, import.Sha256);
        Assert.Equal(3, import.Rows);
        Assert.Equal(2, import.Scopes);
        Assert.EndsWith("-" + sha[..16], import.Id.Value);

        Assert.Equal(2, (await RowsAsync(session, Tables.Stage)).Count); // one packed row per (period, committee)
        var dirty = (await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None)).Select(d => d.Period.ToString()).ToList();
        Assert.Equal(["2025-10", "2025-11", "2025-12", "2026-01"], dirty.Take(4));
        Assert.Equal(15, dirty.Count); // Oct–Dec 2025 and every month of 2026
    }

    [Fact]
    public async Task A_bad_file_goes_to_rejected_with_a_report_and_nothing_is_imported()
    {
        await using var session = await TestStorage.OpenAsync();
        const string bad = "Period;Committee;Account;Amount\n2025-10;RS;4010;100\n2025-10;RS;4010;12,3,4\n";
        await UploadAsync(session, "ledger/bad.csv", bad);

        var result = await session.Get<IngestHandler>().IngestAsync("ledger/bad.csv", CancellationToken.None);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("Amount", error.Column);
        Assert.Equal("12,3,4", error.Value);
        Assert.Equal(["ledger/bad.csv", "ledger/bad.csv.report.json", "ledger/bad.csv.report.txt"], (await BlobNamesAsync(session, Containers.Rejected)).Order());
        var rejected = session.Get<StorageAccount>().Container(Containers.Rejected);
        Assert.Equal(bad, (await rejected.GetBlobClient("ledger/bad.csv").DownloadContentAsync()).Value.Content.ToString());
        using var report = JsonDocument.Parse((await rejected.GetBlobClient("ledger/bad.csv.report.json").DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(1, report.RootElement.GetProperty("errorCount").GetInt64());
        Assert.Equal("Amount", report.RootElement.GetProperty("errors")[0].GetProperty("column").GetString());
        var text = (await rejected.GetBlobClient("ledger/bad.csv.report.txt").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("row 3, column Amount, value '12,3,4'", text);

        Assert.Empty(await RowsAsync(session, Tables.Stage));
        Assert.Empty(await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None));
        Assert.Empty(await BlobNamesAsync(session, Containers.Inbox));
        var import = Assert.Single(await session.Get<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal((ImportStatus.Rejected, 1L, "ledger/bad.csv.report.json"), (import.Status, import.ErrorCount, import.ReportBlob));
    }

    [Theory]
    [InlineData("okand/fil.csv", "'okand' is not a known kind")]
    [InlineData("fil.csv", "not in a kind folder")]
    [InlineData("ledger/fil.txt", "extension '.txt'")]
    public async Task A_file_without_a_known_kind_is_rejected_with_a_report_not_ignored(string name, string reason)
    {
        await using var session = await TestStorage.OpenAsync();
        await UploadAsync(session, name, Good);
        var result = await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Contains(reason, Assert.Single(result.Errors).Reason);
        Assert.Contains(name + ".report.txt", await BlobNamesAsync(session, Containers.Rejected));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_moved_to_rejected_unread_with_a_report()
    {
        await using var session = await TestStorage.OpenAsync(settings: new Dictionary<string, string?> { ["Ingestion:MaxFileBytes"] = "64" });
        await UploadAsync(session, "ledger/big.csv", Good); // 96 bytes

        var result = await session.Get<IngestHandler>().IngestAsync("ledger/big.csv", CancellationToken.None);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Contains("larger than the limit", Assert.Single(result.Errors).Reason);
        var rejected = session.Get<StorageAccount>().Container(Containers.Rejected);
        Assert.Equal(Good, (await rejected.GetBlobClient("ledger/big.csv").DownloadContentAsync()).Value.Content.ToString());
        Assert.True(await rejected.GetBlobClient("ledger/big.csv.report.txt").ExistsAsync());
        Assert.Empty(await BlobNamesAsync(session, Containers.Inbox));
        Assert.Empty(await RowsAsync(session, Tables.Stage));
    }

    [Fact]
    public async Task The_same_bytes_under_another_name_are_a_duplicate_that_changes_nothing()
    {
        await using var session = await TestStorage.OpenAsync();
        var handler = session.Get<IngestHandler>();
        await UploadAsync(session, "ledger/a.csv", Good);
        await handler.IngestAsync("ledger/a.csv", CancellationToken.None);
        var staged = await RowsAsync(session, Tables.Stage);

        await Task.Delay(UploadTimeResolution);
        await UploadAsync(session, "huvudbok/b.csv", Good);
        var result = await handler.IngestAsync("huvudbok/b.csv", CancellationToken.None);

        Assert.Equal(ImportStatus.Duplicate, result.Status);
        Assert.Equal(staged.Select(s => s.RowKey), (await RowsAsync(session, Tables.Stage)).Select(s => s.RowKey));
        Assert.Equal([ImportStatus.Accepted, ImportStatus.Duplicate], (await session.Get<ImportLog>().ListAsync(CancellationToken.None)).Select(i => i.Status).Order());
    }

    [Fact]
    public async Task The_same_bytes_under_another_name_in_the_same_second_are_still_a_duplicate()
    {
        await using var session = await TestStorage.OpenAsync();
        var handler = session.Get<IngestHandler>();
        await UploadAsync(session, "ledger/a.csv", Good);
        await UploadAsync(session, "ledger/b.csv", Good);
        var first = await handler.IngestAsync("ledger/a.csv", CancellationToken.None);
        var second = await handler.IngestAsync("ledger/b.csv", CancellationToken.None);
        Assert.Equal(ImportStatus.Accepted, first.Status);
        // Same second gives the same import id; the second name is a duplicate, not a re-delivery.
        Assert.Equal(ImportStatus.Duplicate, second.Status);
        Assert.Equal(2, (await RowsAsync(session, Tables.Stage)).Count); // one packed row per (period, committee)
        Assert.Empty(await BlobNamesAsync(session, Containers.Inbox));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_at_once_imports_once()
    {
        await using var session = await TestStorage.OpenAsync();
        await UploadAsync(session, "ledger/x.csv", Good);
        var handler = session.Get<IngestHandler>();

        var results = await Task.WhenAll(
            handler.IngestAsync("ledger/x.csv", CancellationToken.None),
            handler.IngestAsync("ledger/x.csv", CancellationToken.None));

        var import = Assert.Single(await session.Get<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal(ImportStatus.Accepted, import.Status);
        Assert.Contains(results, r => r.Status == ImportStatus.Accepted);
        Assert.Equal(2, (await RowsAsync(session, Tables.Stage)).Count); // one packed row per (period, committee)
    }

    [Fact]
    public async Task A_newer_upload_replaces_its_scopes_whatever_the_processing_order()
    {
        await using var session = await TestStorage.OpenAsync();
        var handler = session.Get<IngestHandler>();
        // Older upload covers RS and HSN; the newer one only RS.
        await UploadAsync(session, "ledger/old.csv", Good);
        await Task.Delay(UploadTimeResolution);
        await UploadAsync(session, "ledger/new.csv", "Period;Committee;Account;Amount\n2025-10;RS;4010;999\n");

        // Processed newest first: the older file arrives late.
        var newer = await handler.IngestAsync("ledger/new.csv", CancellationToken.None);
        var older = await handler.IngestAsync("ledger/old.csv", CancellationToken.None);

        Assert.Equal(ImportStatus.Accepted, newer.Status);
        Assert.Equal(ImportStatus.Accepted, older.Status); // still wins HSN
        var counting = await session.Get<Regfin.Core.Ingestion.Staging.FactStage>().AmountsAsync(InputKind.Ledger, new Period(2025, 10), CancellationToken.None);
        Assert.Equal(
            ["HSN|3010|-50", "RS|4010|999"],
            counting.Select(c => $"{c.Key.Committee}|{c.Key.Account}|{c.Amount}").Order());

        // A third, newest file covering HSN too leaves the old one with nothing: Superseded.
        await Task.Delay(UploadTimeResolution);
        await UploadAsync(session, "ledger/newest.csv", "Period;Committee;Account;Amount\n2025-10;HSN;3010;-70\n");
        await handler.IngestAsync("ledger/newest.csv", CancellationToken.None);
        var statuses = (await session.Get<ImportLog>().ListAsync(CancellationToken.None)).ToDictionary(i => i.BlobName, i => i.Status);
        Assert.Equal(ImportStatus.Superseded, statuses["ledger/old.csv"]);
        Assert.Equal(ImportStatus.Accepted, statuses["ledger/new.csv"]);
        Assert.Equal(ImportStatus.Accepted, statuses["ledger/newest.csv"]);
    }
}
