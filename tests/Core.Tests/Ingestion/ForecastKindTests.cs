using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>The forecast kind (prognos, formats.md): Swedish headers in CSV and XLSX, scopes per (month, committee), account classes.</summary>
public sealed class ForecastKindTests
{
    private static async Task<(ParsedFile? File, ValidationErrors Errors)> ParseAsync(string extension, byte[] bytes, ParseContext? context = null)
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(bytes), 1L << 30, CancellationToken.None);
        var errors = new ValidationErrors();
        return (FileParser.Parse(InputKind.Forecast, extension, raw!, new IngestionLimits(), errors, context), errors);
    }

    /// <summary>The staged rows read back as forecast rows, through the kind's own record.</summary>
    private static List<Regfin.Core.Forecast.FullYearForecastRow> Records(ParsedFile file) =>
        file.StageRows.Select(r =>
        {
            var entity = new Azure.Data.Tables.TableEntity(r.Scope, r.RowKey);
            foreach (var (column, value) in r.Values)
            {
                entity[column] = value;
            }

            return ForecastKind.Schema.Read(new StagedValues(entity));
        }).ToList();

    [Fact]
    public async Task A_csv_with_Swedish_headers_gives_one_scope_per_month_and_committee()
    {
        const string csv = "Prognosmånad;Nämnd;Konto;Prognos;Kommentar\n2025-10;HSN;3;-1 085 000 000,00;Minskad inhyrning.\n2025-10;HSN;4;1 975 000 000,50;\n2025-10;RS;80;-7 985 000 000;\n";
        var (file, errors) = await ParseAsync(".csv", Encoding.UTF8.GetBytes(csv));

        Assert.True(file is not null, string.Join("; ", errors.Listed));
        Assert.Equal((3L, 2), (file.Rows, file.ScopeCount));
        Assert.Equal([new Period(2025, 10)], file.Months);
        var rows = Records(file);
        Assert.Equal(("HSN", "3", -1_085_000_000m, "Minskad inhyrning."), (rows[0].Committee, rows[0].Account, rows[0].Amount, rows[0].Comment));
        Assert.Equal(1_975_000_000.50m, rows[1].Amount);
        Assert.Null(rows[1].Comment);
        Assert.Equal(new Period(2025, 10), rows[2].AsOf);
    }

    [Fact]
    public async Task A_workbook_is_read_the_same_way()
    {
        var bytes = Workbooks.Of(
        [
            ["Prognosmånad", "Nämnd", "Konto", "Belopp"],
            ["2025-08", "RUN", "5", 300_000_000m],
        ]);
        var (file, errors) = await ParseAsync(".xlsx", bytes);

        Assert.True(file is not null, string.Join("; ", errors.Listed));
        var row = Assert.Single(Records(file));
        Assert.Equal((new Period(2025, 8), "RUN", "5", 300_000_000m), (row.AsOf, row.Committee, row.Account, row.Amount));
    }

    [Fact]
    public async Task A_class_is_checked_against_the_account_map_in_force()
    {
        var csv = Encoding.UTF8.GetBytes("Prognosmånad;Nämnd;Konto;Prognos\n2025-10;RS;40;1\n");
        Assert.NotNull((await ParseAsync(".csv", csv)).File); // 40 lies within OperatingCosts (40–77)

        // A policy whose map splits class 40 (4000–4049 income, the rest costs): refused naming both lines.
        var split = new AccountMap(new Dictionary<ReportLine, IReadOnlyList<AccountRange>>
        {
            [ReportLine.OperatingIncome] = [Range("4000-4049")],
            [ReportLine.OperatingCosts] = [Range("4050-7799")],
        });
        var (file, errors) = await ParseAsync(".csv", csv, ParseContext.Default with { Accounts = split });
        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal((2L, "Account", "40"), (error.Row!.Value, error.Column, error.Value));
        Assert.Contains("spans OperatingIncome and OperatingCosts", error.Reason, StringComparison.Ordinal);
    }

    private static AccountRange Range(string text) => AccountRange.TryParse(text, out var range) ? range : throw new FormatException(text);
}
