using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Ingestion.Ledger;

/// <summary>
/// The ledger's CSV path (<see cref="LedgerCsv"/>, on Sep): every case is read on one thread and on
/// every core, which must agree on the totals and on every error listed.
/// </summary>
public class LedgerCsvTests
{
    private static async Task<(AccountAmountFile? File, ValidationErrors Errors)> ParseAsync(byte[] bytes)
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(bytes), 1 << 30, CancellationToken.None);
        var errors = new ValidationErrors();
        var file = LedgerCsv.Parse(raw!, 1_000_000, errors, parallel: false);
        var parallelErrors = new ValidationErrors();
        var parallel = LedgerCsv.Parse(raw!, 1_000_000, parallelErrors, parallel: true);
        Assert.Equal(errors.Count, parallelErrors.Count);
        Assert.Equal(errors.Listed, parallelErrors.Listed);
        Assert.Equal(file?.Rows, parallel?.Rows);
        Assert.Equal(file?.Totals.OrderBy(t => t.Key.ToString()), parallel?.Totals.OrderBy(t => t.Key.ToString()));
        return (file, errors);
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

    [Fact]
    public async Task Rows_are_numbered_as_a_spreadsheet_numbers_them_after_blank_lines_and_quoted_line_breaks()
    {
        var (file, errors) = await ParseAsync(Utf8(
            "Period;Committee;Account;Amount;Text\r\n" +
            "2025-10;RS;4010;1;\"två\r\nrader\"\r\n" + // row 2, two lines
            "\r\n" + // row 3, blank: skipped, still counted
            "2025-13;RS;4010;1;x\r\n")); // row 4
        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal((4L, "Period", "2025-13"), (error.Row!.Value, error.Column, error.Value));
    }

    [Fact]
    public async Task Quoted_headers_and_fields_with_doubled_quotes_separators_and_line_breaks_are_read_as_written()
    {
        var (file, errors) = await ParseAsync(Utf8(
            "\"Period\";\"Committee\";\"Account\";\"Amount\";\"Text\"\n" +
            "\"2025-10\";\"RS\";\"4010\";\"1 000,50\";\"Skärm 24\"\" till kansliet; två st\r\nlevererade\"\n" +
            "2025-10;RS;4010;\"-0,50\";\"\"\n"));
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal(2, file!.Rows);
        Assert.Equal(1000m, file.Totals[new AccountKey(new Period(2025, 10), "RS", "4010")]);
    }

    [Fact]
    public async Task A_quote_inside_an_unquoted_field_is_refused_at_its_row_not_read_across_the_rows_after_it()
    {
        // Sep would read from the stray quote to the next one as one field, swallowing the rows between.
        var (file, errors) = await ParseAsync(Utf8(
            "Period;Committee;Account;Amount;Text\n" +
            "2025-10;RS;4010;1;ok\n" +
            "2025-10;RS;4010;1;Skärm 24\"\n" +
            "2025-10;RS;4010;1;ok\n" +
            "2025-10;RS;4010;1;och 27\"\n"));
        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal(3, error.Row);
        Assert.Contains("does not start with one", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quotes_inside_an_unquoted_field_that_takes_in_no_separator_are_read_as_written()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Amount;Text\n2025-10;=HYPERLINK(\"http://x\");4010;1;tum\"mar\"\n2025-10;RS;4010;2;\"ok\"\n"));
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal(1m, file!.Totals[new AccountKey(new Period(2025, 10), "=HYPERLINK(\"http://x\")", "4010")]);
        Assert.Equal(2, file.Rows);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_is_refused_at_its_row()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Amount\n2025-10;RS;4010;1\n2025-10;\"RS\"x;4010;1\n"));
        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal(3, error.Row);
        Assert.Contains("cannot be read as CSV", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_header_columns_from_trailing_separators_are_ignored_and_longer_rows_read_as_far_as_the_columns_go()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Amount;;\n2025-10;RS;4010;1;;\n2025-10;RS;4010;2;;;extra;fields\n"));
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal(3m, file!.Totals.Single().Value);
    }

    [Fact]
    public async Task A_row_shorter_than_the_header_is_refused_naming_the_missing_fields()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Amount\n2025-10;RS\n"));
        Assert.Null(file);
        Assert.Equal([(2L, "Account"), (2L, "Amount")], errors.Listed.Select(e => (e.Row!.Value, e.Column)));
    }

    [Fact]
    public async Task Amounts_that_add_up_beyond_the_decimal_range_are_refused()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Belopp\n2025-10;RS;4010;79228162514264337593543950335\n2025-10;RS;4010;79228162514264337593543950335\n"));
        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal("Belopp", error.Column);
        Assert.Contains("beyond the decimal range", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_longer_than_the_limit_is_refused_naming_its_row_and_column()
    {
        var (file, errors) = await ParseAsync(Utf8("Period;Committee;Account;Amount;Text\n2025-10;RS;4010;1;\"" + new string('x', 1_000_001) + "\"\n"));
        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal((2L, "Text"), (error.Row!.Value, error.Column));
        Assert.Contains("longer than 1,000,000", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_rows_read_on_every_core_agree_with_one_thread_on_totals_and_errors_in_row_order()
    {
        var text = new StringBuilder("Månad;Nämnd;Konto;Belopp;Datum;Text\n");
        for (var i = 0; i < 50_000; i++)
        {
            text.Append("2025-").Append((i % 12 + 1).ToString("00")).Append(i % 3 == 0 ? ";RS;" : ";HSN;").Append(3000 + i % 300).Append(';')
                .Append(i % 7 == 0 ? "x" : (i % 1000 - 500) + ",25").Append(";2025-01-15;").Append(i % 10 == 0 ? "\"rad\r\nmed; brytning\"" : "text").Append('\n');
        }

        var (file, errors) = await ParseAsync(Utf8(text.ToString()));
        Assert.Null(file);
        Assert.Equal(7_143, errors.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(k => 7L * k + 2), errors.Listed.Select(e => e.Row!.Value));
    }
}
