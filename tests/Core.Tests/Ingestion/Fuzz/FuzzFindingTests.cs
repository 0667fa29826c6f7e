using Regfin.Core.Ingestion;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion.Fuzz;

/// <summary>
/// The fuzz campaign's findings (bench/fuzz/run.sh, docs/reliability.md), minimized, each fed to the
/// parse entry point ingestion uses: refused with a report, never an exception. The files live in
/// Findings/{kind folder}/ (also seeds of the next campaign).
/// </summary>
public class FuzzFindingTests
{
    private static string Findings => Path.Combine(TestFiles.Root, "tests", "Core.Tests", "Ingestion", "Fuzz", "Findings");

    /// <summary>Every finding file, by the kind its folder names.</summary>
    public static TheoryData<string> Files => new(Directory.EnumerateFiles(Findings, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Findings, f).Replace('\\', '/')).Order(StringComparer.Ordinal));

    private static async Task<(ParsedFile? File, ValidationErrors Errors)> ParseAsync(string relative)
    {
        Assert.True(InputKinds.TryResolve(relative.Split('/')[0], out var kind), relative);
        await using var raw = await RawFile.CaptureAsync(Path.Combine(Findings, relative), long.MaxValue, CancellationToken.None);
        var errors = new ValidationErrors();
        return (FileParser.Parse(kind, Path.GetExtension(relative).ToLowerInvariant(), raw!, new IngestionLimits(), errors), errors);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_fuzz_finding_is_refused_with_a_report_not_an_exception(string file)
    {
        var (parsed, errors) = await ParseAsync(file);

        Assert.Null(parsed);
        Assert.False(errors.IsEmpty);
    }

    // Finding 1 (csv-holdings, csv-indices, csv-loans, csv-cash, csv-cashforecast; pension and flows by the same cause):
    // a date whose year is outside 1900–2999 was read as a date, and deriving its period (Period.Of) threw
    // ArgumentOutOfRangeException out of the parser. Such a date is now "not a date", in the row and column.
    [Theory]
    [InlineData("innehav/year-3025.csv", "AsOf", "3025-06-30")]
    [InlineData("index/year-3024.csv", "Date", "3024-12-31")]
    [InlineData("lan/year-0025.csv", "AsOf", "0025-10-31")]
    [InlineData("likvida/year-4025.csv", "Date", "4025-10-31")]
    [InlineData("likviditetsprognos/year-0025.csv", "AsOf", "0025-10-31")]
    [InlineData("pension/year-3025.csv", "AsOf", "3025-10-31")]
    [InlineData("floden/year-1025.csv", "Date", "1025-02-28")]
    public async Task A_date_with_a_year_outside_1900_to_2999_is_not_a_date_in_its_row_and_column(string file, string column, string value)
    {
        var (parsed, errors) = await ParseAsync(file);

        Assert.Null(parsed);
        var error = Assert.Single(errors.Listed);
        Assert.Equal(2, error.Row);
        Assert.Equal(column, error.Column);
        Assert.Equal(value, error.Value);
        Assert.Contains("not a date", error.Reason, StringComparison.Ordinal);
    }

    // Finding 3 (csv-ledger): a header holding a Unicode noncharacter (U+FFFE, valid UTF-8) made
    // string.Normalize throw ArgumentException out of the header map. The same normalisation of a
    // folder name would have thrown for such a blob name.
    [Fact]
    public async Task A_header_or_folder_name_with_a_noncharacter_is_refused_or_unknown_not_an_exception()
    {
        var (parsed, errors) = await ParseAsync("index/header-noncharacter.csv");

        Assert.Null(parsed);
        Assert.Contains(errors.Listed, e => e.Reason.Contains("Level", StringComparison.Ordinal));
        Assert.False(InputKinds.TryResolve("ledger\uFFFE", out _));
    }
}
