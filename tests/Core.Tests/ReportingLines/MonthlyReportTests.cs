using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Tests.ReportingLines;

public class MonthlyReportTests
{
    private const decimal M = 1_000_000m;
    private static readonly ImportId Import = ImportId.Create(DateTimeOffset.UnixEpoch, new string('a', 64));

    /// <summary>A year of ledger months whose annual report values are <paramref name="annual"/> (account → report value), December taking the remainder.</summary>
    private static Dictionary<Period, IReadOnlyList<StagedAmount>> Year(int year, string committee, params (string Account, decimal ReportValue)[] annual)
    {
        var months = new Dictionary<Period, IReadOnlyList<StagedAmount>>();
        for (var m = 1; m <= 12; m++)
        {
            var p = new Period(year, m);
            months[p] = annual.Select(a => new StagedAmount(new AccountKey(p, committee, a.Account),
                -(m < 12 ? decimal.Round(a.ReportValue / 12, 0) : a.ReportValue - 11 * decimal.Round(a.ReportValue / 12, 0)), Import)).ToList();
        }

        return months;
    }

    // Seed 001, Region Västerbotten 2024 (the Region's own columns, MSEK): income 4 022, depreciation
    // −647, taxes 7 988, grants 3 044 → 11 032, operating result −473 (the seed rounds each line, so
    // costs are taken as −14 880 to keep its total), financial income 734 (610 unrealised gains) and
    // costs −782 (53 unrealised losses) → result −521; realised gains 6.
    private static readonly (string, decimal)[] Seed001 =
    [
        ("3010", 4016 * M), ("3971", 6 * M), ("4010", -14880 * M), ("7810", -647 * M), ("8010", 7988 * M), ("8210", 3044 * M),
        ("8410", 124 * M), ("8431", 610 * M), ("8510", -729 * M), ("8531", -53 * M),
    ];

    private static PeriodInputs Seed001Inputs(Period period, bool withBalance = true) => new(
        period,
        FinancePolicy.Default,
        Year(2024, "RS", Seed001).Where(m => m.Key <= period).ToDictionary(),
        new Dictionary<Period, IReadOnlyList<StagedAmount>>(),
        withBalance ? new Dictionary<string, decimal> { ["TotalAssets"] = 16144 * M, ["Equity"] = 2299 * M, ["Investments"] = 1300 * M } : null,
        new PensionLiability(new DateOnly(2024, 12, 31), 8083 * M, 10500 * M),
        (new DateOnly(2024, 12, 31), 2570 * M),
        []);

    [Fact]
    public void Seed_001s_goals_come_out_of_the_annual_report_figures()
    {
        var kpis = MonthlyReport.Compute(Seed001Inputs(new Period(2024, 12))).Kpis;
        var k = kpis.ToDictionary(r => r.KpiId);

        Assert.Equal(-473 * M, k["OperatingResult"].Value);
        Assert.Equal(11032 * M, k["TaxAndGrants"].Value);
        Assert.Equal(-521 * M, k["Result"].Value);
        // −473 / 11 032 = −0.043 against ≥ 0.014: on the wrong side in December → Breach.
        Assert.Equal(-0.043m, decimal.Round(k["ResultShare"].Value!.Value, 3));
        Assert.Equal((0.014m, "Breach"), (k["ResultShare"].Target!.Value, k["ResultShare"].Status));
        // 2 570 / 11 032 = 0.233 against ≤ 0.18 → Breach.
        Assert.Equal(0.233m, decimal.Round(k["DebtShare"].Value!.Value, 3));
        Assert.Equal("Breach", k["DebtShare"].Status);
        Assert.Null(k["DebtShare"].Reason); // a full 12 months of ledger
        // 2 299 / 16 144 = 0.142.
        Assert.Equal(0.142m, decimal.Round(k["EquityRatio"].Value!.Value, 3));
        // −521 − 6 − (610 − 53) = −1 084 (the seed rounds to −1 085).
        Assert.Equal(-1084 * M, k["BalanceRequirementResult"].Value);
        Assert.Equal(11505m / 11032m, k["NetCostShare"].Value);
        // (2 299 − 10 500) / 16 144 against ≥ −0.14.
        Assert.Equal((2299m - 10500m) / 16144m, k["EquityRatioInclPensions"].Value);
        // (−1 084 + 647) / 1 300 (depreciation is added back).
        Assert.Equal((-1084m + 647m) / 1300m, k["SelfFinancingRatio"].Value);
    }

    [Fact]
    public void Before_December_a_missed_goal_is_a_warning_and_debt_share_annualises_the_year_to_date()
    {
        var kpis = MonthlyReport.Compute(Seed001Inputs(new Period(2024, 10))).Kpis;
        var k = kpis.ToDictionary(r => r.KpiId);
        Assert.Equal("Warning", k["ResultShare"].Status);
        Assert.Equal("Warning", k["DebtShare"].Status);
        // Ten months of ledger: TaxAndGrants(YTD) × 12 / 10.
        Assert.Equal(2570 * M / (k["TaxAndGrants"].Value!.Value * 12 / 10), k["DebtShare"].Value);
        Assert.Contains("helår", k["DebtShare"].Reason);
    }

    [Fact]
    public void Ratios_whose_inputs_are_missing_are_null_with_a_reason_never_zero()
    {
        var kpis = MonthlyReport.Compute(Seed001Inputs(new Period(2024, 12), withBalance: false)).Kpis;
        var k = kpis.ToDictionary(r => r.KpiId);
        Assert.Null(k["EquityRatio"].Value);
        Assert.Contains("balansräkning", k["EquityRatio"].Reason);
        Assert.Null(k["SelfFinancingRatio"].Value);
        Assert.Equal("NotEvaluated", k["SelfFinancingRatio"].Status);
        Assert.Null(k["NetCostGrowth"].Value); // no 2023 ledger
        Assert.Contains("föregående år", k["NetCostGrowth"].Reason);
    }

    [Fact]
    public void Self_financing_divides_by_the_investment_follow_ups_outcome_when_a_file_applies_else_by_the_balance_item()
    {
        var december = new Period(2024, 12);
        // The balance item: (−1 084 + 647) / 1 300.
        var balance = MonthlyReport.Compute(Seed001Inputs(december)).Kpis.Single(k => k.KpiId == "SelfFinancingRatio");
        Assert.Equal((-1084m + 647m) / 1300m, balance.Value);
        // An investments file applies: its Σ OutcomeYtd, 950, instead: (−1 084 + 647) / 950 = −0.46.
        var followUp = MonthlyReport.Compute(Seed001Inputs(december) with { InvestmentsYtd = 950 * M }).Kpis.Single(k => k.KpiId == "SelfFinancingRatio");
        Assert.Equal((-1084m + 647m) / 950m, followUp.Value);
        Assert.Equal(-0.46m, decimal.Round(followUp.Value!.Value, 2));
        Assert.Equal("Breach", followUp.Status); // below the goal 1.0 in December
        // No balance file at all: the follow-up alone is enough.
        var alone = MonthlyReport.Compute(Seed001Inputs(december, withBalance: false) with { InvestmentsYtd = 950 * M }).Kpis.Single(k => k.KpiId == "SelfFinancingRatio");
        Assert.Equal((-1084m + 647m) / 950m, alone.Value);
        // Neither: null with the reason as before the investment follow-up.
        var neither = MonthlyReport.Compute(Seed001Inputs(december, withBalance: false)).Kpis.Single(k => k.KpiId == "SelfFinancingRatio");
        Assert.Null(neither.Value);
        Assert.Equal("investeringar saknas i balansfilen för 2024-12 (no Investments item)", neither.Reason);
        // Zero invested: no ratio, and the reason says why.
        var zero = MonthlyReport.Compute(Seed001Inputs(december) with { InvestmentsYtd = 0 }).Kpis.Single(k => k.KpiId == "SelfFinancingRatio");
        Assert.Equal((null, "investeringar är noll"), (zero.Value, zero.Reason));
    }

    [Fact]
    public void Growth_and_budget_columns_follow_the_definitions()
    {
        var ledger = Year(2025, "RS", ("4010", -1000 * M), ("8010", 1500 * M))
            .Concat(Year(2026, "RS", ("4010", -1030 * M), ("8010", 1620 * M))).ToDictionary();
        var budget = Year(2026, "RS", ("4010", -1020 * M), ("8010", 1600 * M));
        var inputs = new PeriodInputs(new Period(2026, 12), FinancePolicy.Default, ledger, budget, null, null, null, []);

        var (kpis, committees, _) = MonthlyReport.Compute(inputs);
        var k = kpis.ToDictionary(r => r.KpiId);

        Assert.Equal(0.03m, k["NetCostGrowth"].Value);
        Assert.Equal(0.08m, k["TaxAndGrantsGrowth"].Value);
        Assert.Equal((-1020 * M, -1020 * M, -10 * M), (k["NetOperatingCost"].Budget!.Value, k["NetOperatingCost"].BudgetYear!.Value, k["NetOperatingCost"].Deviation!.Value));
        // RS: net cost growth 3 % against its 2 % ceiling, in December → Breach.
        var rs = Assert.Single(committees);
        Assert.Equal(("RS", "Regionstyrelsen", 0.03m, 0.02m, "Breach"), (rs.Committee, rs.Name, rs.NetCostGrowth!.Value, rs.GrowthCeiling!.Value, rs.Status));
        Assert.Equal(-1030 * M, rs.NetCost);
        Assert.Equal(-10 * M, rs.Deviation);
    }

    [Fact]
    public void A_committee_over_its_ceiling_before_December_is_a_warning_and_one_without_a_ceiling_has_no_status()
    {
        var ledger = Year(2025, "RS", ("4010", -100 * M)).Concat(Year(2026, "RS", ("4010", -110 * M)))
            .Concat(Year(2025, "HSN", ("4010", -100 * M)).Select(m => KeyValuePair.Create(m.Key, m.Value)))
            .GroupBy(m => m.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<StagedAmount>)g.SelectMany(x => x.Value).ToList());
        // Budgeted at this year's pace: the computed forecast (January–June actual, July–December budget: −110 M) is 10 % over 2025's −100 M.
        var inputs = new PeriodInputs(new Period(2026, 6), FinancePolicy.Default, ledger, Year(2026, "RS", ("4010", -110 * M)), null, null, null, []);

        var committees = MonthlyReport.Compute(inputs).Committees;

        Assert.Equal("Warning", committees.Single(c => c.Committee == "RS").Status);
        var hsn = committees.Single(c => c.Committee == "HSN");
        Assert.Null(hsn.Status);
        Assert.Null(hsn.NetCost); // no 2026 ledger for HSN
    }

    [Theory]
    [InlineData(12, 0.02, 0.01, true, "Ok")]
    [InlineData(12, 0.01, 0.01, true, "Ok")]
    [InlineData(11, 0.009, 0.01, true, "Warning")]
    [InlineData(12, 0.009, 0.01, true, "Breach")]
    [InlineData(6, 0.19, 0.18, false, "Warning")]
    [InlineData(6, 0.18, 0.18, false, "Ok")]
    public void Goal_status_is_Ok_on_the_right_side_Warning_before_December_Breach_in_December(int month, double value, double target, bool atLeast, string status) =>
        Assert.Equal(status, MonthlyReport.GoalStatus(new Period(2025, month), (decimal)value, (decimal)target, atLeast));
}
