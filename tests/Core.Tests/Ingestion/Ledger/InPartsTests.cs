using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion.Ledger;

/// <summary>Reading a large ledger on two cores gives exactly what one pass gives: totals, row counts and every error with its row.</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class InPartsTests
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

    private static (AccountAmountFile? File, ValidationErrors Errors) OnePass(RawFile raw)
    {
        var errors = new ValidationErrors();
        using var reader = CsvTabularReader.Open(raw, 1_000_000, errors)!;
        return (AccountAmountParser.Parse(reader, 1_000_000, errors), errors);
    }

    private static (bool Used, AccountAmountFile? File, ValidationErrors Errors) InParts(RawFile raw)
    {
        var errors = new ValidationErrors();
        var used = AccountAmountsInParts.TryParse(raw, new IngestionLimits(), errors, out var file);
        return (used, file, errors);
    }

    private static void Row(StringBuilder text, int i) =>
        text.Append("2025-").Append((i % 12 + 1).ToString("00")).Append(';').Append("RS HSN RUN KN".Split(' ')[i % 4]).Append(';')
            .Append(3000 + i % 997).Append(";1").Append(i % 50).Append(';').Append(i % 1000 - 500).Append(',').Append((i % 100).ToString("00"))
            .Append(";2025-01-15;Faktura ").Append(i).Append("\r\n");

    [Fact]
    public async Task A_large_ledger_in_two_parts_has_the_totals_and_counts_of_one_pass()
    {
        using var dir = new TempDirectory();
        await using var raw = await FileAsync(dir, Row, 300_000);
        Assert.True(raw.SizeBytes > AccountAmountsInParts.MinimumBytes);

        var (used, parts, partErrors) = InParts(raw);
        var (whole, wholeErrors) = OnePass(raw);

        Assert.True(used);
        Assert.True(partErrors.IsEmpty && wholeErrors.IsEmpty);
        Assert.Equal(whole!.Rows, parts!.Rows);
        Assert.Equal(300_000, parts.Rows);
        Assert.Equal(whole.Totals.Count, parts.Totals.Count);
        Assert.All(whole.Totals, t => Assert.Equal(t.Value, parts.Totals[t.Key]));
        Assert.Equal(whole.RowsPerPeriod.OrderBy(p => p.Key), parts.RowsPerPeriod.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Errors_in_both_parts_are_reported_with_the_rows_of_one_pass()
    {
        using var dir = new TempDirectory();
        var bad = new HashSet<int> { 7, 1_000, 149_999, 150_000, 150_001, 299_998 };
        await using var raw = await FileAsync(dir, (text, i) =>
        {
            if (bad.Contains(i))
            {
                text.Append("2025-13;RS;40x0;1;1,0;2025-01-32;fel\r\n");
            }
            else
            {
                Row(text, i);
            }
        }, 300_000, bom: false);

        var (used, parts, partErrors) = InParts(raw);
        var (whole, wholeErrors) = OnePass(raw);

        Assert.True(used);
        Assert.Null(parts);
        Assert.Null(whole);
        Assert.Equal(wholeErrors.Count, partErrors.Count);
        Assert.Equal(18, partErrors.Count); // period, account and date on each of six rows
        Assert.Equal(wholeErrors.Listed, partErrors.Listed);
        Assert.Equal(150_002L, partErrors.Listed.Single(e => e.Row == 150_002 && e.Column == "Konto").Row); // data row i is file row i + 2
    }

    [Fact]
    public async Task A_file_with_quotes_or_a_small_file_is_read_in_one_pass()
    {
        using var dir = new TempDirectory();
        await using var quoted = await FileAsync(dir, (text, i) => { Row(text, i); if (i == 250_000) { text.Append("2025-01;RS;4010;1;5,00;2025-01-15;\"två\r\nrader\"\r\n"); } }, 300_000);
        Assert.False(InParts(quoted).Used);
        using var small = new TempDirectory();
        await using var tiny = await FileAsync(small, Row, 10);
        Assert.False(InParts(tiny).Used);
    }

    [Fact]
    public async Task Ingestion_of_a_large_ledger_reads_its_captured_copy_in_two_parts()
    {
        using var dir = new TempDirectory();
        await using var raw = await FileAsync(dir, Row, 300_000);
        await using var session = await TestStorage.OpenAsync();
        var inbox = session.Get<Regfin.Core.Storage.StorageAccount>().Container(Regfin.Core.Storage.Containers.Inbox);
        await inbox.GetBlobClient("ledger/big.csv").UploadAsync(Path.Combine(dir.Path, "ledger.csv"));

        var result = await session.Get<IngestHandler>().IngestAsync("ledger/big.csv", CancellationToken.None);

        Assert.Equal(ImportStatus.Accepted, result.Status);
        Assert.Equal(300_000, result.Rows);
        var (whole, _) = OnePass(raw);
        var staged = await session.Get<Regfin.Core.Ingestion.Staging.FactStage>().AmountsAsync(InputKind.Ledger, new Regfin.Core.Primitives.Period(2025, 3), CancellationToken.None);
        Assert.Equal(whole!.Totals.Where(t => t.Key.Period == new Regfin.Core.Primitives.Period(2025, 3)).Sum(t => t.Value), staged.Sum(a => a.Amount));
        Assert.Equal(whole.Totals.Count(t => t.Key.Period == new Regfin.Core.Primitives.Period(2025, 3)), staged.Count);
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
