using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion.Ledger;

/// <summary>
/// A large ledger read on every core (ingestion's <see cref="IngestionLimits.ParallelFromBytes"/> set
/// below its size) gives exactly
/// what one thread gives: totals, row counts and every error with its row, also with quoted line
/// breaks; and ingestion reads its captured copy that way.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium, a process or a large file: not in the fast unit run
public class LedgerCsvLargeTests
{
    private static async Task<RawFile> FileAsync(TempDirectory dir, Action<StringBuilder, int> row, int rows, bool bom = true)
    {
        var text = new StringBuilder(rows * 40);
        text.Append("Månad;Nämnd;Konto;Ansvar;Belopp;Datum;Text\r\n");
        for (var i = 0; i < rows; i++)
        {
            row(text, i);
        }

        var path = Path.Combine(dir.Path, "ledger.csv");
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(bom));
        return (await RawFile.InspectAsync(path, long.MaxValue, CancellationToken.None))!;
    }

    private static (AccountAmountFile? File, ValidationErrors Errors) Read(RawFile raw, bool parallel)
    {
        var errors = new ValidationErrors();
        return (LedgerCsv.Parse(raw, 1_000_000, errors, parallel), errors);
    }

    private static void Row(StringBuilder text, int i) =>
        text.Append("2025-").Append((i % 12 + 1).ToString("00")).Append(';').Append("RS HSN RUN KN".Split(' ')[i % 4]).Append(';')
            .Append(3000 + i % 997).Append(";1").Append(i % 50).Append(';').Append(i % 1000 - 500).Append(',').Append((i % 100).ToString("00"))
            .Append(";2025-01-15;Faktura ").Append(i).Append("\r\n");

    private static void AssertSame(AccountAmountFile expected, AccountAmountFile actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Totals.Count, actual.Totals.Count);
        Assert.All(expected.Totals, t => Assert.Equal(t.Value, actual.Totals[t.Key]));
        Assert.Equal(expected.RowsPerPeriod.OrderBy(p => p.Key), actual.RowsPerPeriod.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_large_ledger_read_on_every_core_has_the_totals_and_counts_of_one_thread()
    {
        using var dir = new TempDirectory();
        await using var raw = await FileAsync(dir, Row, 300_000);
        var onEveryCore = new IngestionLimits { ParallelFromBytes = 8L << 20 };
        Assert.True(raw.SizeBytes > onEveryCore.ParallelFromBytes);

        var (parallel, parallelErrors) = Read(raw, parallel: true);
        var (sequential, sequentialErrors) = Read(raw, parallel: false);
        var parserErrors = new ValidationErrors();
        var viaParser = FileParser.Parse(InputKind.Ledger, ".csv", raw, onEveryCore, parserErrors);

        Assert.True(parallelErrors.IsEmpty && sequentialErrors.IsEmpty, string.Join("; ", parallelErrors.Listed.Concat(sequentialErrors.Listed)));
        Assert.Equal(300_000, parallel!.Rows);
        AssertSame(sequential!, parallel);
        Assert.True(parserErrors.IsEmpty);
        Assert.Equal(300_000, viaParser!.Rows);
    }

    [Fact]
    public async Task Quoted_texts_with_line_breaks_and_separators_in_a_large_ledger_give_the_totals_and_rows_of_one_thread()
    {
        using var dir = new TempDirectory();
        await using var raw = await FileAsync(dir, (text, i) =>
        {
            if (i % 1_000 == 999)
            {
                text.Append("2025-01;RS;4010;1;5,00;2025-01-15;\"två\r\nrader; och \"\"citat\"\"\r\n\"\r\n");
            }
            else
            {
                Row(text, i);
            }
        }, 300_000);

        var (parallel, parallelErrors) = Read(raw, parallel: true);
        var (sequential, _) = Read(raw, parallel: false);

        Assert.True(parallelErrors.IsEmpty, string.Join("; ", parallelErrors.Listed));
        Assert.Equal(300_000, parallel!.Rows);
        AssertSame(sequential!, parallel);
        // Account 4010 appears only in the 300 quoted rows (the others use 3000–3996).
        Assert.Equal(300 * 5m, parallel.Totals[new AccountKey(new Regfin.Core.Primitives.Period(2025, 1), "RS", "4010")]);
    }

    [Fact]
    public async Task Errors_read_on_every_core_are_listed_with_the_rows_of_one_thread_also_after_quoted_line_breaks()
    {
        using var dir = new TempDirectory();
        var bad = new HashSet<int> { 7, 1_000, 149_999, 150_000, 150_001, 299_998 };
        await using var raw = await FileAsync(dir, (text, i) =>
        {
            if (bad.Contains(i))
            {
                text.Append("2025-13;RS;40x0;1;1,0;2025-01-32;fel\r\n");
            }
            else if (i == 100_000)
            {
                text.Append("2025-01;RS;4010;1;5,00;2025-01-15;\"tre\r\nrader\r\nhär\"\r\n"); // one row of three lines
            }
            else
            {
                Row(text, i);
            }
        }, 300_000, bom: false);

        var (parallel, parallelErrors) = Read(raw, parallel: true);
        var (sequential, sequentialErrors) = Read(raw, parallel: false);

        Assert.Null(parallel);
        Assert.Null(sequential);
        Assert.Equal(18, parallelErrors.Count); // period, account and date on each of six rows
        Assert.Equal(sequentialErrors.Listed, parallelErrors.Listed);
        // Data row i is spreadsheet row i + 2, counted in rows, not lines: the three-line row counts once.
        Assert.Equal(bad.Order().Select(i => (long)i + 2), parallelErrors.Listed.Where(e => e.Column == "Konto").Select(e => e.Row!.Value));
        Assert.Equal(["Månad", "Konto", "Datum"], parallelErrors.Listed.Where(e => e.Row == 150_002).Select(e => e.Column));
    }

    [Fact]
    public async Task A_stray_quote_deep_in_a_large_ledger_is_refused_at_its_row_on_every_core()
    {
        using var dir = new TempDirectory();
        await using var raw = await FileAsync(dir, (text, i) =>
        {
            if (i == 200_000)
            {
                text.Append("2025-01;RS;4010;1;5,00;2025-01-15;Skärm 24\" till kansliet\r\n");
            }
            else
            {
                Row(text, i);
            }
        }, 300_000);

        var (parallel, errors) = Read(raw, parallel: true);

        Assert.Null(parallel);
        var error = Assert.Single(errors.Listed);
        Assert.Equal(200_002, error.Row);
        Assert.Contains("does not start with one", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingestion_of_a_large_ledger_stages_the_totals_of_one_thread()
    {
        using var dir = new TempDirectory();
        await using var raw = await FileAsync(dir, Row, 300_000);
        await using var session = await TestStorage.OpenAsync();
        var inbox = session.Get<Regfin.Core.Storage.StorageAccount>().Container(Regfin.Core.Storage.Containers.Inbox);
        await inbox.GetBlobClient("ledger/big.csv").UploadAsync(Path.Combine(dir.Path, "ledger.csv"));

        var result = await session.Get<IngestHandler>().IngestAsync("ledger/big.csv", CancellationToken.None);

        Assert.Equal(ImportStatus.Accepted, result.Status);
        Assert.Equal(300_000, result.Rows);
        var (whole, _) = Read(raw, parallel: false);
        var march = new Regfin.Core.Primitives.Period(2025, 3);
        var staged = await session.Get<Regfin.Core.Ingestion.Staging.FactStage>().AmountsAsync(InputKind.Ledger, march, CancellationToken.None);
        Assert.Equal(whole!.Totals.Where(t => t.Key.Period == march).Sum(t => t.Value), staged.Sum(a => a.Amount));
        Assert.Equal(whole.Totals.Count(t => t.Key.Period == march), staged.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_UTF8_check_of_a_large_file_in_two_halves_agrees_with_one_pass_wherever_the_middle_falls(int shift)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "big.csv");
        // Two-byte characters throughout (å), shifted by one byte so the middle falls inside a character or between two.
        var bytes = new List<byte>(9 << 20);
        bytes.AddRange(Enumerable.Repeat((byte)'x', shift));
        while (bytes.Count < 9 << 20)
        {
            bytes.AddRange("Nämnd;åäö\n"u8.ToArray());
        }

        await File.WriteAllBytesAsync(path, bytes.ToArray());
        await using (var utf8 = (await RawFile.InspectAsync(path, long.MaxValue, CancellationToken.None))!)
        {
            Assert.True(utf8.IsValidUtf8);
        }

        bytes[^3] = 0xE5; // a lone Windows-1252 å near the end: not UTF-8
        await File.WriteAllBytesAsync(path, bytes.ToArray());
        await using var latin = (await RawFile.InspectAsync(path, long.MaxValue, CancellationToken.None))!;
        Assert.False(latin.IsValidUtf8);
    }
}
