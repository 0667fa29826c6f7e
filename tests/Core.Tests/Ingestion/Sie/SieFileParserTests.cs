using System.Text;
using Regfin.Core.Ingestion;
using static Regfin.Core.Tests.Ingestion.Sie.SieTestFiles;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>A SIE file through the one parse entry point ingestion and <c>regfin validate</c> share.</summary>
public class SieFileParserTests
{
    private static readonly string File = WithHeader(
        "#VER A 1 20241015 \"Inköp\"",
        "{",
        "#TRANS 4010 {1 \"110\"} 1000.00",
        "#TRANS 1930 {} -1000.00",
        "}");

    private static async Task<(ParsedFile? File, ValidationErrors Errors)> ParseAsync(InputKind kind, string extension, byte[] bytes)
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(bytes), 1 << 20, CancellationToken.None);
        var errors = new ValidationErrors();
        return (FileParser.Parse(kind, extension, raw!, new IngestionLimits(), errors), errors);
    }

    [Fact]
    public async Task Stages_the_ledger_per_period_part_and_object_and_summarises_the_report_lines()
    {
        var (parsed, errors) = await ParseAsync(InputKind.Sie, ".se", Cp437.GetBytes(File));

        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal(["2024-10|ledger|", "2024-10|ledger|110"], parsed!.StageRows.Select(r => r.Scope).Order(StringComparer.Ordinal));
        Assert.Equal([new Regfin.Core.Primitives.Period(2024, 10)], parsed.Months);
        var summary = Assert.Single(parsed.Summary);
        Assert.Equal("2024-10", summary.Scope);
        Assert.Contains(new KeyValuePair<string, decimal>("OperatingCosts", -1000m), summary.Totals); // report sign: a cost of 1000 is −1000
        Assert.Equal(2, parsed.Rows); // two #TRANS
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public async Task A_valid_UTF8_file_with_replacement_characters_is_accepted_with_a_warning()
    {
        var damaged = File.Replace("\"Inköp\"", "\"Ink\uFFFDp\"", StringComparison.Ordinal);

        var (parsed, errors) = await ParseAsync(InputKind.Sie, ".se", Encoding.UTF8.GetBytes(damaged));

        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Contains("replacement character", Assert.Single(parsed!.Warnings).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InputKind.Ledger, ".csv")]
    [InlineData(InputKind.Budget, ".se")]
    public async Task A_SIE_file_given_as_a_ledger_or_budget_is_refused_naming_the_sie_folder(InputKind kind, string extension)
    {
        var (parsed, errors) = await ParseAsync(kind, extension, Cp437.GetBytes(File));

        Assert.Null(parsed);
        var error = Assert.Single(errors.Listed);
        Assert.Equal(1, error.Row);
        Assert.Contains("put it under sie/", error.Reason, StringComparison.Ordinal);
    }
}
