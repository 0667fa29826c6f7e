using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Ingestion.Ledger;

public class AccountAmountParserTests
{
    private static async Task<(AccountAmountFile? File, ValidationErrors Errors)> ParseAsync(byte[] bytes)
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(bytes), 1 << 30, CancellationToken.None);
        var errors = new ValidationErrors();
        using var reader = CsvTabularReader.Open(raw!, 1_000_000, errors);
        return (reader is null ? null : AccountAmountParser.Parse(reader, 1_000_000, errors), errors);
    }

    private static byte[] Utf8(string text, bool bom = false) =>
        (bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

    [Fact]
    public async Task Swedish_export_with_BOM_semicolons_aliases_and_grouping_is_read_and_summed()
    {
        var (file, errors) = await ParseAsync(Utf8(
            "Månad;Nämnd;Konto;Ansvar;Belopp\r\n" +
            "2025-10;RS;4010;2100;1 000,50\r\n" +
            "202510;RS;4010;2200;−0,50\r\n" +
            "2025-10;HSN;3010;1100;-2\u00A0500\r\n", bom: true));
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal(3, file!.Rows);
        Assert.Equal(1000m, file.Totals[new AccountKey(new Period(2025, 10), "RS", "4010")]);
        Assert.Equal(-2500m, file.Totals[new AccountKey(new Period(2025, 10), "HSN", "3010")]);
        Assert.Equal(2, file.Scopes.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_UTF8_file_with_a_character_split_across_read_chunks_is_still_read_as_UTF8(int offset)
    {
        // 'ö' (2 bytes) or '€' (3 bytes) straddling the 64 KiB boundary of the capture's reads.
        var header = Encoding.UTF8.GetBytes("\uFEFFPeriod;Committee;Account;Amount;Text\n");
        var row = Encoding.UTF8.GetBytes("2025-10;RS;4010;1;");
        var padding = (1 << 16) - header.Length - row.Length - offset;
        var text = new string('x', padding) + (offset == 3 ? "€" : "ö") + "\n";
        var (file, errors) = await ParseAsync(header.Concat(row).Concat(Encoding.UTF8.GetBytes(text)).ToArray());
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal(1, file!.Rows);
    }

    [Fact]
    public async Task Comma_separated_English_headers_with_decimal_points_are_read()
    {
        var (file, errors) = await ParseAsync(Utf8("Period,Committee,Account,Amount,Text\n2025-01,RUN,5010,12.25,\"Löner, januari\"\n"));
        Assert.True(errors.IsEmpty);
        Assert.Equal(12.25m, file!.Totals.Single().Value);
    }

    [Fact]
    public async Task Tab_separated_Windows_1252_file_is_read_with_its_Swedish_letters()
    {
        var bytes = TextEncodings.Windows1252.GetBytes("Period\tNämnd\tKonto\tBelopp\n2025-02\tHälsoval\t4010\t10\n");
        var (file, errors) = await ParseAsync(bytes);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal("Hälsoval", file!.Totals.Single().Key.Committee);
    }

    [Fact]
    public async Task Every_bad_row_is_reported_with_row_column_and_value_and_nothing_is_returned()
    {
        var (file, errors) = await ParseAsync(Utf8(
            "Period;Committee;Account;Amount\n" +
            "2025-10;RS;4010;100\n" +
            "2025-13;RS;4010;100\n" +
            "2025-10;;40x0;NaN\n"));
        Assert.Null(file);
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors.Listed, e => e is { Row: 3, Column: "Period", Value: "2025-13" });
        Assert.Contains(errors.Listed, e => e is { Row: 4, Column: "Committee" });
        Assert.Contains(errors.Listed, e => e is { Row: 4, Column: "Account", Value: "40x0" });
        Assert.Contains(errors.Listed, e => e is { Row: 4, Column: "Amount", Value: "NaN" });
    }

    [Fact]
    public async Task A_missing_required_column_rejects_the_file_naming_it_and_its_aliases()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Amount\n2025-10;RS;1\n"));
        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal("Account", error.Column);
        Assert.Contains("Konto", error.Reason);
    }

    [Fact]
    public async Task A_column_given_twice_under_an_alias_rejects_the_file()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Amount;Belopp\n2025-10;RS;4010;1;1\n"));
        Assert.Null(file);
        Assert.Contains(errors.Listed, e => e.Reason.Contains("given twice"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    public async Task Empty_or_BOM_only_files_are_rejected(string content)
    {
        var (file, errors) = await ParseAsync(Utf8(content));
        Assert.Null(file);
        Assert.Contains("empty", errors.Listed.Single().Reason);
    }

    [Fact]
    public async Task A_binary_file_is_rejected_as_not_text()
    {
        var (file, errors) = await ParseAsync([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01]);
        Assert.Null(file);
        Assert.Contains("not a text file", errors.Listed.Single().Reason);
    }

    [Fact]
    public async Task An_unclosed_quote_is_reported_not_swallowed()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Amount;Text\n2025-10;RS;4010;1;\"open\n2025-10;RS;4010;2;x\n"));
        Assert.Null(file);
        Assert.False(errors.IsEmpty);
    }

    [Fact]
    public async Task Errors_beyond_a_thousand_are_counted_not_listed()
    {
        var text = new StringBuilder("Period;Committee;Account;Amount\n");
        for (var i = 0; i < 1500; i++)
        {
            text.Append("2025-10;RS;4010;x\n");
        }

        var (file, errors) = await ParseAsync(Utf8(text.ToString()));
        Assert.Null(file);
        Assert.Equal(1500, errors.Count);
        Assert.Equal(ValidationErrors.MaxListed, errors.Listed.Count);
        Assert.Equal(1001, errors.Listed[^1].Row);
    }
}
