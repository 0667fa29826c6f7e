using System.Text;
using Regfin.Core.Ingestion.Sie;
using Regfin.Core.Policy;
using static Regfin.Core.Tests.Ingestion.Sie.SieTestFiles;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>SieReader on files written for each case; the expected amounts are computed by hand.</summary>
public class SieReaderTests
{
    // Two vouchers: one of 2024 with a #TRANS of its own date in February, one of 2023 (year -1) with
    // struck and added rows. Tabs, repeated spaces, quotes with \" and å ä ö in names.
    private static readonly string Vouchers = Text(
        "#FLAGGA 0",
        "#PROGRAM \"Testsystem\" 1.0",
        "#FORMAT PC8",
        "#SIETYP 4",
        "#FNAMN \"Region Övre Älvdalen \\\"Test\\\"\"",
        "#RAR 0 20240101 20241231",
        "#RAR\t-1\t20230101   20231231",
        "#DIM 1 \"Kostnadsställe\"",
        "#KONTO 4010 \"Inköp åäö\"",
        "#OBJEKT 1 \"100\" \"Vårdcentral\"",
        "#VER A 1 20240115 \"Inköp\"",
        "{",
        "#TRANS 4010 {1 \"100\" 6 \"P1\"} 100.50",
        "#TRANS 4010 {} 20.00 20240220 \"februari\"",
        "#TRANS\t\t1930   {}    -120.50",
        "}",
        "#VER \"B\" \"7\" 20231231 \"Förra året\"",
        "{",
        "#BTRANS 4010 {1 \"200\"} 999.00",
        "#RTRANS 4010 {1 \"200\"} 50",
        "#TRANS 4010 {1 \"200\"} 50",
        "#TRANS 1930 {} -50",
        "}");

    private static readonly string[] VoucherLedger =
    [
        "2023-12 1930 - -50",
        "2023-12 4010 200 50",
        "2024-01 1930 - -120.50",
        "2024-01 4010 100 100.50",
        "2024-02 4010 - 20.00",
    ];

    [Fact]
    public void A_CP437_voucher_file_gives_each_TRANS_in_the_month_of_its_date_without_struck_or_added_rows()
    {
        var (file, errors) = Read(Vouchers);

        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.NotNull(file);
        Assert.Equal(4, file.SieType);
        Assert.Equal("Region Övre Älvdalen \"Test\"", file.CompanyName);
        Assert.Equal([new SieYear(0, new(2024, 1, 1), new(2024, 12, 31)), new SieYear(-1, new(2023, 1, 1), new(2023, 12, 31))], file.Years);
        Assert.Equal(SieLedgerSource.Vouchers, file.LedgerSource);
        Assert.Equal(VoucherLedger, Lines(file.Ledger));
        Assert.Empty(file.Budget);
        Assert.Equal(2, file.VoucherCount);
        Assert.Equal(5, file.TransactionCount);
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void The_same_file_in_UTF8_gives_the_same_facts()
    {
        var bytes = new UTF8Encoding(false).GetBytes(Vouchers);
        var (file, errors) = Read([0xEF, 0xBB, 0xBF, .. bytes], utf8: true);

        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.Equal("Region Övre Älvdalen \"Test\"", file!.CompanyName);
        Assert.Equal(VoucherLedger, Lines(file.Ledger));
    }

    [Fact]
    public void The_committee_dimension_is_a_parameter()
    {
        var (file, _) = Read(Vouchers, options: new SieReadOptions { CommitteeDimension = 6 });

        Assert.Equal(["2023-12 1930 - -50", "2023-12 4010 - 50", "2024-01 1930 - -120.50", "2024-01 4010 P1 100.50", "2024-02 4010 - 20.00"], Lines(file!.Ledger));
    }

    [Fact]
    public void Period_balances_count_one_level_of_detail_per_account_and_period()
    {
        var (file, errors) = Read(WithHeader(
            // committee objects alone, with a total: the residue goes to no object; the {1 6} row is another level
            "#PSALDO 0 202401 3010 {} -1000",
            "#PSALDO 0 202401 3010 {1 \"10\"} -600",
            "#PSALDO 0 202401 3010 {1 \"20\"} -300",
            "#PSALDO 0 202401 3010 {1 \"10\" 6 \"P1\"} -600",
            // the total only
            "#PSALDO 0 202401 4010 {} 500 3",
            // one other set of dimensions ({6}): no committee object
            "#PSALDO 0 202402 5010 {6 \"P1\"} 70",
            "#PSALDO 0 202402 5010 {6 \"P2\"} 30",
            // one other set ({1 6}): the committee objects of the rows
            "#PSALDO 0 202402 6010 {1 \"10\" 6 \"P1\"} 40",
            "#PSALDO 0 202402 6010 {1 \"20\" 6 \"P2\"} 60",
            "#PSALDO 0 202402 6010 {1 \"20\" 6 \"P3\"} 5",
            // objects alone that cover the total: no residue
            "#PSALDO -1 202312 3010 {} -900",
            "#PSALDO -1 202312 3010 {1 \"10\"} -900",
            // year 1 (not in the file's years 0 and -1) is not read
            "#PSALDO 1 202501 3010 {} -1",
            // vouchers do not count when the file has period balances
            "#VER A 1 20240110",
            "{",
            "#TRANS 7010 {} 999",
            "#TRANS 1930 {} -999",
            "}"));

        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.Equal(SieLedgerSource.PeriodBalances, file!.LedgerSource);
        Assert.Equal(
        [
            "2023-12 3010 10 -900",
            "2024-01 3010 - -100",
            "2024-01 3010 10 -600",
            "2024-01 3010 20 -300",
            "2024-01 4010 - 500",
            "2024-02 5010 - 100",
            "2024-02 6010 10 40",
            "2024-02 6010 20 65",
        ], Lines(file.Ledger));
        Assert.Equal(1, file.VoucherCount);
        Assert.Equal(2, file.TransactionCount);
    }

    [Fact]
    public void The_budget_comes_from_PBUDGET_by_the_same_rule()
    {
        var (file, errors) = Read(WithHeader(
            "#PBUDGET 0 202401 3010 {} -1200",
            "#PBUDGET 0 202401 3010 {1 \"10\"} -700",
            "#PBUDGET 0 202402 3010 {} -1200.50",
            "#PBUDGET -1 202306 4010 {1 \"20\"} 80"));

        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.Equal(["2023-06 4010 20 80", "2024-01 3010 - -500", "2024-01 3010 10 -700", "2024-02 3010 - -1200.50"], Lines(file!.Budget));
        Assert.Equal(SieLedgerSource.None, file.LedgerSource);
        Assert.Empty(file.Ledger);
    }

    [Fact]
    public void Two_sets_of_dimensions_without_a_total_are_refused()
    {
        var (file, errors) = Read(WithHeader(
            "#PSALDO 0 202401 3010 {6 \"P1\"} 10",
            "#PSALDO 0 202401 3010 {7 \"X\"} 20"));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(8, error.Row);
        Assert.Equal("#PSALDO", error.Column);
        Assert.Contains("account 3010, period 2024-01", error.Reason);
        Assert.Contains("two sets of dimensions (dimensions 6 and dimensions 7)", error.Reason);
    }

    [Fact]
    public void Budget_rows_of_year_minus_one_with_periods_of_year_zero_are_not_counted_twice()
    {
        var (file, errors) = Read(WithHeader(
            "#PBUDGET 0 202401 3010 {} -100",
            "#PBUDGET -1 202401 3010 {} -100",
            "#PBUDGET -1 202402 3010 {} -100"));

        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.Equal(["2024-01 3010 - -100"], Lines(file!.Budget));
        var warning = Assert.Single(file.Warnings);
        Assert.Equal(8, warning.Row);
        Assert.Contains("2 #PBUDGET rows of year -1", warning.Reason);
    }

    [Fact]
    public void An_unbalanced_voucher_is_refused_naming_series_and_number()
    {
        var (file, errors) = Read(WithHeader(
            "#VER A 12 20240301 \"Fel\"",
            "{",
            "#TRANS 4010 {} 150.00",
            "#TRANS 1930 {} -50.00",
            "}"));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(7, error.Row);
        Assert.Equal("#VER", error.Column);
        Assert.Equal("voucher \"A 12\" does not balance (sum 100.00)", error.Reason);
    }

    [Fact]
    public void A_cut_file_with_an_open_voucher_block_is_refused()
    {
        var (file, errors) = Read(WithHeader(
            "#VER A 1 20240301",
            "{",
            "#TRANS 4010 {} 150.00"));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(8, error.Row);
        Assert.Equal("voucher block opened on line 8 is never closed (the file is cut)", error.Reason);
    }

    [Fact]
    public void A_date_outside_the_files_years_is_refused()
    {
        var (file, errors) = Read(WithHeader(
            "#VER A 1 20241231",
            "{",
            "#TRANS 4010 {} 150.00 20250105",
            "#TRANS 1930 {} -150.00",
            "}"));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(9, error.Row);
        Assert.Equal("#TRANS", error.Column);
        Assert.Equal("20250105", error.Value);
        Assert.Contains("the date 2025-01-05 is outside the file's financial years", error.Reason);
    }

    [Theory]
    [InlineData("12,50")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("99999999999999999999999999999999")]
    public void A_bad_amount_is_refused_naming_the_value(string amount)
    {
        var (file, errors) = Read(WithHeader($"#PSALDO 0 202401 3010 {{}} {amount}"));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(7, error.Row);
        Assert.Equal("#PSALDO", error.Column);
        Assert.Equal(amount, error.Value);
        Assert.Contains("not a number", error.Reason);
    }

    [Fact]
    public void A_non_calendar_financial_year_is_refused()
    {
        var (file, errors) = Read(Text("#FLAGGA 0", "#SIETYP 4", "#RAR 0 20240701 20250630"));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("the financial year #RAR 0 runs 2024-07-01–2025-06-30: the region keeps calendar years", error.Reason);
    }

    [Fact]
    public void A_file_without_RAR_0_is_refused()
    {
        var (file, errors) = Read(Text("#FLAGGA 0", "#SIETYP 4", "#VER A 1 20240101", "{", "}"));

        Assert.Null(file);
        Assert.Equal("the file has no financial year #RAR 0", Single(errors).Reason);
    }

    [Fact]
    public void SIE_type_1_is_refused()
    {
        var (file, errors) = Read(Text("#FLAGGA 0", "#SIETYP 1", "#RAR 0 20240101 20241231", "#UB 0 1930 100"));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(2, error.Row);
        Assert.Equal("SIE type 1 holds year totals only: export SIE type 2, 3 or 4", error.Reason);
    }

    [Fact]
    public void An_HTML_page_is_not_a_SIE_file()
    {
        var (file, errors) = Read("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n", utf8: true);

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(1, error.Row);
        Assert.Equal("not a SIE file: it does not start with #FLAGGA", error.Reason);
    }

    [Fact]
    public void A_field_over_the_length_limit_is_refused()
    {
        var (file, errors) = Read(WithHeader("#KONTO 4010 \"" + new string('x', 50) + "\""), options: new SieReadOptions { MaxFieldLength = 40 });

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(7, error.Row);
        Assert.Equal("#KONTO", error.Column);
        Assert.Contains("longer than 40 characters", error.Reason);
    }

    [Fact]
    public void A_line_over_the_line_limit_is_refused_and_the_rest_is_read()
    {
        var (file, errors) = Read(WithHeader("#PROSA " + new string('x', 70_000), "#VER A 1 20240101 \"x\" 20240102", "{", "}"), options: new SieReadOptions { MaxFieldLength = 100 });

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(7, error.Row);
        Assert.Contains("the line is longer than", error.Reason);
    }

    // #KSUMMA: CRC-32 of the records between the two #KSUMMA, each record's name and field contents
    // (object lists' dimensions and ids) without separators, quotes, braces or line ends.
    private static readonly string[] ChecksummedBody =
    [
        "#SIETYP 4",
        "#FNAMN \"Övre \\\"Ö\\\"\"",
        "#RAR 0 20240101 20241231",
        "#VER A 1 20240115",
        "{",
        "#TRANS 4010 {1 \"100\"} 10.5",
        "#TRANS 1930 {} -10.5",
        "}",
    ];

    private const string ChecksummedText = "#SIETYP4#FNAMNÖvre \"Ö\"#RAR02024010120241231#VERA120240115#TRANS40101100" + "10.5#TRANS1930-10.5";

    /// <summary>CRC-32 (IEEE 802.3, reflected, as in the SIE standard's appendix), bit by bit: independent of the reader's.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    [Fact]
    public void A_matching_KSUMMA_is_accepted()
    {
        var checksum = Crc32(Cp437.GetBytes(ChecksummedText));
        var (file, errors) = Read(Text(["#FLAGGA 0", "#KSUMMA", .. ChecksummedBody, $"#KSUMMA {checksum}"]));

        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.Equal(["2024-01 1930 - -10.5", "2024-01 4010 100 10.5"], Lines(file!.Ledger));
    }

    [Fact]
    public void A_KSUMMA_that_does_not_match_is_refused()
    {
        var checksum = Crc32(Cp437.GetBytes(ChecksummedText));
        var changed = ChecksummedBody.Select(l => l.Replace("10.5", "11.5")).ToArray();
        var (file, errors) = Read(Text(["#FLAGGA 0", "#KSUMMA", .. changed, $"#KSUMMA {checksum}"]));

        Assert.Null(file);
        var error = Single(errors);
        Assert.Equal(11, error.Row);
        Assert.Equal("#KSUMMA", error.Column);
        Assert.Contains($"#KSUMMA {checksum} does not match", error.Reason);
    }

    [Fact]
    public void Replacement_characters_in_a_UTF8_file_are_read_with_a_warning()
    {
        var (file, errors) = Read(WithHeader("#KONTO 1060 Hyresr\uFFFDtt"), utf8: true);

        Assert.True(errors.IsEmpty);
        Assert.Contains("replacement character", Assert.Single(file!.Warnings).Reason);
    }

    [Theory]
    [InlineData("1", "HSN")]
    [InlineData("100", "HSN")]
    [InlineData("2", "RS")]
    [InlineData("31", "RUN")]
    [InlineData("310", "RUN")]
    [InlineData("3", "3")]
    [InlineData(null, "REGION")]
    public void The_committee_map_takes_the_longest_prefix_else_the_id_else_the_default(string? objectId, string committee)
    {
        var map = new SieCommitteeMap(new Dictionary<string, string> { ["1"] = "HSN", ["2"] = "RS", ["31"] = "RUN" });

        Assert.Equal(committee, map.CommitteeOf(objectId));
    }
}
