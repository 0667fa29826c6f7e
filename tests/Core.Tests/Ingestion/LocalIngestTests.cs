using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>
/// <see cref="IngestHandler.IngestLocalAsync"/> (<c>regfin ingest FILE</c>): a local file is archived
/// straight from its private copy while it is parsed, and ends exactly as an inbox upload does.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class LocalIngestTests
{
    private const string Good = "Period;Committee;Account;Amount\n2025-10;RS;4010;100\n2025-10;RS;8010;-300\n2025-10;HSN;3010;-50\n";

    private static readonly IngestionLimits Limits = new();

    /// <summary>Captures <paramref name="content"/> as <c>regfin ingest</c> captures a local file, starts its parse, ingests it.</summary>
    internal static async Task<IngestResult> IngestLocalAsync(TestSession session, string blobName, string content, bool parseAhead = true)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(TestFiles.WriteInbox(dir, blobName, content), blobName);
        await using var raw = (await RawFile.CaptureAsync(path, Limits.MaxFileBytes, CancellationToken.None))!;
        var parse = parseAhead ? ParseAhead.Start(blobName, raw, Limits) : null;
        return await session.Get<IngestHandler>().IngestLocalAsync(blobName, raw, parse, CancellationToken.None);
    }

    private static async Task<List<string>> BlobNamesAsync(TestSession session, string container)
    {
        var names = new List<string>();
        await foreach (var b in session.Get<StorageAccount>().Container(container).GetBlobsAsync())
        {
            names.Add(b.Name);
        }

        return names;
    }

    private static async Task<List<TableEntity>> StagedAsync(TestSession session)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in session.Get<StorageAccount>().Table(Tables.Stage).QueryAsync<TableEntity>())
        {
            rows.Add(e);
        }

        return rows;
    }

    [Fact]
    public async Task A_local_file_is_archived_by_hash_without_an_inbox_blob_staged_logged_and_marks_periods_dirty()
    {
        await using var session = await TestStorage.OpenAsync();
        var before = DateTimeOffset.UtcNow;

        var result = await IngestLocalAsync(session, "ledger/2025-10/huvudbok.csv", Good);

        Assert.Equal(ImportStatus.Accepted, result.Status);
        Assert.Equal(3, result.Rows);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Good)));
        var archive = await BlobNamesAsync(session, Containers.Archive);
        Assert.Equal([$"ledger/{sha}.csv"], archive.Where(n => !n.StartsWith(FileArchive.UploadRecords, StringComparison.Ordinal)));
        var archived = session.Get<StorageAccount>().Container(Containers.Archive);
        Assert.Equal(Good, (await archived.GetBlobClient($"ledger/{sha}.csv").DownloadContentAsync()).Value.Content.ToString());
        Assert.Empty(await BlobNamesAsync(session, Containers.Inbox)); // never went through it

        // Received now, to the whole second (as storage stamps an upload), and the id says so.
        var import = Assert.Single(await session.Get<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal((ImportStatus.Accepted, sha, (long?)3, (long?)2), (import.Status, import.Sha256, import.Rows, import.Scopes));
        Assert.Equal(0, import.ReceivedAt.Ticks % TimeSpan.TicksPerSecond);
        Assert.InRange(import.ReceivedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(ImportId.Create(import.ReceivedAt, sha), import.Id);

        // The upload record a replay reads: the name, the time and where the bytes are.
        var recordName = Assert.Single(archive, n => n.StartsWith($"{FileArchive.UploadRecords}{import.Id.Value}-", StringComparison.Ordinal));
        using var record = JsonDocument.Parse((await archived.GetBlobClient(recordName).DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal("ledger/2025-10/huvudbok.csv", record.RootElement.GetProperty("BlobName").GetString());
        Assert.Equal($"ledger/{sha}.csv", record.RootElement.GetProperty("Archive").GetString());
        Assert.Equal(import.ReceivedAt.UtcDateTime, record.RootElement.GetProperty("ReceivedAt").GetDateTime());

        Assert.Equal(2, (await StagedAsync(session)).Count); // one packed row per (period, committee)
        var counting = await session.Get<FactStage>().AmountsAsync(InputKind.Ledger, new Period(2025, 10), CancellationToken.None);
        Assert.Equal(["HSN|3010|-50", "RS|4010|100", "RS|8010|-300"], counting.Select(c => $"{c.Key.Committee}|{c.Key.Account}|{c.Amount}").Order());
        var dirty = (await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None)).Select(d => d.Period.ToString()).ToList();
        Assert.Equal(15, dirty.Count); // Oct–Dec 2025 and every month of 2026
        Assert.Equal("2025-10", dirty[0]);
    }

    [Fact]
    public async Task A_bad_local_file_goes_to_rejected_with_its_report_and_nothing_is_imported()
    {
        await using var session = await TestStorage.OpenAsync();
        const string bad = "Period;Committee;Account;Amount\n2025-10;RS;4010;100\n2025-10;RS;4010;12,3,4\n";

        var result = await IngestLocalAsync(session, "ledger/bad.csv", bad);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(((long?)3, "Amount", "12,3,4"), (error.Row, error.Column, error.Value));
        var rejected = session.Get<StorageAccount>().Container(Containers.Rejected);
        Assert.Equal(["ledger/bad.csv", "ledger/bad.csv.report.json", "ledger/bad.csv.report.txt"], (await BlobNamesAsync(session, Containers.Rejected)).Order());
        Assert.Equal(bad, (await rejected.GetBlobClient("ledger/bad.csv").DownloadContentAsync()).Value.Content.ToString());
        Assert.Contains("row 3, column Amount, value '12,3,4'", (await rejected.GetBlobClient("ledger/bad.csv.report.txt").DownloadContentAsync()).Value.Content.ToString());
        Assert.Empty(await StagedAsync(session));
        Assert.Empty(await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None));
        var import = Assert.Single(await session.Get<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal((ImportStatus.Rejected, 1L, "ledger/bad.csv.report.json"), (import.Status, import.ErrorCount, import.ReportBlob));
    }

    [Fact]
    public async Task The_same_local_file_ingested_again_later_is_a_duplicate_that_changes_nothing()
    {
        await using var session = await TestStorage.OpenAsync();
        var first = await IngestLocalAsync(session, "ledger/a.csv", Good);
        var staged = (await StagedAsync(session)).Select(r => r.RowKey).ToList();

        await Task.Delay(TimeSpan.FromMilliseconds(1100)); // the next second: a new upload, not the same one
        var again = await IngestLocalAsync(session, "ledger/a.csv", Good);

        Assert.Equal(ImportStatus.Accepted, first.Status);
        Assert.Equal(ImportStatus.Duplicate, again.Status);
        Assert.NotEqual(first.ImportId, again.ImportId);
        Assert.Equal(staged, (await StagedAsync(session)).Select(r => r.RowKey));
        Assert.Equal([ImportStatus.Accepted, ImportStatus.Duplicate], (await session.Get<ImportLog>().ListAsync(CancellationToken.None)).Select(i => i.Status).Order());
    }

    [Theory]
    [InlineData("okand/fil.csv", "'okand' is not a known kind", true)]
    [InlineData("ledger/fil.txt", "extension '.txt'", true)]
    [InlineData("ledger/a.csv", null, false)] // no parse started ahead: the handler starts its own
    public async Task Without_a_parse_ahead_the_handler_parses_and_a_name_without_a_kind_is_rejected(string name, string? reason, bool parseAhead)
    {
        await using var session = await TestStorage.OpenAsync();

        var result = await IngestLocalAsync(session, name, Good, parseAhead);

        if (reason is null)
        {
            Assert.Equal((ImportStatus.Accepted, 3L), (result.Status, result.Rows));
        }
        else
        {
            Assert.Equal(ImportStatus.Rejected, result.Status);
            Assert.Contains(reason, Assert.Single(result.Errors).Reason);
            Assert.Contains(name + ".report.txt", await BlobNamesAsync(session, Containers.Rejected));
        }
    }

    [Fact]
    public async Task The_samples_ingested_locally_give_the_tables_of_the_inbox_path_and_replay_identically()
    {
        var files = Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetRelativePath(TestFiles.SampleInbox, f).Replace('\\', '/'), Content: File.ReadAllText(f))).ToList();
        await using var viaInbox = await TestStorage.OpenAsync();
        await using var local = await TestStorage.OpenAsync();
        foreach (var (name, content) in files)
        {
            await viaInbox.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
            Assert.Equal(ImportStatus.Accepted, (await viaInbox.Get<IngestHandler>().IngestAsync(name, CancellationToken.None)).Status);
            Assert.Equal(ImportStatus.Accepted, (await IngestLocalAsync(local, name, content)).Status);
        }

        await viaInbox.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        await local.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        // Every output table alike but for the import ids (upload time and hash) that the import log and
        // each row's Sources name: the two stores received the files at different times.
        string[] idsAndTimes = [.. Exports.Timestamps, "Sources"];
        var expected = await Exports.OfAsync(viaInbox, idsAndTimes, OutputTables.Imports);
        var actual = await Exports.OfAsync(local, idsAndTimes, OutputTables.Imports);
        Assert.True(expected["kpis"].Split('\n').Length > 100, "the samples compute KPIs");
        Exports.Equal(expected, actual);

        // And the archive alone rebuilds them, import log and Sources included (the upload records of local ingests are complete).
        var before = await Exports.OfAsync(local, Exports.Timestamps);
        var result = await local.Get<ReplayHandler>().ReplayAsync(null, CancellationToken.None);
        Assert.Equal(files.Count, result.Uploads);
        Exports.Equal(before, await Exports.OfAsync(local, Exports.Timestamps));
    }
}
