using Regfin.Core.Alerts;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Forecast;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Tests.Forecast;

/// <summary>
/// The full-year forecast (kpis.md, "Full-year forecast"), computed by hand: the forecast in force
/// per committee (uploaded, carried, computed), the region's total, the ratios and the goal and the
/// ceiling judged on it before December and on the actual in December, ceilings of their own budget
/// year, and the restoration walk with the forecast.
/// </summary>
public sealed class FullYearForecastTests
{
    private static readonly ImportId Ledger = ImportId.Create(DateTimeOffset.UnixEpoch, new string('a', 64));
    private static readonly ImportId UploadOctober = ImportId.Create(DateTimeOffset.UnixEpoch, new string('b', 64));
    private static readonly ImportId UploadAugust = ImportId.Create(DateTimeOffset.UnixEpoch, new string('c', 64));
    private static readonly Period October = new(2025, 10);

    /// <summary>Months of amounts (ledger sign) of one committee: the same accounts every month in <paramref name="months"/>.</summary>
    private static Dictionary<Period, IReadOnlyList<StagedAmount>> Months(IEnumerable<Period> months, string committee, params (string Account, decimal Amount)[] amounts) =>
        months.ToDictionary(m => m, m => (IReadOnlyList<StagedAmount>)amounts.Select(a => new StagedAmount(new AccountKey(m, committee, a.Account), a.Amount, Ledger)).ToList());

    private static Dictionary<Period, IReadOnlyList<StagedAmount>> Merge(params Dictionary<Period, IReadOnlyList<StagedAmount>>[] parts) =>
        parts.SelectMany(p => p).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<StagedAmount>)g.SelectMany(x => x.Value).ToList());

    private static IEnumerable<Period> Range(int year, int from, int to) => Enumerable.Range(from, to - from + 1).Select(m => new Period(year, m));

    private static ForecastUpload Upload(Period asOf, string committee, ImportId import, params (string Account, decimal Amount)[] rows) =>
        new(asOf, committee, rows.Select(r => new FullYearForecastRow(asOf, committee, r.Account, r.Amount, committee == "RS" ? "Lägre räntekostnader" : null)).ToList(), import);

    private static RegionForecast Compute(Period period, Dictionary<Period, IReadOnlyList<StagedAmount>> ledger, Dictionary<Period, IReadOnlyList<StagedAmount>> budget,
        params ForecastUpload[] uploads) =>
        FullYearForecast.Compute(period, new CommitteeMonthLines(ledger, AccountMap.Default), new CommitteeMonthLines(budget, AccountMap.Default), uploads);

    // HSN books 100 of costs and 20 of income a month and budgets 110 and 25: its computed forecast
    // after October is 10 × 100 + 2 × 110 = 1 220 of costs and 10 × 20 + 2 × 25 = 250 of income.
    private static readonly Dictionary<Period, IReadOnlyList<StagedAmount>> HsnLedger = Months(Range(2025, 1, 10), "HSN", ("4010", 100), ("3010", -20));
    private static readonly Dictionary<Period, IReadOnlyList<StagedAmount>> HsnBudget = Months(Range(2025, 1, 12), "HSN", ("4010", 110), ("3010", -25));

    [Fact]
    public void A_committee_without_a_forecast_file_gets_the_year_to_date_plus_the_rest_of_its_budget()
    {
        var forecast = Compute(October, HsnLedger, HsnBudget);

        var hsn = Assert.Single(forecast.Committees);
        Assert.Equal((ForecastSource.Computed, October, (ImportId?)null), (hsn.Source, hsn.AsOf, hsn.Import));
        Assert.Equal(-1220m, hsn.Lines!.Lines[ReportLine.OperatingCosts]);
        Assert.Equal(250m, hsn.Lines.Lines[ReportLine.OperatingIncome]);
        Assert.Equal(-970m, hsn.NetCost);
        Assert.Equal(ForecastSource.Computed, forecast.Source);
    }

    [Fact]
    public void An_uploaded_forecast_wins_an_earlier_one_is_carried_and_a_later_or_last_years_one_is_ignored()
    {
        var forecast = Compute(October, HsnLedger, HsnBudget,
            Upload(October, "RS", UploadOctober, ("4", 500), ("80", -2000), ("3", -50)),
            Upload(new Period(2025, 8), "RUN", UploadAugust, ("5", 300)),
            Upload(new Period(2025, 11), "RUN", UploadOctober, ("5", 999)), // made after October: not yet in force
            Upload(new Period(2024, 12), "HSN", UploadOctober, ("4", 5000))); // last year's: HSN stays computed

        var rs = forecast.Of("RS")!;
        Assert.Equal((ForecastSource.Uploaded, October, UploadOctober), (rs.Source, rs.AsOf, rs.Import));
        Assert.Equal((-500m, 2000m, 50m, -450m), (rs.Lines!.Lines[ReportLine.OperatingCosts], rs.Lines.Lines[ReportLine.TaxRevenue], rs.Lines.Lines[ReportLine.OperatingIncome], rs.NetCost!.Value));
        Assert.Equal("Lägre räntekostnader", rs.Comment);
        var run = forecast.Of("RUN")!;
        Assert.Equal((ForecastSource.Carried, new Period(2025, 8), -300m), (run.Source, run.AsOf, run.NetCost!.Value));
        Assert.Equal(ForecastSource.Computed, forecast.Of("HSN")!.Source);

        // The region: income 250 + 50, costs −1 220 − 500 − 300, tax 2 000 → operating result 280.
        Assert.Equal((ForecastSource.Mixed, October), (forecast.Source, forecast.AsOf!.Value));
        Assert.Equal(280m, forecast.Lines!.Derived(DerivedLine.OperatingResult));
        Assert.Equal(-1720m, forecast.Lines.Derived(DerivedLine.NetOperatingCost));
    }

    [Fact]
    public void A_computed_forecast_needs_every_month_of_ledger_and_of_the_budget_to_come()
    {
        var noNovemberBudget = Months(Range(2025, 1, 10).Append(new Period(2025, 12)), "HSN", ("4010", 110));
        var forecast = Compute(October, HsnLedger, noNovemberBudget);

        Assert.Null(forecast.Of("HSN")!.Lines);
        Assert.Null(forecast.Lines);
        Assert.Contains("HSN: budget 2025-11", forecast.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_class_maps_as_a_whole_and_a_class_the_map_splits_is_unmapped()
    {
        Assert.Equal([ReportLine.OperatingCosts], AccountMap.Default.LinesOfClass("4"));
        Assert.Equal([ReportLine.OperatingIncome], AccountMap.Default.LinesOfClass("3"));
        Assert.Equal([ReportLine.OperatingCosts, ReportLine.Depreciation, null], AccountMap.Default.LinesOfClass("7"));
        Assert.Equal([ReportLine.Depreciation], AccountMap.Default.LinesOfClass("7810"));
        Assert.Equal([null], AccountMap.Default.LinesOfClass("1")); // balance sheet: no line

        var lines = FullYearForecast.Lines([new(October, "RS", "7", 100, null), new(October, "RS", "78", 40, null)], AccountMap.Default);
        Assert.Equal(-40m, lines.Lines[ReportLine.Depreciation]);
        Assert.Equal(-100m, lines.Unmapped["7"]);
    }

    // RS books tax 1 000 and costs 990 a month; it budgets the same tax and costs of 950.
    private static readonly Dictionary<Period, IReadOnlyList<StagedAmount>> RsBudget = Months(Range(2025, 1, 12), "RS", ("8010", -1000), ("4010", 950));

    private static PeriodInputs Inputs(Period period, FinancePolicy? policy = null, params ForecastUpload[] uploads) => new(
        period, policy ?? FinancePolicy.Default,
        Merge(Months(Range(2024, 1, 12), "RS", ("8010", -900), ("4010", 880)), Months(Range(2025, 1, period.Month), "RS", ("8010", -1000), ("4010", 990))),
        RsBudget, null, null, null, uploads);

    [Fact]
    public void The_ratios_carry_their_forecast_and_the_result_goal_is_judged_on_it_before_December()
    {
        // October: actual 10 × (1 000 − 990) = 100 of 10 000 (1,0 %, under the 1,4 % goal); forecast
        // 100 + 2 × (1 000 − 950) = 200 of 12 000 (1,67 %): the goal is met on the forecast.
        var october = MonthlyReport.Compute(Inputs(October));
        var share = october.Kpis.Single(k => k.Definition == KpiCatalog.ResultShare);
        Assert.Equal(0.01m, share.Value);
        Assert.Equal(200m / 12000m, share.Forecast!.Value);
        Assert.Equal("Ok", share.Status);
        var result = october.Kpis.Single(k => k.Definition == KpiCatalog.OperatingResult);
        Assert.Equal((200m, 200m - 600m), (result.Forecast!.Value!.Value, result.Forecast.Deviation!.Value)); // budget for the year: 12 × 50
        // Net cost growth on the forecast: −(10 × 990 + 2 × 950) = −11 800 against 2024's −10 560.
        var growth = october.Kpis.Single(k => k.Definition == KpiCatalog.NetCostGrowth);
        Assert.Equal(-11800m / -10560m - 1, growth.Forecast!.Value);

        var check = Judge(October, october).Single(c => c.RuleId == "goal.result");
        Assert.Equal((LimitStatus.Ok, 200m / 12000m), (check.Status, check.Measured!.Value));
        Assert.StartsWith("enligt prognos för helåret (beräknad prognos", check.Detail, StringComparison.Ordinal);

        // An uploaded forecast of a weaker year: Warning, never Breach before December.
        var weak = MonthlyReport.Compute(Inputs(October, null, Upload(October, "RS", UploadOctober, ("80", -12000), ("4", 11900))));
        var weakCheck = Judge(October, weak).Single(c => c.RuleId == "goal.result");
        Assert.Equal((LimitStatus.Warning, 100m / 12000m), (weakCheck.Status, weakCheck.Measured!.Value));
        // Its alert says what was measured: the forecast, not the year to date.
        var raised = Assert.Single(AlertDetector.Detect(October, [weakCheck], new Dictionary<string, (string, int)>(), "2024-12-01", DateTimeOffset.UnixEpoch));
        Assert.StartsWith("Mål uppfylls inte enligt prognos 2025-10: Verksamhetens resultat i andel av skatter och bidrag. Prognos 0,8\u00A0% mot lägst 1,4\u00A0%", raised.Message, StringComparison.Ordinal);

        // December: the actual decides, 12 × 10 of 12 000 = 1 %: Breach, although the budget was better.
        var december = MonthlyReport.Compute(Inputs(new Period(2025, 12)));
        Assert.Equal("Breach", december.Kpis.Single(k => k.Definition == KpiCatalog.ResultShare).Status);
        var decemberCheck = Judge(new Period(2025, 12), december).Single(c => c.RuleId == "goal.result");
        Assert.Equal((LimitStatus.Breach, 0.01m, "utfall för helåret"), (decemberCheck.Status, decemberCheck.Measured!.Value, decemberCheck.Detail));
    }

    private static IReadOnlyList<LimitCheck> Judge(Period period, MonthlyFigures figures, FinancePolicy? policy = null) =>
        ComplianceEngine.Evaluate(PolicyRules.From(policy ?? FinancePolicy.Default, period.Year, []),
            new ComplianceContext(period, null, "inga innehav", new PeriodFigures(period, figures.Kpis, figures.Committees, [], null, null, null, []), 0.02m));

    [Fact]
    public void A_ceiling_judges_only_its_budget_year_and_on_the_forecast_before_December()
    {
        var policy = FinancePolicy.Default with
        {
            Committees = new Dictionary<string, CommitteePolicy>
            {
                ["RS"] = new("RS", "Regionstyrelsen", null, new Dictionary<int, decimal> { [2026] = 0.02m }),
            },
        };

        // 2025: the 2026 ceiling does not apply.
        var in2025 = MonthlyReport.Compute(Inputs(October, policy));
        var rs2025 = in2025.Committees.Single();
        Assert.Equal(((decimal?)null, (string?)null), (rs2025.GrowthCeiling, rs2025.Status));
        Assert.DoesNotContain(Judge(October, in2025, policy), c => c.RuleId == "committee.RS.netcostgrowth");

        // 2026 after 2025's whole year (net cost 12 × 990 = 11 880): RS books 1 000 a month and budgets
        // 1 000, so its forecast −12 000 is 1,01 % over 2025 — under 2 %, Ok; an uploaded forecast of
        // −12 300 is 3,54 % over: Warning before December.
        var inputs = new PeriodInputs(new Period(2026, 3), policy,
            Merge(Months(Range(2025, 1, 12), "RS", ("4010", 990)), Months(Range(2026, 1, 3), "RS", ("4010", 1000))),
            Months(Range(2026, 1, 12), "RS", ("4010", 1000)), null, null, null, []);
        var march = MonthlyReport.Compute(inputs).Committees.Single();
        Assert.Equal((0.02m, -12000m, 12000m / 11880m - 1, "Ok"), (march.GrowthCeiling!.Value, march.Forecast!.Value!.Value, march.ForecastGrowth!.Value, march.Status));
        Assert.Equal(3000m / 2970m - 1, march.NetCostGrowth); // the year to date: 1,01 % too

        var over = MonthlyReport.Compute(inputs with { Forecasts = [Upload(new Period(2026, 3), "RS", UploadOctober, ("4", 12300))] });
        var rs = over.Committees.Single();
        Assert.Equal((ForecastSource.Uploaded, 12300m / 11880m - 1, "Warning"), (rs.Forecast!.Source!.Value, rs.ForecastGrowth!.Value, rs.Status));
        Assert.Equal(-12300m - -12000m, rs.Forecast.Deviation);
        var check = Judge(new Period(2026, 3), over, policy).Single(c => c.RuleId == "committee.RS.netcostgrowth");
        Assert.Equal((LimitStatus.Warning, 12300m / 11880m - 1), (check.Status, check.Measured!.Value));
        Assert.Equal("Regionstyrelsen: nettokostnadsutveckling 2026 högst 2,0\u00A0%", check.Description);
    }

    [Fact]
    public void In_December_the_ceiling_judges_the_actual_growth_and_a_forecast_no_longer_saves_it()
    {
        var policy = FinancePolicy.Default with { Committees = new Dictionary<string, CommitteePolicy> { ["RS"] = new("RS", "Regionstyrelsen", 0.02m) } };

        // 2025: 12 × 1 000 against 2024's 12 × 960 = +4,2 %, over 2 %; an uploaded forecast of −11 500 (−0,2 %) does not count in December.
        var inputs = new PeriodInputs(new Period(2025, 12), policy,
            Merge(Months(Range(2024, 1, 12), "RS", ("4010", 960)), Months(Range(2025, 1, 12), "RS", ("4010", 1000))),
            Months(Range(2025, 1, 12), "RS", ("4010", 1000)), null, null, null, [Upload(new Period(2025, 12), "RS", UploadOctober, ("4", 11500))]);
        var december = MonthlyReport.Compute(inputs);
        var rs = december.Committees.Single();
        Assert.Equal((12000m / 11520m - 1, "Breach"), (rs.NetCostGrowth!.Value, rs.Status));
        var check = Judge(new Period(2025, 12), december, policy).Single(c => c.RuleId == "committee.RS.netcostgrowth");
        Assert.Equal((LimitStatus.Breach, 12000m / 11520m - 1, "utfall för helåret"), (check.Status, check.Measured!.Value, check.Detail));
        Assert.Equal("över ramen", BoardWords.Status(check, new Period(2025, 12)));
    }

    [Fact]
    public void A_forecast_on_accounts_no_line_maps_is_kept_in_UnmappedAmount()
    {
        var report = MonthlyReport.Compute(Inputs(October, null, Upload(October, "RS", UploadOctober, ("80", -12000), ("4", 11900), ("9", 25))));
        var unmapped = report.Kpis.Single(k => k.Definition == KpiCatalog.UnmappedAmount);
        Assert.Equal(-25m, unmapped.Forecast!.Value);
        Assert.Contains("utan rad i kontoplanen", unmapped.Forecast.Reason, StringComparison.Ordinal);
        Assert.EndsWith(": 9", unmapped.Forecast.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trend_is_the_rolling_twelve_months_and_empty_where_a_month_is_missing()
    {
        // RS: 2024 result 20 a month (tax 900, costs 880), 2025 10 a month: the window ending March 2025 is 9 × 20 + 3 × 10.
        var trend = MonthlyReport.Compute(Inputs(new Period(2025, 3))).Trend;
        Assert.Equal([new Period(2024, 12), new Period(2025, 1), new Period(2025, 2), new Period(2025, 3)], trend.Select(t => t.Month));
        Assert.Equal([240m, 230m, 220m, 210m], trend.Select(t => t.Rolling12!.Value));

        var gap = Inputs(new Period(2025, 3)) with { Ledger = Merge(Months(Range(2024, 2, 12), "RS", ("8010", -900), ("4010", 880)), Months(Range(2025, 1, 3), "RS", ("8010", -1000), ("4010", 990))) };
        var withGap = MonthlyReport.Compute(gap).Trend;
        Assert.Null(withGap[0].Rolling12); // December 2024's window starts in January 2024, which is missing
        Assert.Equal(230m, withGap[1].Rolling12);
    }

    [Fact]
    public void The_restoration_walks_the_current_years_forecast_unless_a_row_was_uploaded()
    {
        // Seed 000's plan: 2023 −753 (waiver 514), 2024 −1 085 (waiver 892); the forecast −427 for 2025.
        YearResult[] uploaded =
        [
            new(2023, ResultKind.Actual, -753m, 514m, 2026), new(2024, ResultKind.Actual, -1085m, 892m, 2027),
            new(2026, ResultKind.Plan, 240m, 0, null), new(2027, ResultKind.Plan, 308m, 0, null), new(2028, ResultKind.Plan, 336m, 0, null),
        ];
        var walked = Restoration.WithCurrentYear(uploaded, 2025, -427.4m, -54m);
        var row = walked.Single(r => r.Year == 2025);
        Assert.Equal((ResultKind.Forecast, -427m), (row.Kind, row.Result));
        Assert.Equal([-239m, -432m, -859m, -619m, -311m, 0m], Restoration.Compute(walked).Years.Select(y => y.Closing!.Value));

        // Without a forecast the year to date is shown only; an uploaded row wins over both.
        Assert.Equal(ResultKind.ComputedYtd, Restoration.WithCurrentYear(uploaded, 2025, null, -54m).Single(r => r.Year == 2025).Kind);
        var withRow = Restoration.WithCurrentYear([.. uploaded, new(2025, ResultKind.Actual, -500m, 0, 2028)], 2025, -427m, -54m);
        Assert.Equal((ResultKind.Actual, -500m), (withRow.Single(r => r.Year == 2025).Kind, withRow.Single(r => r.Year == 2025).Result));
    }
}
