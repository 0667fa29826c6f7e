using System.Globalization;
using System.Text.RegularExpressions;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Sie;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>
/// Every real export of the shared SIE material (copied into Corpus/) read as formats.md says: accepted, or
/// refused with the reason; for each accepted one the ledger per period and account equals a sum
/// computed straight from the text. The folder is in the repository: a missing one fails.
/// </summary>
public class SieCorpusTests
{
    /// <summary>Every file of the folder with the reason it is refused, or null when it is accepted.</summary>
    public static TheoryData<string, string?> Files => new()
    {
        { "BL0001_typ1.SE", "SIE type 1 holds year totals only" },
        { "BL0001_typ2.SE", "the financial year #RAR 0 runs 2009-07-01–2010-06-30: the region keeps calendar years" },
        { "BL0001_typ3.SE", "the financial year #RAR 0 runs 2009-07-01–2010-06-30: the region keeps calendar years" },
        { "BL0001_typ4.SE", "the financial year #RAR 0 runs 2009-07-01–2010-06-30: the region keeps calendar years" },
        { "BL0001_typ4I.SI", "the file has no financial year #RAR 0" }, // an import file: "#RAR 0" without dates
        { "BokSald.SE", "not a SIE file: it does not start with #FLAGGA" },
        { "Exempelbolaget_SIE_110322_B_33.si", "the file has no financial year #RAR 0" },
        { "L%C3%B6n.si", "the file has no financial year #RAR 0" },
        { "SIE4_Exempelfil_med_underdim.SE", null }, // valid UTF-8 (with U+FFFD in names): read as UTF-8, with a warning
        { "Sie1.se", "SIE type 1 holds year totals only" },
        { "Sie2.se", null },
        { "Sie3.se", null },
        { "Sie4.se", null },
        { "Sie4.si", null },
        { "Test1.SE", "SIE type 1 holds year totals only" },
        { "Test2.SE", null },
        { "Test3.SE", null },
        { "Test4.SE", null },
        { "magenta_bokf%C3%B6ring_SIE1.se", "SIE type 1 holds year totals only" },
        { "magenta_bokf%C3%B6ring_SIE2.se", null },
        { "magenta_bokf%C3%B6ring_SIE3.se", null },
        { "magenta_bokf%C3%B6ring_SIE4E.se", null },
        { "magenta_bokf%C3%B6ring_SIE4I.se", null },
        { "transaktioner_ovnbolag-bad-balance.se", "voucher \"B 1\" does not balance (sum -12771.00)" },
    };

    private static string Folder
    {
        get
        {
            // The real exports of ../shared/sie, carried in the repository with their MIT licence (Corpus/LICENSE).
            var folder = Path.Combine(TestFiles.Root, "tests", "Core.Tests", "Ingestion", "Sie", "Corpus");
            Assert.True(Directory.Exists(folder), $"the SIE corpus is missing: {folder}");
            return folder;
        }
    }

    [Fact]
    public void The_table_names_every_file_of_the_folder()
    {
        var onDisk = Directory.GetFiles(Folder).Select(Path.GetFileName).Where(n => n is not "README.md" and not "LICENSE").Order(StringComparer.Ordinal);
        var listed = Files.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(listed, onDisk);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_real_export_is_accepted_or_refused_as_formats_md_says(string name, string? refusal)
    {
        var path = Path.Combine(Folder, name);
        await using var raw = await RawFile.CaptureAsync(path, 1L << 30, CancellationToken.None);
        var errors = new ValidationErrors();

        var file = SieReader.Read(raw!, errors);

        if (refusal is not null)
        {
            Assert.Null(file);
            Assert.Contains(errors.Listed, e => e.Reason.Contains(refusal, StringComparison.Ordinal));
            if (name == "Sie1.se")
            {
                // Sie1.se carries a #KSUMMA: the only error is its type, so the checksum matched.
                Assert.Equal(1, errors.Count);
            }

            return;
        }

        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.NotNull(file);
        var text = File.ReadAllText(path, raw!.IsValidUtf8 ? new System.Text.UTF8Encoding(false) : SieReader.Cp437);
        var expected = file.LedgerSource == SieLedgerSource.PeriodBalances ? FromPeriodBalances(text) : FromVouchers(text, file.Years);
        var actual = file.Ledger.GroupBy(a => (a.Period.ToString(), a.Account)).ToDictionary(g => g.Key, g => g.Sum(a => a.Amount));
        Assert.Equal(expected.OrderBy(p => p.Key).ToList(), actual.OrderBy(p => p.Key).ToList());
        Assert.NotEmpty(actual);
    }

    private static readonly Regex PeriodBalance = new(@"^\s*#PSALDO\s+(0|-1)\s+(\d{4})(\d{2})\s+(\S+)\s+\{([^}]*)\}\s+(-?[\d.]+)", RegexOptions.Multiline);
    private static readonly Regex ObjectPair = new("\"?(\\d+)\"?\\s+\"([^\"]*)\"");

    /// <summary>Per (period, account): the {} total if there is one, else the rows of dimension 1 alone, else the other rows.</summary>
    private static Dictionary<(string, string), decimal> FromPeriodBalances(string text)
    {
        var rows = PeriodBalance.Matches(text).Select(m => (
            Key: ($"{m.Groups[2].Value}-{m.Groups[3].Value}", m.Groups[4].Value),
            Pairs: ObjectPair.Matches(m.Groups[5].Value).Select(p => p.Groups[1].Value).ToList(),
            Amount: decimal.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture)));
        return rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g =>
        {
            var total = g.Where(r => r.Pairs.Count == 0).ToList();
            var alone = g.Where(r => r.Pairs is ["1"]).ToList();
            return total.Count > 0 ? total.Sum(r => r.Amount) : alone.Count > 0 ? alone.Sum(r => r.Amount) : g.Sum(r => r.Amount);
        });
    }

    private static readonly Regex VoucherOrRow = new(
        @"^\s*(?:#VER\s+(?:""[^""]*""|\S+)\s+(?:""[^""]*""|\S+)\s+(?<ver>\d{8})|#TRANS\s+(?<account>\S+)\s+\{[^}]*\}\s+(?<amount>-?[\d.]+)(?:\s+(?<date>\d{8}))?)",
        RegexOptions.Multiline);

    /// <summary>Per (month of the row's date or else its voucher's, account): the #TRANS amounts of years 0 and -1.</summary>
    private static Dictionary<(string, string), decimal> FromVouchers(string text, IReadOnlyList<SieYear> years)
    {
        var sums = new Dictionary<(string, string), decimal>();
        var voucherDate = "";
        foreach (Match m in VoucherOrRow.Matches(text))
        {
            if (m.Groups["ver"].Success)
            {
                voucherDate = m.Groups["ver"].Value;
                continue;
            }

            var date = m.Groups["date"].Success ? m.Groups["date"].Value : voucherDate;
            var day = DateOnly.ParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture);
            if (!years.Any(y => y.Index is 0 or -1 && y.Contains(day)))
            {
                continue;
            }

            var key = ($"{date[..4]}-{date[4..6]}", m.Groups["account"].Value);
            sums[key] = sums.GetValueOrDefault(key) + decimal.Parse(m.Groups["amount"].Value, CultureInfo.InvariantCulture);
        }

        return sums;
    }
}
