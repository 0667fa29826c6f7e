using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Primitives;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>
/// The XLSX reader on real workbooks (<see cref="Workbooks"/>, written as a spreadsheet program stores
/// them): cell types, dates, shared and inline strings, and the errors a finance officer can act on.
/// </summary>
public class XlsxTests
{
    private static async Task<(ParsedFile? File, ValidationErrors Errors)> ParseAsync(InputKind kind, byte[] bytes)
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(bytes), 1L << 30, CancellationToken.None);
        var errors = new ValidationErrors();
        return (FileParser.Parse(kind, ".xlsx", raw!, new IngestionLimits(), errors), errors);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ledger_workbook_with_shared_or_inline_strings_numbers_and_a_date_typed_period_is_read(bool inline)
    {
        var bytes = Workbooks.Of(
        [
            ["Månad", "Nämnd", "Konto", "Belopp", "Datum"],
            [new DateOnly(2025, 10, 1), "RS", "4010", 1234.5m, new DateOnly(2025, 10, 15)],
            ["2025-10", "RS", "4010", "#1.5E+3", null!],
            ["202510", "HSN", "3010", -250m, null!],
        ], inline);

        var (file, errors) = await ParseAsync(InputKind.Ledger, bytes);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal(3, file!.Rows);
        // Staged packed: one row per (period, committee), "account=amount" lines.
        var october = file.StageRows
            .SelectMany(r => ((string)r.Values.Single(v => v.Key == "Amounts").Value!).Split('\n').Select(l => (Key: r.Scope + "|" + l.Split('=')[0], Amount: l.Split('=')[1])))
            .ToDictionary(x => x.Key, x => (object?)x.Amount);
        Assert.Equal("2734.5", october["2025-10|RS|4010"]);
        Assert.Equal("-250", october["2025-10|HSN|3010"]);
        Assert.Equal([new Period(2025, 10)], file.Months);
    }

    [Fact]
    public async Task A_holdings_workbook_with_date_serials_and_booleans_is_read()
    {
        var bytes = Workbooks.Of(
        [
            ["AsOf", "Portfolio", "InstrumentId", "InstrumentName", "AssetClass", "Currency", "MarketValueSek", "CurrencyHedged", "Rating"],
            [new DateOnly(2025, 10, 31), "Pensionsmedel", "XS1", "Kommuninvest 2030", "Räntor", "EUR", 1000000m, true, "Aaa"],
        ]);

        var (file, errors) = await ParseAsync(InputKind.Holdings, bytes);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        var row = Assert.Single(file!.StageRows);
        Assert.Equal("2025-10-31|Pensionsmedel", row.Scope);
        Assert.Contains(new KeyValuePair<string, object?>("AsOf", "2025-10-31"), row.Values);
        Assert.Contains(new KeyValuePair<string, object?>("CurrencyHedged", true), row.Values);
        Assert.Contains(new KeyValuePair<string, object?>("AssetClass", "FixedIncome"), row.Values);
    }

    [Fact]
    public async Task Errors_in_a_workbook_name_the_row_as_the_spreadsheet_shows_it()
    {
        var bytes = Workbooks.Of(
        [
            ["Period", "Committee", "Account", "Amount"],
            ["2025-10", "RS", "4010", 1m],
            ["2025-10", "RS", "4010", "NaN"],
        ]);

        var (file, errors) = await ParseAsync(InputKind.Ledger, bytes);

        Assert.Null(file);
        Assert.Contains(errors.Listed, e => e is { Row: 3, Column: "Amount", Value: "NaN" });
    }

    [Fact]
    public async Task A_workbook_without_rows_is_rejected()
    {
        var (file, errors) = await ParseAsync(InputKind.Ledger, Workbooks.Of([]));
        Assert.Null(file);
        Assert.Contains("empty", errors.Listed.Single().Reason);
    }
}
