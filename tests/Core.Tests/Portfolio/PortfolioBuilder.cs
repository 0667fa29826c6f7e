using Regfin.Core.Policy;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Portfolio;

/// <summary>Hand-built holdings and policies for the portfolio and compliance tests.</summary>
internal static class PortfolioBuilder
{
    public static Holding Equity(DateOnly asOf, string id, decimal mv, string? manager = null) =>
        new(asOf, "Pensionsmedel", id, "Fond " + id, Segments.Equity, "SEK", mv, null, manager, manager is null ? null : "Fund", null, null, manager, true, []);

    public static Holding Bond(DateOnly asOf, string id, decimal mv, string issuer = "Riksgälden", string issuerType = "Government", string? rating = "AAA",
        decimal? duration = 4m, string currency = "SEK", bool? hedged = null, bool? supervised = true, params string[] exclusions) =>
        new(asOf, "Pensionsmedel", id, "Obligation " + id, Segments.FixedIncome, currency, mv, hedged, issuer, issuerType,
            CreditRating.TryParse(rating, out var r) ? r : null, duration, "Egen förvaltning", supervised, exclusions);

    /// <summary>Seed 001's allocation (40/60/70, 20/40/60, 0/0/15) and benchmarks, 3.5 % real, yoy inflation.</summary>
    public static PensionPolicy PensionRules(string inflationMeasure = "yoy", decimal real = 0.035m) => FinancePolicy.Default.Pension! with
    {
        RealReturnRequirement = real,
        InflationMeasure = inflationMeasure,
        WarningMargin = 0.02m,
        Segments =
        [
            new(Segments.Equity, new Regfin.Core.Policy.Range(0.40m, 0.60m, 0.70m), new Dictionary<string, decimal> { ["SIXRX"] = 0.5m, ["MSCIACWI_SEK"] = 0.5m }),
            new(Segments.FixedIncome, new Regfin.Core.Policy.Range(0.20m, 0.40m, 0.60m), new Dictionary<string, decimal> { ["OMRX_TBOND"] = 1m }),
            new(Segments.Cash, new Regfin.Core.Policy.Range(0m, 0m, 0.15m), new Dictionary<string, decimal> { ["OMRX_TBILL"] = 1m }),
        ],
    };

    public static PortfolioInputs Inputs(Period period, IEnumerable<Holding> holdings, IEnumerable<PortfolioFlow>? flows = null,
        IEnumerable<(string, DateOnly, decimal)>? prints = null, IReadOnlyDictionary<Period, decimal>? cpi = null, PensionPolicy? policy = null,
        Func<Period, decimal>? real = null)
    {
        policy ??= PensionRules();
        return new PortfolioInputs(period, policy,
            holdings.GroupBy(h => Period.Of(h.AsOf)).ToDictionary(g => g.Key, g => (IReadOnlyList<Holding>)g.ToList()),
            (flows ?? []).ToList(), new IndexLevels(prints ?? []), new CpiSeries(cpi ?? new Dictionary<Period, decimal>()),
            real ?? (_ => policy.RealReturnRequirement));
    }
}
