using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Tests.ReportingLines;

public class ResultLinesCalculatorTests
{
    // One month of ledger amounts (debit +, credit −), computed by hand below:
    // OperatingIncome 100, OperatingCosts −250, Depreciation −10, TaxRevenue 300, GeneralGrants 50,
    // FinancialIncome 5, FinancialCosts −20 → NetOperatingCost −160, TaxAndGrants 350,
    // OperatingResult 190, FinancialNet −15, ResultAfterFinancialItems 175, Result 175.
    private static readonly (string, decimal)[] Month =
    [
        ("3010", -100m), ("4010", 200m), ("5010", 50m), ("7810", 10m), ("8010", -300m), ("8210", -50m),
        ("8410", -5m), ("8510", 20m), ("1930", 999m), ("9999", 7m),
    ];

    private static MonthLines Lines(decimal factor = 1m) =>
        MonthLines.From(Month.Select(m => (m.Item1, m.Item2 * factor)), AccountMap.Default);

    [Fact]
    public void Report_value_is_minus_the_ledger_sum_per_line()
    {
        var m = Lines();
        Assert.Equal(100m, m.Lines[ReportLine.OperatingIncome]);
        Assert.Equal(-250m, m.Lines[ReportLine.OperatingCosts]);
        Assert.Equal(-10m, m.Lines[ReportLine.Depreciation]);
        Assert.Equal(-160m, m.Derived(DerivedLine.NetOperatingCost));
        Assert.Equal(350m, m.Derived(DerivedLine.TaxAndGrants));
        Assert.Equal(190m, m.Derived(DerivedLine.OperatingResult));
        Assert.Equal(-15m, m.Derived(DerivedLine.FinancialNet));
        Assert.Equal(175m, m.Derived(DerivedLine.ResultAfterFinancialItems));
        Assert.Equal(175m, m.Derived(DerivedLine.Result));
    }

    [Fact]
    public void Balance_sheet_accounts_are_ignored_and_unmapped_ones_are_named()
    {
        var months = new Dictionary<Period, MonthLines> { [new Period(2025, 1)] = Lines() };
        var rows = ResultLinesCalculator.Calculate(new Period(2025, 1), months);
        var unmapped = rows.Single(r => r.KpiId == "UnmappedAmount");
        Assert.Equal(-7m, unmapped.Value);
        Assert.Contains("9999", unmapped.Reason);
        Assert.DoesNotContain("1930", unmapped.Reason);
    }

    [Fact]
    public void Value_is_year_to_date_Month_the_month_and_PriorYear_the_same_months_a_year_earlier()
    {
        var months = new Dictionary<Period, MonthLines>
        {
            [new Period(2025, 1)] = Lines(1m),
            [new Period(2025, 2)] = Lines(2m),
            [new Period(2025, 3)] = Lines(3m),
            [new Period(2024, 1)] = Lines(1m),
            [new Period(2024, 2)] = Lines(1m),
            [new Period(2024, 3)] = Lines(1m),
            [new Period(2024, 4)] = Lines(10m), // after March: not in March's prior year
        };
        var result = ResultLinesCalculator.Calculate(new Period(2025, 3), months).Single(r => r.KpiId == "OperatingResult");
        Assert.Equal(190m * 6, result.Value);
        Assert.Equal(190m * 3, result.Month);
        Assert.Equal(190m * 3, result.PriorYear);
        Assert.Null(result.Reason);
        Assert.Equal("Verksamhetens resultat", result.Label);
        Assert.Equal("SEK", result.Unit);
        Assert.Equal("Result", result.Area);
    }

    [Fact]
    public void A_missing_month_makes_the_year_to_date_null_with_a_reason_never_a_partial_sum()
    {
        var months = new Dictionary<Period, MonthLines>
        {
            [new Period(2025, 1)] = Lines(),
            [new Period(2025, 3)] = Lines(),
        };
        var result = ResultLinesCalculator.Calculate(new Period(2025, 3), months).Single(r => r.KpiId == "OperatingResult");
        Assert.Null(result.Value);
        Assert.Equal(190m, result.Month);
        Assert.Null(result.PriorYear);
        Assert.Contains("2025-02", result.Reason);
    }

    [Fact]
    public void Seed_003_October_2025_figures_come_out_of_a_constructed_ledger()
    {
        // Seed 003 (månadsrapport per oktober 2025): OperatingResult 53 MSEK YTD, +78 in October;
        // FinancialNet −61 YTD, +138 in October; ResultAfterFinancialItems −8; prior year −293.
        // Constructed: Jan–Sep in one month-block each year, October on its own.
        const decimal M = 1_000_000m;
        static MonthLines Block(decimal netCost, decimal taxAndGrants, decimal financialNet) => MonthLines.From(
            [("4010", -netCost), ("8010", -taxAndGrants), ("8410", -financialNet)], AccountMap.Default);
        var months = new Dictionary<Period, MonthLines>();
        for (var m = 1; m <= 9; m++)
        {
            // 2025 Jan–Sep: NetOperatingCost −8 343, TaxAndGrants 8 318, FinancialNet −199 (spread evenly by 1/9 in whole SEK)
            months[new Period(2025, m)] = m < 9 ? Block(-927 * M, 924 * M, -22 * M) : Block(-8343 * M + 8 * 927 * M, 8318 * M - 8 * 924 * M, -199 * M + 8 * 22 * M);
            // 2024 Jan–Sep, and October below: NetOperatingCost −9 292, TaxAndGrants 9 000, FinancialNet −1 over Jan–Oct
            months[new Period(2024, m)] = Block(-929 * M, 900 * M, 0);
        }

        months[new Period(2024, 10)] = Block(-9292 * M + 9 * 929 * M, 9000 * M - 9 * 900 * M, -1 * M);
        months[new Period(2025, 10)] = Block(-847 * M, 925 * M, 138 * M);

        var rows = ResultLinesCalculator.Calculate(new Period(2025, 10), months).ToDictionary(r => r.KpiId);
        Assert.Equal(53 * M, rows["OperatingResult"].Value);
        Assert.Equal(78 * M, rows["OperatingResult"].Month);
        Assert.Equal(-61 * M, rows["FinancialNet"].Value);
        Assert.Equal(138 * M, rows["FinancialNet"].Month);
        Assert.Equal(-8 * M, rows["ResultAfterFinancialItems"].Value);
        Assert.Equal(-293 * M, rows["ResultAfterFinancialItems"].PriorYear);
        // The growth figures of seed 003 follow from these lines: −1.1 % and +2.7 %.
        Assert.Equal(-0.011m, decimal.Round(rows["NetOperatingCost"].Value!.Value / rows["NetOperatingCost"].PriorYear!.Value - 1, 3));
        Assert.Equal(0.027m, decimal.Round(rows["TaxAndGrants"].Value!.Value / rows["TaxAndGrants"].PriorYear!.Value - 1, 3));
    }
}
