using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>The investments kind (formats.md, investments): Swedish headers, CSV and XLSX, its checks and refusals.</summary>
public class InvestmentsKindTests
{
    private const string Swedish = "Period;Projekt;Projektnamn;Nämnd;Kategori;Årsbudget;Utfall;Prognos;Beslutad totalutgift;Prognos totalutgift;Start;Klart\n";
    private const string English = "AsOf;ProjectId;ProjectName;Committee;Category;BudgetYear;OutcomeYtd;ForecastYear;DecidedTotal;ForecastTotal;StartDate;EndDate\n";

    private static async Task<(ParsedFile? File, ValidationErrors Errors)> ParseAsync(string extension, byte[] bytes)
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(bytes), 1L << 30, CancellationToken.None);
        var errors = new ValidationErrors();
        return (FileParser.Parse(InputKind.Investments, extension, raw!, new IngestionLimits(), errors), errors);
    }

    private static Task<(ParsedFile? File, ValidationErrors Errors)> CsvAsync(string text) => ParseAsync(".csv", Encoding.UTF8.GetBytes(text));

    /// <summary>A column's staged value (decimals as exact invariant text, dates and periods as text).</summary>
    private static object? Value(StageRow row, string column) => row.Values.Single(v => v.Key == column).Value;

    private static List<StageRow> Rows(ParsedFile file) => [.. file.StageRows];

    [Theory]
    [InlineData("investeringar")]
    [InlineData("Investments")]
    public void The_folder_names_the_kind(string folder)
    {
        Assert.True(InputKinds.TryResolve(folder, out var kind));
        Assert.Equal(InputKind.Investments, kind);
        Assert.Equal("investments", kind.Name());
    }

    [Fact]
    public async Task A_file_with_Swedish_headers_and_decimal_commas_is_read_into_one_scope_per_AsOf_keyed_by_project()
    {
        var (file, errors) = await CsvAsync(Swedish +
            "2025-10;FA-10F;Reinvestering byggnad 10F;RS;Fastighet;8 000 000;5 640 000,50;7 500 000;131 200 000;131 200 000;2025-05-01;2027-12-31\n" +
            "2025-10;MT-1;Ny MR-kamera;HSN;MT;28 000 000;−100 000;27 500 000;;;;\n" +
            "202509;MT-1;Ny MR-kamera;HSN;Medicinteknik;28 000 000;0;28 000 000;28 000 000;28 000 000;;\n" +
            "2025-10;OV-1;Ambulanser;HSN;Övrigt;0;0;0;0;0;20250101;20251231\n");

        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        var rows = Rows(file!);
        Assert.Equal(4, file!.Rows);
        Assert.Equal(["2025-09", "2025-10"], rows.Select(r => r.Scope).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([new Period(2025, 9), new Period(2025, 10)], file.Months);
        var tenF = rows.Single(r => r.RowKey == "FA-10F");
        Assert.Equal("2025-10", Value(tenF, "AsOf"));
        Assert.Equal("Property", Value(tenF, "Category"));
        Assert.Equal("8000000", Value(tenF, "BudgetYear"));
        Assert.Equal("5640000.50", Value(tenF, "OutcomeYtd"));
        Assert.Equal("131200000", Value(tenF, "DecidedTotal"));
        Assert.Equal("2027-12-31", Value(tenF, "EndDate"));
        var mr = rows.Single(r => r is { Scope: "2025-10", RowKey: "MT-1" });
        Assert.Equal("MedicalTechnology", Value(mr, "Category"));
        Assert.Equal("-100000", Value(mr, "OutcomeYtd")); // a credit: the outcome may be negative
        Assert.Null(Value(mr, "DecidedTotal"));            // optional and empty: no value, not zero
        Assert.Null(Value(mr, "StartDate"));
        Assert.Equal("MedicalTechnology", Value(rows.Single(r => r.Scope == "2025-09"), "Category"));
        Assert.Equal("Other", Value(rows.Single(r => r.RowKey == "OV-1"), "Category"));
    }

    [Fact]
    public async Task English_headers_and_only_the_required_columns_are_enough()
    {
        var (file, errors) = await CsvAsync("AsOf,ProjectId,ProjectName,Committee,Category,BudgetYear,OutcomeYtd,ForecastYear\n2025-10,IT-1,VIS,RS,IT,85000000,68900000,80000000\n");

        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        var row = Assert.Single(Rows(file!));
        Assert.Equal(("2025-10", "IT-1", "IT"), (row.Scope, row.RowKey, Value(row, "Category")));
        Assert.Null(Value(row, "ForecastTotal"));
    }

    [Fact]
    public async Task A_workbook_with_Swedish_headers_a_date_typed_period_and_numbers_is_read()
    {
        var bytes = Workbooks.Of(
        [
            ["Period", "Projekt", "Projektnamn", "Nämnd", "Kategori", "Årsbudget", "Utfall", "Prognos", "Beslutad totalutgift", "Prognos totalutgift", "Start", "Klart"],
            [new DateOnly(2025, 10, 1), "IT-VIS", "Nytt vårdinformationssystem", "RS", "IT", 85000000m, 68900000m, 80000000m, 310000000m, 342000000m, new DateOnly(2023, 1, 1), new DateOnly(2026, 12, 31)],
            ["2025-10", "FA-1", "Lasarett", "RS", "Fastighet", 230000000m, 190640000.5m, 225000000m, null!, null!, null!, null!],
        ]);

        var (file, errors) = await ParseAsync(".xlsx", bytes);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        var rows = Rows(file!);
        Assert.All(rows, r => Assert.Equal("2025-10", r.Scope));
        var vis = rows.Single(r => r.RowKey == "IT-VIS");
        Assert.Equal("342000000", Value(vis, "ForecastTotal"));
        Assert.Equal("2023-01-01", Value(vis, "StartDate"));
        Assert.Equal("190640000.5", Value(rows.Single(r => r.RowKey == "FA-1"), "OutcomeYtd"));
    }

    [Fact]
    public async Task A_project_twice_in_one_period_is_refused_naming_it_and_both_rows()
    {
        var (file, errors) = await CsvAsync(English +
            "2025-10;IT-1;VIS;RS;IT;1;1;1;;;;\n" +
            "2025-09;IT-1;VIS;RS;IT;1;1;1;;;;\n" +   // another AsOf: another scope, allowed
            "2025-10;IT-1;VIS igen;RS;IT;2;2;2;;;;\n");

        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal((4L, "IT-1"), (error.Row, error.Value));
        Assert.Equal("duplicate project: 'IT-1' is already given on row 2 for the same period (AsOf)", error.Reason);
    }

    [Theory]
    [InlineData("2025-10;P1;A;RS;IT;-5;0;0;;;;", 2, "Årsbudget", "-5", "BudgetYear cannot be negative")]
    [InlineData("2025-10;P1;A;RS;IT;5;0;0;-1;;;", 2, "Beslutad totalutgift", "-1", "DecidedTotal cannot be negative")]
    [InlineData("2025-10;P1;A;RS;IT;5;0;0;;-1;;", 2, "Prognos totalutgift", "-1", "ForecastTotal cannot be negative")]
    [InlineData("2025-10;P1;A;RS;Guld;5;0;0;;;;", 2, "Kategori", "Guld", "must be one of Property, MedicalTechnology, IT, Other")]
    [InlineData("2025-13;P1;A;RS;IT;5;0;0;;;;", 2, "Period", "2025-13", "not a period")]
    [InlineData("2025-10;P1;A;RS;IT;5;NaN;0;;;;", 2, "Utfall", "NaN", "not an amount")]
    [InlineData("2025-10;P1;A;RS;IT;5;0;;;;;", 2, "Prognos", "", "ForecastYear is required")]
    [InlineData("2025-10;P1;A;RS;IT;5;0;0;;;2026-01-01;2025-12-31", 2, "EndDate", "2025-12-31", "the project cannot be finished before it starts (2026-01-01)")]
    [InlineData("2025-10;Total;A;RS;IT;5;0;0;;;;", 2, "ProjectId", "Total", "'Total' is reserved for the sum of all projects")]
    [InlineData("2025-10;total;A;RS;IT;5;0;0;;;;", 2, "ProjectId", "total", "'Total' is reserved for the sum of all projects")]
    public async Task A_bad_value_is_refused_naming_row_column_and_value(string line, long row, string column, string value, string reason)
    {
        var (file, errors) = await CsvAsync(Swedish + line + "\n");

        Assert.Null(file);
        var error = Assert.Single(errors.Listed);
        Assert.Equal((row, column, value), (error.Row, error.Column, error.Value));
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_id_over_100_characters_is_refused()
    {
        var (file, errors) = await CsvAsync(English + $"2025-10;{new string('P', 101)};A;RS;IT;5;0;0;;;;\n");
        Assert.Null(file);
        Assert.Contains(errors.Listed, e => e is { Row: 2, Column: "ProjectId" } && e.Reason.Contains("at most 100 characters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_required_column_is_refused_with_its_Swedish_name()
    {
        var (file, errors) = await CsvAsync("Period;Projektnamn;Nämnd;Kategori;Årsbudget;Utfall;Prognos\n2025-10;A;RS;IT;5;0;0\n");
        Assert.Null(file);
        Assert.Equal("the required column ProjectId (or Projekt) is missing", Assert.Single(errors.Listed).Reason);
    }

    [Fact]
    public void The_kind_specific_aliases_hold_in_investments_only()
    {
        string[] Aliases(Regfin.Core.Ingestion.Tabular.KindSchema schema, string column) => schema.Columns.Single(c => c.Name == column).Aliases;

        Assert.Equal(["Datum", "Period"], Aliases(InvestmentsKind.Schema, "AsOf")); // the global alias of AsOf, then this kind's
        Assert.Equal(["Projekt"], Aliases(InvestmentsKind.Schema, "ProjectId"));
        Assert.Equal(["Utfall"], Aliases(InvestmentsKind.Schema, "OutcomeYtd"));
        Assert.Equal(["Prognos"], Aliases(InvestmentsKind.Schema, "ForecastYear"));
        Assert.Equal(["Startdatum", "Start"], Aliases(InvestmentsKind.Schema, "StartDate"));
        // Elsewhere "Period" is no AsOf: a pension file keeps Datum only.
        Assert.Equal(["Datum"], Aliases(PensionKind.Schema, "AsOf"));
    }
}
