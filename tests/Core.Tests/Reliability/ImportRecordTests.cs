using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Reliability;

/// <summary>Every received blob has its own import record, whatever the timing (docs/reliability.md, issue 24).</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class ImportRecordTests
{
    private const string Ledger = "Period;Committee;Account;Amount\n2025-10;RS;4010;100\n2025-10;RS;8010;-300\n2025-10;HSN;3010;-50\n";
    private const string Broken = "Period;Committee;Account;Amount\n2025-10;RS;4010;x\n";

    /// <summary>A clock that stands still until moved: "the same second" and "a day later" on demand.</summary>
    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<(TestSession Session, StoppedClock Clock)> OpenAsync()
    {
        var clock = new StoppedClock(new DateTimeOffset(2025, 11, 3, 9, 15, 42, 300, TimeSpan.Zero));
        var session = await TestStorage.OpenAsync(configure: s => s.AddSingleton<TimeProvider>(clock));
        return (session, clock);
    }

    /// <summary>Ingests <paramref name="content"/> as <c>regfin ingest</c> does: received at the clock's second.</summary>
    private static async Task<IngestResult> IngestLocalAsync(TestSession session, string name, string content)
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), long.MaxValue, CancellationToken.None);
        return await session.Get<IngestHandler>().IngestLocalAsync(name, raw!, null, CancellationToken.None);
    }

    /// <summary>Uploads both names to the inbox within one second of creation time (retrying across a second boundary).</summary>
    private static async Task UploadInOneSecondAsync(TestSession session, string content, params string[] names)
    {
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        for (var attempt = 0; ; attempt++)
        {
            var created = new List<DateTimeOffset>();
            foreach (var name in names)
            {
                await inbox.GetBlobClient(name).DeleteIfExistsAsync();
                await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromString(content));
                created.Add((await inbox.GetBlobClient(name).GetPropertiesAsync()).Value.CreatedOn);
            }

            if (created.Distinct().Count() == 1 || attempt == 10)
            {
                Assert.Single(created.Distinct());
                return;
            }
        }
    }

    /// <summary>One import row as stored (read raw, so the test states the table, not a type).</summary>
    private sealed record Row(string BlobName, ImportStatus Status, string Id, string? DuplicateOf, DateTimeOffset ReceivedAt);

    /// <summary>The import rows by blob name, after checking that <c>regfin status</c> lists every one of them.</summary>
    private static async Task<Dictionary<string, Row>> RecordsByNameAsync(TestSession session)
    {
        var rows = await RecordsAsync(session);
        Assert.Equal(rows.Count, rows.Select(r => r.BlobName).Distinct().Count()); // one record per blob name here
        return rows.ToDictionary(r => r.BlobName);
    }

    /// <summary>The import rows, after checking that <c>regfin status</c> lists every one of them.</summary>
    private static async Task<List<Row>> RecordsAsync(TestSession session)
    {
        var rows = new List<Row>();
        await foreach (var e in session.Get<StorageAccount>().Table(Tables.Imports).QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows.Add(new Row(e.GetString("BlobName"), Enum.Parse<ImportStatus>(e.GetString("Status")), e.RowKey[..34], e.GetString("DuplicateOf"),
                e.GetDateTimeOffset("ReceivedAt")!.Value));
        }

        var listed = (await session.Get<PipelineStatus>().ReadAsync(CancellationToken.None)).Imports;
        Assert.Equal(rows.Select(r => (r.BlobName, r.Status)).Order(), listed.Select(i => (i.BlobName, i.Status)).Order());
        return rows;
    }

    private static async Task<string> CountingAsync(TestSession session) =>
        string.Join(' ', (await session.Get<FactStage>().AmountsAsync(InputKind.Ledger, new Period(2025, 10), CancellationToken.None))
            .Select(a => $"{a.Key.Committee}|{a.Key.Account}|{a.Amount}").Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("ledger/huvudbok-oktober.csv", "ledger/kopia av huvudbok-oktober.csv")]
    [InlineData("ledger/kopia av huvudbok-oktober.csv", "ledger/huvudbok-oktober.csv")]
    public async Task A_copy_under_another_name_in_the_same_second_has_a_Duplicate_record_of_its_own_in_either_order(string first, string second)
    {
        var (session, _) = await OpenAsync();
        await using var _s = session;

        var a = await IngestLocalAsync(session, first, Ledger);
        var b = await IngestLocalAsync(session, second, Ledger);

        Assert.Equal(a.ImportId, b.ImportId); // the same second and the same bytes: one import id
        Assert.Equal(ImportStatus.Accepted, a.Status);
        Assert.Equal(ImportStatus.Duplicate, b.Status);
        var records = await RecordsByNameAsync(session);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), records.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ImportStatus.Accepted, records[first].Status);
        Assert.Equal(ImportStatus.Duplicate, records[second].Status);
        Assert.Equal(records[first].Id, records[second].DuplicateOf);  // it names the import it duplicates
        Assert.Null(records[first].DuplicateOf);
        Assert.Equal(a.ImportId!.Value.Value, records[first].Id);
        Assert.Equal("HSN|3010|-50 RS|4010|100 RS|8010|-300", await CountingAsync(session)); // counted once

        // Re-deliveries of either change nothing.
        Assert.Equal(ImportStatus.Duplicate, (await IngestLocalAsync(session, second, Ledger)).Status);
        Assert.Equal(ImportStatus.Accepted, (await IngestLocalAsync(session, first, Ledger)).Status);
        Assert.Equal(2, (await RecordsByNameAsync(session)).Count);
    }

    [Fact]
    public async Task Copies_dropped_in_the_inbox_in_the_same_second_and_ingested_at_once_each_have_a_record()
    {
        await using var session = await TestStorage.OpenAsync();
        string[] names = ["ledger/2025-10.csv", "huvudbok/2025-10 (2).csv", "ledger/2025-10 - kopia.csv"];
        await UploadInOneSecondAsync(session, Ledger, names);
        var handler = session.Get<IngestHandler>();

        var results = await Task.WhenAll(names.Select(n => handler.IngestAsync(n, CancellationToken.None)));

        Assert.Single(results.Select(r => r.ImportId).Distinct());
        var records = await RecordsByNameAsync(session);
        Assert.Equal(names.Order(StringComparer.Ordinal), records.Keys.Order(StringComparer.Ordinal));
        var original = Assert.Single(records.Values, r => r.Status == ImportStatus.Accepted);
        Assert.All(records.Values.Where(r => r != original), r =>
        {
            Assert.Equal(ImportStatus.Duplicate, r.Status);
            Assert.Equal(original.Id, r.DuplicateOf);
        });
        Assert.Equal("HSN|3010|-50 RS|4010|100 RS|8010|-300", await CountingAsync(session));
    }

    [Fact]
    public async Task The_same_bytes_re_sent_a_day_later_under_the_same_name_are_a_Duplicate_with_their_own_record()
    {
        var (session, clock) = await OpenAsync();
        await using var _s = session;
        var monday = await IngestLocalAsync(session, "ledger/2025-10.csv", Ledger);
        clock.Now = clock.Now.AddDays(1);

        var tuesday = await IngestLocalAsync(session, "ledger/2025-10.csv", Ledger);

        Assert.Equal(ImportStatus.Accepted, monday.Status);
        Assert.Equal(ImportStatus.Duplicate, tuesday.Status);
        Assert.NotEqual(monday.ImportId, tuesday.ImportId);
        var records = await RecordsAsync(session);
        Assert.Equal(2, records.Count);
        var duplicate = Assert.Single(records, r => r.Status == ImportStatus.Duplicate);
        Assert.Equal(monday.ImportId!.Value.Value, duplicate.DuplicateOf);
        Assert.Equal(clock.Now.AddTicks(-clock.Now.Ticks % TimeSpan.TicksPerSecond), duplicate.ReceivedAt);
        Assert.Equal("HSN|3010|-50 RS|4010|100 RS|8010|-300", await CountingAsync(session));
    }

    [Fact]
    public async Task Copies_of_a_bad_file_in_the_same_second_are_each_rejected_with_a_record_and_a_report()
    {
        var (session, _) = await OpenAsync();
        await using var _s = session;

        var a = await IngestLocalAsync(session, "ledger/trasig.csv", Broken);
        var b = await IngestLocalAsync(session, "ledger/trasig kopia.csv", Broken);

        Assert.Equal(ImportStatus.Rejected, a.Status);
        Assert.Equal(ImportStatus.Rejected, b.Status);
        var status = await session.Get<PipelineStatus>().ReadAsync(CancellationToken.None);
        Assert.Equal(["ledger/trasig kopia.csv", "ledger/trasig.csv"], status.Imports.Select(i => i.BlobName).Order(StringComparer.Ordinal));
        Assert.All(status.Imports, i => Assert.Equal(ImportStatus.Rejected, i.Status));
        Assert.Equal(["ledger/trasig kopia.csv", "ledger/trasig.csv"], status.Rejected.Select(r => r.BlobName));
    }
}
