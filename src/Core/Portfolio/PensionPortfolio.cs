using Regfin.Core.Policy;
using Regfin.Core.Primitives;

namespace Regfin.Core.Portfolio;

/// <summary>One segment's market value and share against the policy's allocation range (allocation).</summary>
/// <param name="Segment">Equity, FixedIncome, Cash or Total.</param>
/// <param name="MarketValue">SEK at the period's holdings date.</param>
/// <param name="Share">MarketValue / Total.</param>
/// <param name="Range">Min, normal and max from the policy (none for Total).</param>
public sealed record SegmentAllocation(string Segment, decimal MarketValue, decimal? Share, Policy.Range? Range);

/// <summary>One row of the returns table: a segment (or Total) for one month and the year to date.</summary>
/// <param name="Segment">Equity, FixedIncome, Cash or Total.</param>
/// <param name="Return">Modified Dietz return of the month.</param>
/// <param name="Benchmark">The month's benchmark return.</param>
/// <param name="Active">Return − Benchmark.</param>
/// <param name="ReturnYtd">Chained monthly returns, January to the period.</param>
/// <param name="BenchmarkYtd">Chained monthly benchmark returns.</param>
/// <param name="ActiveYtd">ReturnYtd − BenchmarkYtd.</param>
/// <param name="RequirementYtd">The return requirement for the year to date (Total only).</param>
/// <param name="ExcessYtd">ReturnYtd − RequirementYtd (Total only).</param>
/// <param name="Reason">Why a figure is null.</param>
public sealed record SegmentReturn(string Segment, decimal? Return, decimal? Benchmark, decimal? Active, decimal? ReturnYtd,
    decimal? BenchmarkYtd, decimal? ActiveYtd, decimal? RequirementYtd, decimal? ExcessYtd, string? Reason);

/// <summary>Everything the pension-portfolio figures of one period need.</summary>
/// <param name="Period">The period P.</param>
/// <param name="Policy">The pension policy in force at P's last day.</param>
/// <param name="HoldingsByMonth">Per month, the portfolio's holdings at the latest AsOf within it (months without holdings absent).</param>
/// <param name="Flows">The portfolio's flows (any months).</param>
/// <param name="Indices">Index levels.</param>
/// <param name="Cpi">Consumer price index.</param>
/// <param name="RealRequirement">The real return requirement of the policy version valid at a month's last day.</param>
public sealed record PortfolioInputs(
    Period Period, PensionPolicy Policy, IReadOnlyDictionary<Period, IReadOnlyList<Holding>> HoldingsByMonth,
    IReadOnlyList<PortfolioFlow> Flows, IndexLevels Indices, CpiSeries Cpi, Func<Period, decimal> RealRequirement);

/// <summary>
/// The pension portfolio's figures (kpis.md, Pension): allocation against the policy, monthly returns
/// by Modified Dietz per segment and in total, chained year to date, composite benchmarks from index
/// levels, and the return requirement (real requirement plus inflation). Pure.
/// </summary>
public static class PensionPortfolio
{
    /// <summary>The total row's segment name.</summary>
    public const string Total = "Total";

    /// <summary>The allocation at P (empty without holdings in P).</summary>
    public static IReadOnlyList<SegmentAllocation> Allocation(PortfolioInputs inputs)
    {
        if (!inputs.HoldingsByMonth.TryGetValue(inputs.Period, out var holdings))
        {
            return [];
        }

        var total = holdings.Sum(h => h.MarketValue);
        var rows = inputs.Policy.Segments.Select(s =>
        {
            var mv = holdings.Where(h => h.Segment == s.Segment).Sum(h => h.MarketValue);
            return new SegmentAllocation(s.Segment, mv, total == 0 ? null : mv / total, s.Allocation);
        }).ToList();
        rows.Add(new SegmentAllocation(Total, total, total == 0 ? null : 1m, null));
        return rows;
    }

    /// <summary>
    /// Modified Dietz return of one segment (or the total, <paramref name="segment"/> null) over month
    /// <paramref name="period"/>: (MV_E − MV_B − ΣCF) / (MV_B + Σ wᵢ·CFᵢ), wᵢ = (D − dᵢ)/D.
    /// </summary>
    public static (decimal? Return, string? Reason) ModifiedDietz(PortfolioInputs inputs, Period period, string? segment)
    {
        if (!inputs.HoldingsByMonth.TryGetValue(period.Previous, out var start))
        {
            return (null, $"innehav saknas för {period.Previous} (no holdings at the start of {period})");
        }

        if (!inputs.HoldingsByMonth.TryGetValue(period, out var end))
        {
            return (null, $"innehav saknas för {period} (no holdings)");
        }

        bool InSegment(string s) => segment is null || s == segment;
        var mvB = start.Where(h => InSegment(h.Segment)).Sum(h => h.MarketValue);
        var mvE = end.Where(h => InSegment(h.Segment)).Sum(h => h.MarketValue);
        var flows = inputs.Flows.Where(f => Period.Of(f.Date) == period && InSegment(f.Segment)).ToList();
        decimal days = period.Days;
        var netFlow = flows.Sum(f => f.Amount);
        var weighted = flows.Sum(f => (days - f.Date.Day) / days * f.Amount);
        var denominator = mvB + weighted;
        if (denominator == 0)
        {
            return (null, $"nämnaren är noll för {period} (no capital at work in the month)");
        }

        return ((mvE - mvB - netFlow) / denominator, null);
    }

    /// <summary>A segment's benchmark return over a month: Σ weight · index return.</summary>
    public static (decimal? Return, string? Reason) SegmentBenchmark(PortfolioInputs inputs, Period period, SegmentPolicy segment)
    {
        decimal sum = 0;
        foreach (var (index, weight) in segment.Benchmark)
        {
            var (r, reason) = inputs.Indices.MonthReturn(index, period);
            if (r is null)
            {
                return (null, reason);
            }

            sum += weight * r.Value;
        }

        return (sum, null);
    }

    /// <summary>The total benchmark over a month: Σ normal allocation · segment benchmark (segments with a normal weight).</summary>
    public static (decimal? Return, string? Reason) TotalBenchmark(PortfolioInputs inputs, Period period)
    {
        decimal sum = 0;
        foreach (var segment in inputs.Policy.Segments.Where(s => (s.Allocation.Normal ?? 0) != 0))
        {
            var (r, reason) = SegmentBenchmark(inputs, period, segment);
            if (r is null)
            {
                return (null, reason);
            }

            sum += segment.Allocation.Normal!.Value * r.Value;
        }

        return (sum, null);
    }

    /// <summary>
    /// The return requirement for the year to date: annualₖ = (1 + realₖ)(1 + π) − 1 for each month k of
    /// the year to date, realₖ from the policy version valid at k's last day, π the inflation at P
    /// (the latest CPI month on or before P); YTD = Π(1 + annualₖ)^(1/12) − 1.
    /// </summary>
    public static (decimal? Requirement, decimal? Inflation, string? Reason) RequirementYtd(PortfolioInputs inputs)
    {
        var p = inputs.Period;
        var cpiMonth = inputs.Cpi.LatestOnOrBefore(p);
        if (cpiMonth is null)
        {
            return (null, null, $"KPI saknas för {p} (no CPI level)");
        }

        var (pi, reason) = inputs.Cpi.InflationAt(cpiMonth.Value, inputs.Policy.InflationMeasure);
        if (pi is null)
        {
            return (null, null, reason);
        }

        double growth = 1;
        foreach (var k in p.YearToDate())
        {
            growth *= (double)((1 + inputs.RealRequirement(k)) * (1 + pi.Value));
        }

        var requirement = (decimal)Math.Pow(growth, 1.0 / 12) - 1;
        var note = cpiMonth.Value == p ? null : $"inflation från KPI {cpiMonth.Value} (latest CPI; {p} not yet published)";
        return (requirement, pi, note);
    }

    /// <summary>The returns table of P: each segment of the policy and the total.</summary>
    public static IReadOnlyList<SegmentReturn> Returns(PortfolioInputs inputs)
    {
        var p = inputs.Period;
        var ytd = p.YearToDate().ToList();
        var rows = new List<SegmentReturn>();

        SegmentReturn Row(string name, Func<Period, (decimal? Return, string? Reason)> monthReturn, Func<Period, (decimal? Return, string? Reason)> monthBenchmark, bool total)
        {
            var (r, reasonR) = monthReturn(p);
            var (b, reasonB) = monthBenchmark(p);
            var (rYtd, reasonRYtd) = Chain(ytd, monthReturn);
            var (bYtd, reasonBYtd) = Chain(ytd, monthBenchmark);
            decimal? requirement = null, excess = null;
            string? reasonReq = null;
            if (total)
            {
                (requirement, _, reasonReq) = RequirementYtd(inputs);
                excess = rYtd - requirement;
            }

            var reasons = new[] { reasonR, reasonB, reasonRYtd, reasonBYtd, reasonReq }.Where(x => x is not null).Distinct().ToList();
            return new SegmentReturn(name, r, b, r - b, rYtd, bYtd, rYtd - bYtd, requirement, excess, reasons.Count == 0 ? null : string.Join("; ", reasons));
        }

        foreach (var segment in inputs.Policy.Segments)
        {
            rows.Add(Row(segment.Segment, k => ModifiedDietz(inputs, k, segment.Segment), k => SegmentBenchmark(inputs, k, segment), false));
        }

        rows.Add(Row(Total, k => ModifiedDietz(inputs, k, null), k => TotalBenchmark(inputs, k), true));
        return rows;
    }

    /// <summary>Π(1 + Rₘ) − 1 over <paramref name="months"/>; any month null makes the chain null, naming it.</summary>
    private static (decimal? Value, string? Reason) Chain(IEnumerable<Period> months, Func<Period, (decimal? Return, string? Reason)> monthly)
    {
        decimal product = 1;
        foreach (var m in months)
        {
            var (r, _) = monthly(m);
            if (r is null)
            {
                return (null, $"hittills i år saknas: {m} har ingen avkastning (YTD needs every month from January)");
            }

            product *= 1 + r.Value;
        }

        return (product - 1, null);
    }
}
