using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Debt;
using Regfin.Core.Liquidity;
using Regfin.Core.Policy;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using static Regfin.Core.Tests.Portfolio.PortfolioBuilder;

namespace Regfin.Core.Tests.Compliance;

public class ComplianceEngineTests
{
    private static readonly DateOnly Oct = new(2025, 10, 31);
    private static readonly Period October = new(2025, 10);

    private static FinancePolicy PolicyWith(PensionPolicy? pension = null) => FinancePolicy.Default with { Pension = pension ?? PensionRules() };

    private static IReadOnlyList<LimitCheck> Judge(IEnumerable<Holding>? positions, PeriodFigures? figures = null,
        FinancePolicy? policy = null, Period? period = null, IEnumerable<LimitCheck>? earlier = null, IEnumerable<int>? origins = null) =>
        ComplianceEngine.Evaluate(PolicyRules.From(policy ?? PolicyWith(), (period ?? October).Year, origins ?? []),
            new ComplianceContext(period ?? October, positions?.ToList(), "inga innehav", figures ?? PeriodFigures.None(period ?? October), 0.02m), earlier);

    /// <summary>The period's figures with the monthly report's result share, as the goal measures it.</summary>
    private static PeriodFigures WithResultShare(Period period, decimal share) =>
        PeriodFigures.None(period) with { Kpis = [new KpiRow(period, KpiCatalog.ResultShare, share, null, null, null, null, null, null)] };

    /// <summary>The period's figures with an allocation (Equity, FixedIncome, Cash) and the return's excess over the requirement.</summary>
    private static PeriodFigures WithAllocation(decimal equity, decimal fixedIncome, decimal cash, decimal excessYtd) =>
        PeriodFigures.None(October) with
        {
            Allocation = [new("Equity", 0m, equity, null), new("FixedIncome", 0m, fixedIncome, null), new("Cash", 0m, cash, null)],
            TotalReturn = new SegmentReturn(PensionPortfolio.Total, null, null, null, null, null, null, null, excessYtd, null),
        };

    // The allocation bounds of seed 001 with the 2-point warning band (policy.md).
    [Theory]
    [InlineData(0.6000, "Ok")]
    [InlineData(0.6799, "Ok")]
    [InlineData(0.6800, "Warning")]   // within 0.02 of the max
    [InlineData(0.7000, "Warning")]   // at the bound: inside
    [InlineData(0.7001, "Breach")]    // just outside
    [InlineData(0.4201, "Ok")]
    [InlineData(0.4000, "Warning")]
    [InlineData(0.3999, "Breach")]
    public void Equity_allocation_at_inside_and_outside_its_bounds(double share, string expected)
    {
        var status = ComplianceEngine.Judge((decimal)share, new Bounds(0.40m, 0.70m, 0.60m), "fraction", 0.02m, Judging.Limit, true);
        Assert.Equal(expected, status.ToString());
    }

    [Theory]
    [InlineData(0.0, "Ok")]       // the minimum equals the normal 0 %: no warning band
    [InlineData(0.1299, "Ok")]
    [InlineData(0.13, "Warning")]
    [InlineData(0.15, "Warning")]
    [InlineData(0.1501, "Breach")]
    public void Cash_allocation_has_no_band_at_its_normal_zero(double share, string expected) =>
        Assert.Equal(expected, ComplianceEngine.Judge((decimal)share, new Bounds(0m, 0.15m, 0m), "fraction", 0.02m, Judging.Limit, true).ToString());

    [Theory]
    [InlineData(2.0, "years", 1.0, 3.0, "Ok")]
    [InlineData(1.2001, "years", 1.0, 3.0, "Ok")]
    [InlineData(1.2, "years", 1.0, 3.0, "Warning")]      // 10 % of the 1–3 interval = 0.2 years
    [InlineData(2.8, "years", 1.0, 3.0, "Warning")]
    [InlineData(0.9999, "years", 1.0, 3.0, "Breach")]
    [InlineData(3.0001, "years", 1.0, 3.0, "Breach")]
    [InlineData(34.0, "days", 30.0, null, "Ok")]
    [InlineData(33.0, "days", 30.0, null, "Warning")]    // one bound: 10 % of it = 3 days
    [InlineData(29.0, "days", 30.0, null, "Breach")]
    [InlineData(111_000_000.0, "SEK", 100_000_000.0, null, "Ok")]
    [InlineData(110_000_000.0, "SEK", 100_000_000.0, null, "Warning")]
    [InlineData(99_999_999.0, "SEK", 100_000_000.0, null, "Breach")]
    [InlineData(1.0, "fraction", null, 1.0, "Ok")]       // a 100 % share limit is the natural end: no band
    [InlineData(0.1, "years", 0.0, 7.0, "Ok")]           // a 0-year minimum duration likewise
    public void Years_days_and_amounts_warn_within_ten_percent(double value, string unit, double? min, double? max, string expected) =>
        Assert.Equal(expected, ComplianceEngine.Judge((decimal)value, new Bounds((decimal?)min, (decimal?)max), unit, 0.02m, Judging.Limit, true).ToString());

    [Fact]
    public void Goals_warn_before_December_breach_in_December_targets_only_warn_and_deadlines_breach_when_due()
    {
        var goal = new Bounds(0.014m, null);
        Assert.Equal(LimitStatus.Warning, ComplianceEngine.Judge(0.006m, goal, "fraction", 0.02m, Judging.YearEndGoal, due: false));
        Assert.Equal(LimitStatus.Breach, ComplianceEngine.Judge(0.006m, goal, "fraction", 0.02m, Judging.YearEndGoal, due: true));
        Assert.Equal(LimitStatus.Ok, ComplianceEngine.Judge(0.015m, goal, "fraction", 0.02m, Judging.YearEndGoal, due: true)); // no band on goals
        Assert.Equal(LimitStatus.Warning, ComplianceEngine.Judge(-0.01m, new Bounds(0, null), "fraction", 0.02m, Judging.Target, due: true));
        Assert.Equal(LimitStatus.Ok, ComplianceEngine.Judge(-239m, new Bounds(0, null), "SEK", 0.02m, Judging.Deadline, due: false));
        Assert.Equal(LimitStatus.Breach, ComplianceEngine.Judge(-239m, new Bounds(0, null), "SEK", 0.02m, Judging.Deadline, due: true));

        var december = Judge([], WithResultShare(new Period(2024, 12), -0.043m), period: new Period(2024, 12));
        Assert.Equal(LimitStatus.Breach, december.Single(c => c.RuleId == "goal.result").Status); // seed 001: −4.3 % against ≥ 1.4 %
        var october = Judge([], WithResultShare(October, -0.043m));
        Assert.Equal(LimitStatus.Warning, october.Single(c => c.RuleId == "goal.result").Status);
    }

    [Fact]
    public void A_compliant_portfolio_is_within_every_limit()
    {
        Holding[] positions =
        [
            Equity(Oct, "E1", 200m, "Fondbolag A"), Equity(Oct, "E2", 200m, "Fondbolag B"), Equity(Oct, "E3", 200m, "Fondbolag C"),
            Bond(Oct, "G1", 250m), Bond(Oct, "C1", 60m, "Stadshypotek", "CoveredBond", "AAA", 3m),
            Bond(Oct, "M1", 80m, "Kommuninvest", "Municipal", "Aaa", 5m, "EUR", hedged: true),
            Bond(Oct, "K1", 10m, "Volvo", "Corporate", "A", 2m),
        ];
        var measures = WithAllocation(0.6m, 0.4m, 0m, excessYtd: 0.001m);

        var checks = Judge(positions, measures).ToDictionary(c => c.RuleId);

        Assert.All(checks.Values.Where(c => c.Area == "Pension"), c => Assert.True(c.Status == LimitStatus.Ok, $"{c.RuleId}: {c.Status} {c.Detail}"));
        Assert.Equal(0.625m, checks["pension.issuer.Riksgälden"].Measured);     // 250 / 400 of fixed income
        Assert.Equal(1.00m, checks["pension.issuer.Riksgälden"].Max);
        Assert.Equal(0.15m, checks["pension.issuer.Stadshypotek"].Measured);    // 60 / 400 against the AAA limit of 20 %
        Assert.Equal(0.20m, checks["pension.issuer.Stadshypotek"].Max);
        Assert.Equal(0.025m, checks["pension.issuer.Volvo"].Measured);
        Assert.Equal(0.05m, checks["pension.issuer.Volvo"].Max);                // Corporate A meets the A- key: 5 %
        Assert.Equal(0.20m, checks["pension.fund.Fondbolag A"].Measured);       // 200 / 1 000 of the whole portfolio
        Assert.Equal(4m, checks["pension.duration.fixedincome"].Measured);      // (250·4 + 60·3 + 80·5 + 10·2) / 400
        Assert.Equal("Pensionsportföljen ligger inom samtliga limitar", checks["summary.pension"].Detail);
    }

    [Fact]
    public void Issuer_limits_by_type_and_rating_on_one_scale()
    {
        var limits = PensionRules().IssuerLimits;
        Holding Covered(string rating) => Bond(Oct, "C", 1m, "Hypotek", "CoveredBond", rating);
        Holding Corporate(string? rating) => Bond(Oct, "K", 1m, "Bolag", "Corporate", rating);

        Assert.Equal(0.20m, PolicyRules.IssuerLimitOf(limits["CoveredBond"], [Covered("AAA")]));
        Assert.Equal(0.20m, PolicyRules.IssuerLimitOf(limits["CoveredBond"], [Covered("Aaa")]));     // Moody's Aaa = AAA
        Assert.Equal(0.10m, PolicyRules.IssuerLimitOf(limits["CoveredBond"], [Covered("AA+")]));     // not AAA: the default
        Assert.Equal(0.10m, PolicyRules.IssuerLimitOf(limits["CoveredBond"], [Covered("AAA"), Covered("AA")])); // the issuer's worst rating
        Assert.Equal(0.05m, PolicyRules.IssuerLimitOf(limits["Corporate"], [Corporate("A3")]));      // Moody's A3 = A-
        Assert.Equal(0.03m, PolicyRules.IssuerLimitOf(limits["Corporate"], [Corporate("Baa1")]));    // BBB+: the default
        Assert.Equal(0.03m, PolicyRules.IssuerLimitOf(limits["Corporate"], [Corporate(null)]));      // unrated: the default
        Assert.Equal(1.00m, PolicyRules.IssuerLimitOf(limits["Government"], [Bond(Oct, "G", 1m)]));
    }

    [Fact]
    public void Concentration_at_just_inside_and_just_outside_an_issuer_limit()
    {
        // Covered-bond issuer rated AAA, limit 20 % of fixed income; the rest in government bonds.
        LimitCheck Stadshypotek(decimal mv) =>
            Judge([Bond(Oct, "C1", mv, "Stadshypotek", "CoveredBond", "AAA"), Bond(Oct, "G1", 10_000m - mv)]).Single(c => c.RuleId == "pension.issuer.Stadshypotek");

        Assert.Equal(LimitStatus.Ok, Stadshypotek(1_799m).Status);
        Assert.Equal(LimitStatus.Warning, Stadshypotek(1_800m).Status);
        Assert.Equal(LimitStatus.Warning, Stadshypotek(2_000m).Status);
        var breach = Stadshypotek(2_001m);
        Assert.Equal(LimitStatus.Breach, breach.Status);
        Assert.Equal(0.2001m, breach.Measured);
        Assert.Equal("C1 Obligation C1 (0,0\u00A0mnkr)", breach.Detail);
    }

    [Fact]
    public void Must_be_zero_exposures_name_the_offending_instruments()
    {
        Holding[] positions =
        [
            Equity(Oct, "E1", 600_000_000m, "Fondbolag A"),
            Bond(Oct, "U1", 50_000_000m, "Deutsche Bund", "Government", "AAA", currency: "EUR", hedged: false),
            Bond(Oct, "J1", 30_000_000m, "Skräp AB", "Corporate", "BB+"),
            Bond(Oct, "N1", 20_000_000m, "Okänd AB", "Corporate", null),
            Bond(Oct, "S1", 10_000_000m, "Utan Tillsyn AB", "Corporate", "BBB-", supervised: false),
            Bond(Oct, "T1", 5_000_000m, "Tobak AB", "Corporate", "Baa3", exclusions: "tobacco"),
            Bond(Oct, "K1", 5_000_000m, "Kommun", "Municipal", null),   // unrated but exempt
        ];

        var checks = Judge(positions).ToDictionary(c => c.RuleId);

        Assert.Equal(LimitStatus.Breach, checks["pension.fx.fixedincome-hedged"].Status);
        Assert.Equal(50_000_000m, checks["pension.fx.fixedincome-hedged"].Measured);
        Assert.Equal("U1 Obligation U1 (50,0\u00A0mnkr)", checks["pension.fx.fixedincome-hedged"].Detail);
        Assert.Equal(LimitStatus.Breach, checks["pension.rating.min"].Status);
        Assert.Equal(50_000_000m, checks["pension.rating.min"].Measured);       // BB+ and unrated; Baa3 = BBB- passes; Municipal exempt
        Assert.Equal("J1 Obligation J1 (30,0\u00A0mnkr), N1 Obligation N1 (20,0\u00A0mnkr)", checks["pension.rating.min"].Detail);
        Assert.Equal(LimitStatus.Breach, checks["pension.supervised"].Status);
        Assert.Equal(10_000_000m, checks["pension.supervised"].Measured);
        Assert.Equal(LimitStatus.Breach, checks["pension.exclusions"].Status);
        Assert.Equal("T1 Obligation T1 (5,0\u00A0mnkr)", checks["pension.exclusions"].Detail);
        Assert.Equal(LimitStatus.Breach, checks["summary.pension"].Status);
    }

    [Fact]
    public void Missing_values_make_a_rule_NotEvaluated_naming_the_positions_and_the_summary_Incomplete()
    {
        Holding[] positions =
        [
            Equity(Oct, "E1", 600m),
            Bond(Oct, "G1", 300m, duration: 4m),
            Bond(Oct, "G2", 100m, duration: null, supervised: null),
        ];
        var measures = WithAllocation(0.6m, 0.4m, 0m, excessYtd: 0.01m);

        var checks = Judge(positions, measures).ToDictionary(c => c.RuleId);

        Assert.Equal(LimitStatus.NotEvaluated, checks["pension.duration.fixedincome"].Status);
        Assert.Equal("uppgift saknas för G2 Obligation G2 (0,0\u00A0mnkr) (value missing)", checks["pension.duration.fixedincome"].Detail);
        Assert.Equal(LimitStatus.NotEvaluated, checks["pension.supervised"].Status);
        Assert.Contains("G2", checks["pension.supervised"].Detail);
        Assert.Equal(LimitStatus.Incomplete, checks["summary.pension"].Status);

        var none = Judge(null, measures).ToDictionary(c => c.RuleId);
        Assert.Equal(LimitStatus.NotEvaluated, none["pension.rating.min"].Status);
        Assert.Equal("inga innehav", none["pension.rating.min"].Detail);
        Assert.DoesNotContain(none.Keys, k => k.StartsWith("pension.issuer.", StringComparison.Ordinal));
    }

    [Fact]
    public void Weighted_duration_at_its_maximum_warns_and_above_breaches()
    {
        LimitCheck Duration(decimal longDuration) =>
            Judge([Bond(Oct, "A", 100m, duration: 4m), Bond(Oct, "B", 300m, duration: longDuration)]).Single(c => c.RuleId == "pension.duration.fixedincome");

        Assert.Equal(7.0m, Duration(8m).Measured);                // (100·4 + 300·8) / 400
        Assert.Equal(LimitStatus.Warning, Duration(8m).Status);   // inside, within 0.7 years of 7
        Assert.Equal(LimitStatus.Breach, Duration(8.01m).Status);
        Assert.Equal(LimitStatus.Ok, Duration(6m).Status);        // 5.5 years
    }

    [Fact]
    public void Fund_concentration_is_by_manager_of_the_whole_portfolio()
    {
        var checks = Judge([Equity(Oct, "E1", 150m, "Fondbolag A"), Equity(Oct, "E2", 110m, "Fondbolag A"), Bond(Oct, "G1", 740m)]);

        var fund = checks.Single(c => c.RuleId == "pension.fund.Fondbolag A");
        Assert.Equal(0.26m, fund.Measured);
        Assert.Equal(LimitStatus.Breach, fund.Status);
        Assert.Equal("E1 Fond E1 (0,0\u00A0mnkr), E2 Fond E2 (0,0\u00A0mnkr)", fund.Detail);
    }

    [Fact]
    public void A_sold_breaching_holding_is_resolved_not_forgotten()
    {
        var before = Judge([Bond(Oct, "C1", 30m, "Stadshypotek", "CoveredBond", "AAA"), Bond(Oct, "G1", 70m)]);
        Assert.Equal(LimitStatus.Breach, before.Single(c => c.RuleId == "pension.issuer.Stadshypotek").Status);

        var after = Judge([Bond(Oct, "G1", 100m)], earlier: before);
        var resolved = after.Single(c => c.RuleId == "pension.issuer.Stadshypotek");
        Assert.Equal(LimitStatus.Ok, resolved.Status);
        Assert.Equal(0m, resolved.Measured);
        Assert.Equal(ComplianceEngine.Resolved, resolved.Detail);

        // It stays on later evaluations; a group that was Ok and disappears simply goes.
        var later = Judge([Bond(Oct, "G1", 100m)], earlier: after);
        Assert.Contains(later, c => c.RuleId == "pension.issuer.Stadshypotek");
        var okBefore = Judge([Bond(Oct, "C1", 10m, "Stadshypotek", "CoveredBond", "AAA"), Bond(Oct, "G1", 90m)]);
        Assert.DoesNotContain(Judge([Bond(Oct, "G1", 100m)], earlier: okBefore), c => c.RuleId == "pension.issuer.Stadshypotek");
    }

    [Fact]
    public void Debt_liquidity_and_balance_requirement_rules_come_from_the_policy()
    {
        var measures = PeriodFigures.None(October) with
        {
            Debt = new DebtFigures(Oct, 2_570_000_000m, 0.0302m, AverageFixingYears: 1.94m, AverageMaturityYears: 0.9m,
                ShareFixingWithin12Months: 0.156m, ShareMaturingWithin12Months: 0.45m, LargestLender: "Kommuninvest", LargestLenderShare: 1m),
            // A forecast that ends after 20 days without going below zero: readiness is at least 20 days.
            Liquidity = new LiquidityDay(Oct, 204_000_000m, 0m, 204_000_000m, PaymentReadinessDays: 20, PaymentReadinessDaysWithCredit: 20, AtLeast: true,
                MinimumProjected: 150_000_000m, MinimumProjectedDate: new DateOnly(2025, 11, 10), CashCoverageDays: null, HorizonDays: 20, Reason: null),
            Deficits = [new OriginYear(2025, 2023, -239_000_000m, 2026, OriginStatus.Overdue)],
        };

        var checks = Judge(null, measures, FinancePolicy.Default with { Pension = null }, origins: [2023]).ToDictionary(c => c.RuleId);

        Assert.Equal(LimitStatus.Ok, checks["debt.fixing.average"].Status);
        Assert.Equal(LimitStatus.Breach, checks["debt.maturity.average"].Status);
        Assert.Equal(LimitStatus.Breach, checks["debt.maturity.within12m"].Status);
        Assert.Equal(LimitStatus.Ok, checks["debt.lender.single"].Status);
        Assert.Equal("Kommuninvest (100,0\u00A0%)", checks["debt.lender.single"].Detail);
        Assert.Equal(LimitStatus.NotEvaluated, checks["liquidity.readiness"].Status); // a 20-day horizon cannot show 30 days
        Assert.Equal(LimitStatus.Ok, checks["liquidity.minimum"].Status);
        Assert.Equal(LimitStatus.Breach, checks["balancereq.2023"].Status);
        Assert.Equal(LimitStatus.Breach, checks["summary.debt"].Status);
        Assert.Equal(LimitStatus.Incomplete, checks["summary.liquidity"].Status);
        Assert.Equal(LimitStatus.Breach, checks["summary.balancerequirement"].Status);
        Assert.Equal(LimitStatus.NotEvaluated, checks["goal.result"].Status);         // no ledger measure
        Assert.DoesNotContain(checks.Keys, k => k.StartsWith("pension.", StringComparison.Ordinal));
    }
}
