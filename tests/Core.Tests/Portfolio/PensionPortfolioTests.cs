using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using static Regfin.Core.Tests.Portfolio.PortfolioBuilder;

namespace Regfin.Core.Tests.Portfolio;

public class PensionPortfolioTests
{
    private static readonly DateOnly Sep = new(2025, 9, 30);
    private static readonly DateOnly Oct = new(2025, 10, 31);
    private static readonly Period October = new(2025, 10);

    /// <summary>
    /// Seed 003, "Finansrapporter per oktober 2025": total +2.1 % against +2.2 %, equity +2.9 % against
    /// +3.5 %, fixed income +1.0 % against +0.2 %. Equity 3 600 → 3 704.4 MSEK, fixed income 2 400 → 2 424;
    /// SIXRX +4 %, MSCI ACWI +3 % (0.5 each), OMRX T-BOND +0.2 %.
    /// </summary>
    [Fact]
    public void Seed_003_October_returns_against_benchmark()
    {
        var inputs = Inputs(October,
            [Equity(Sep, "E1", 3_600_000_000m), Bond(Sep, "B1", 2_400_000_000m), Equity(Oct, "E1", 3_704_400_000m), Bond(Oct, "B1", 2_424_000_000m)],
            prints: [("SIXRX", Sep, 100m), ("SIXRX", Oct, 104m), ("MSCIACWI_SEK", Sep, 200m), ("MSCIACWI_SEK", Oct, 206m),
                     ("OMRX_TBOND", Sep, 1000m), ("OMRX_TBOND", Oct, 1002m), ("OMRX_TBILL", Sep, 500m), ("OMRX_TBILL", Oct, 501m)]);

        var rows = PensionPortfolio.Returns(inputs).ToDictionary(r => r.Segment);

        Assert.Equal(0.029m, rows["Equity"].Return);
        Assert.Equal(0.035m, rows["Equity"].Benchmark);
        Assert.Equal(-0.006m, rows["Equity"].Active);
        Assert.Equal(0.010m, rows["FixedIncome"].Return);
        Assert.Equal(0.002m, rows["FixedIncome"].Benchmark);
        Assert.Equal(0.008m, rows["FixedIncome"].Active);
        Assert.Equal(0.0214m, rows["Total"].Return);          // 6 128.4 / 6 000 − 1, shown as 2.1 %
        Assert.Equal(0.0218m, rows["Total"].Benchmark);       // 0.6 · 3.5 % + 0.4 · 0.2 %, shown as 2.2 %
        Assert.Equal(-0.0004m, rows["Total"].Active);         // the seed's −0.1 is the difference of the rounded figures
        Assert.Null(rows["Cash"].Return);                     // no cash at either end: nothing at work
        Assert.Contains("nämnaren är noll", rows["Cash"].Reason);
        Assert.Equal(0.002m, rows["Cash"].Benchmark);

        var allocation = PensionPortfolio.Allocation(inputs).ToDictionary(a => a.Segment);
        Assert.Equal(3_704_400_000m / 6_128_400_000m, allocation["Equity"].Share);
        Assert.Equal(6_128_400_000m, allocation["Total"].MarketValue);
        Assert.Equal(0.70m, allocation["Equity"].Range!.Max);
    }

    [Fact]
    public void A_flow_on_the_first_day_weighs_almost_the_whole_month_and_one_on_the_last_day_nothing()
    {
        Holding[] holdings = [Equity(Sep, "E1", 1000m), Equity(Oct, "E1", 1150m)];

        var first = Inputs(October, holdings, [new PortfolioFlow(new DateOnly(2025, 10, 1), "Pensionsmedel", Segments.Equity, 100m)]);
        var last = Inputs(October, holdings, [new PortfolioFlow(new DateOnly(2025, 10, 31), "Pensionsmedel", Segments.Equity, 100m)]);

        // (1150 − 1000 − 100) / (1000 + 100 · 30/31) = 1550 / 34000.
        Assert.Equal(1550m / 34000m, PensionPortfolio.ModifiedDietz(first, October, Segments.Equity).Return!.Value, 20);
        // (1150 − 1000 − 100) / (1000 + 100 · 0/31) = 0.05.
        Assert.Equal(0.05m, PensionPortfolio.ModifiedDietz(last, October, Segments.Equity).Return);
    }

    [Fact]
    public void A_transfer_between_segments_cancels_in_the_total()
    {
        var mid = new DateOnly(2025, 10, 16);
        var inputs = Inputs(October,
            [Equity(Sep, "E1", 600m), Bond(Sep, "B1", 400m), Equity(Oct, "E1", 520m), Bond(Oct, "B1", 500m)],
            [new PortfolioFlow(mid, "Pensionsmedel", Segments.Equity, -100m), new PortfolioFlow(mid, "Pensionsmedel", Segments.FixedIncome, 100m)]);

        Assert.Equal(0.02m, PensionPortfolio.ModifiedDietz(inputs, October, null).Return);             // (1020 − 1000) / 1000
        Assert.Equal(20m / (600m - 100m * 15m / 31m), PensionPortfolio.ModifiedDietz(inputs, October, Segments.Equity).Return!.Value, 20);
    }

    [Fact]
    public void Missing_prior_month_holdings_give_null_with_a_reason()
    {
        var inputs = Inputs(October, [Equity(Oct, "E1", 1000m)]);

        var (r, reason) = PensionPortfolio.ModifiedDietz(inputs, October, null);

        Assert.Null(r);
        Assert.Equal("innehav saknas för 2025-09 (no holdings at the start of 2025-10)", reason);
        var total = PensionPortfolio.Returns(inputs).Single(x => x.Segment == "Total");
        Assert.Null(total.Return);
        Assert.Null(total.ReturnYtd);
        Assert.Contains("innehav saknas för 2025-09", total.Reason);
    }

    [Fact]
    public void Index_prints_on_the_last_business_day_serve_a_month_ending_on_a_weekend()
    {
        // May 2025 ends on Saturday the 31st: the last print is Friday the 30th.
        var levels = new IndexLevels([("SIXRX", new DateOnly(2025, 5, 30), 100m), ("SIXRX", new DateOnly(2025, 6, 27), 101m), ("SIXRX", new DateOnly(2025, 6, 30), 102m)]);

        Assert.Equal(0.02m, levels.MonthReturn("SIXRX", new Period(2025, 6)).Return);
        Assert.Equal((new DateOnly(2025, 5, 30), 100m), levels.LatestOnOrBefore("SIXRX", new DateOnly(2025, 5, 31)));
        var (none, reason) = levels.MonthReturn("SIXRX", new Period(2025, 7)); // no July print: not a zero return
        Assert.Null(none);
        Assert.Contains("SIXRX", reason);
        Assert.Null(levels.MonthReturn("OMRX_TBOND", new Period(2025, 6)).Return);
    }

    [Fact]
    public void Year_to_date_chains_the_months_and_needs_every_one()
    {
        var dec = new DateOnly(2024, 12, 31);
        var jan = new DateOnly(2025, 1, 31);
        var feb = new DateOnly(2025, 2, 28);
        var inputs = Inputs(new Period(2025, 2), [Equity(dec, "E1", 100m), Equity(jan, "E1", 110m), Equity(feb, "E1", 99m)],
            prints: [("SIXRX", dec, 10m), ("SIXRX", jan, 11m), ("SIXRX", feb, 11m), ("MSCIACWI_SEK", dec, 10m), ("MSCIACWI_SEK", jan, 10m), ("MSCIACWI_SEK", feb, 10.5m)]);

        var equity = PensionPortfolio.Returns(inputs).Single(r => r.Segment == "Equity");

        Assert.Equal(-0.1m, equity.Return);
        Assert.Equal(1.1m * 0.9m - 1, equity.ReturnYtd);                              // −1 %
        Assert.Equal((1 + 0.05m) * (1 + 0.025m) - 1, equity.BenchmarkYtd);          // Jan 0.5·10 %, Feb 0.5·5 %
        Assert.Equal(equity.ReturnYtd - equity.BenchmarkYtd, equity.ActiveYtd);

        var missingJanuary = Inputs(new Period(2025, 2), [Equity(jan, "E1", 110m), Equity(feb, "E1", 99m)]);
        var ytd = PensionPortfolio.Returns(missingJanuary).Single(r => r.Segment == "Equity");
        Assert.Equal(-0.1m, ytd.Return);
        Assert.Null(ytd.ReturnYtd);
        Assert.Contains("2025-01", ytd.Reason);
    }

    /// <summary>
    /// Seed 001: the 2024 requirement of 6.9 % is 4 % real for eleven months and 3.5 % for December
    /// (the policy version of 2024-12-01) on annual-average inflation of 2.8 %.
    /// </summary>
    [Fact]
    public void Seed_001_requirement_for_2024_with_annual_average_inflation_and_a_policy_change_in_December()
    {
        var cpi = Enumerable.Range(0, 24).ToDictionary(i => new Period(2023, 1).AddMonths(i), i => i < 12 ? 100m : 102.8m);
        var inputs = Inputs(new Period(2024, 12), [], cpi: cpi, policy: PensionRules("annualAverage"),
            real: k => k.Month == 12 ? 0.035m : 0.04m);

        var (requirement, inflation, reason) = PensionPortfolio.RequirementYtd(inputs);

        Assert.Equal(0.028m, inflation!.Value, 10);
        Assert.Equal(0.0686907m, requirement!.Value, 6); // ((1.04·1.028)^11 · (1.035·1.028))^(1/12) − 1 = 6.87 %
        Assert.Null(reason);
    }

    [Fact]
    public void Requirement_with_year_on_year_inflation_uses_the_latest_published_CPI()
    {
        var cpi = new Dictionary<Period, decimal> { [new Period(2024, 9)] = 400m, [new Period(2025, 9)] = 408m };
        var inputs = Inputs(new Period(2025, 10), [], cpi: cpi);

        var (requirement, inflation, reason) = PensionPortfolio.RequirementYtd(inputs);

        Assert.Equal(0.02m, inflation);
        // Ten months of (1.035 · 1.02): (1.0557)^(10/12) − 1.
        Assert.Equal((decimal)Math.Pow(1.035 * 1.02, 10.0 / 12) - 1, requirement!.Value, 10);
        Assert.Contains("KPI 2025-09", reason);
    }
}
