using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>Real workbooks, written with the OpenXml SDK as a spreadsheet program stores them.</summary>
public class XlsxTests
{
    /// <summary>
    /// Builds a workbook: strings as shared strings (or inline strings where <paramref name="inline"/>),
    /// decimals as numbers (or as the raw text given with a leading '#'), DateOnly as date serials with
    /// a date style.
    /// </summary>
    internal static byte[] Workbook(object[][] rows, bool inline = false)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var strings = new List<string>();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    var cell = rows[r][c] switch
                    {
                        null => null,
                        string s when s.StartsWith('#') => new Cell { CellReference = reference, CellValue = new CellValue(s[1..]) },
                        string s when inline => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) },
                        string s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Index(strings, s)) },
                        decimal d => new Cell { CellReference = reference, CellValue = new CellValue(d) },
                        DateOnly d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                        bool b => new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
                        var other => throw new ArgumentException(other.GetType().Name),
                    };
                    if (cell is not null)
                    {
                        row.Append(cell);
                    }
                }

                data.Append(row);
            }

            foreach (var s in strings)
            {
                shared.SharedStringTable.Append(new SharedStringItem(new Text(s)));
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Huvudbok" }));
        }

        return memory.ToArray();
    }

    private static int Index(List<string> strings, string s)
    {
        var i = strings.IndexOf(s);
        if (i >= 0)
        {
            return i;
        }

        strings.Add(s);
        return strings.Count - 1;
    }

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
        var bytes = Workbook(
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
        var bytes = Workbook(
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
        var bytes = Workbook(
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
        var (file, errors) = await ParseAsync(InputKind.Ledger, Workbook([]));
        Assert.Null(file);
        Assert.Contains("empty", errors.Listed.Single().Reason);
    }
}
