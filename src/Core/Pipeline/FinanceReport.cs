using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Debt;
using Regfin.Core.Ingestion;
using Regfin.Core.Investments;
using Regfin.Core.Liquidity;
using Regfin.Core.Policy;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>The finance report (finansrapport) of one period: portfolio, debt, liquidity, investments, and every rule judged.</summary>
/// <param name="Portfolio">The pension portfolio's name.</param>
/// <param name="HoldingsDate">The AsOf of the period's holdings, if any.</param>
/// <param name="Allocation">The allocation rows (empty without holdings).</param>
/// <param name="Returns">The returns rows.</param>
/// <param name="Inflation">π used by the requirement.</param>
/// <param name="Debt">The debt figures, if loans exist.</param>
/// <param name="Maturity">The maturity profile.</param>
/// <param name="Liquidity">One row per day of the period with balances.</param>
/// <param name="Kpis">The Investments, Pension, Debt and Liquidity rows of kpis.</param>
/// <param name="Checks">Every limit check, summaries included.</param>
/// <param name="Sources">Imports per output table.</param>
/// <param name="Investments">The investment follow-up, if an investments file applies to the period.</param>
public sealed record FinanceResult(
    string Portfolio, DateOnly? HoldingsDate, IReadOnlyList<SegmentAllocation> Allocation, IReadOnlyList<SegmentReturn> Returns, decimal? Inflation,
    DebtFigures? Debt, IReadOnlyList<MaturityYear> Maturity, IReadOnlyList<(LiquidityDay Day, DateOnly? ForecastAsOf)> Liquidity,
    IReadOnlyList<KpiRow> Kpis, IReadOnlyList<LimitCheck> Checks, IReadOnlyDictionary<string, IReadOnlyList<string>> Sources,
    InvestmentFollowUp? Investments)
{
    /// <summary>The pension liability (avsättning, ansvarsförbindelse) at the latest AsOf ≤ the period end, if any.</summary>
    public PensionLiability? Pension { get; init; }
}

/// <summary>
/// Composes the finance report of a period from the loaded <see cref="FinanceData"/> and the period's
/// monthly report (goals, committees), then judges the policy's rules with the
/// <see cref="ComplianceEngine"/>. Pure.
/// </summary>
public static class FinanceReport
{
    /// <summary>Computes the report of <paramref name="period"/>.</summary>
    /// <param name="period">The period.</param>
    /// <param name="policy">The policy version valid at its last day.</param>
    /// <param name="data">The finance inputs.</param>
    /// <param name="monthly">The monthly report's KPI rows of the period (empty without a ledger).</param>
    /// <param name="committees">Its committee results.</param>
    /// <param name="pension">The pension liability at the latest AsOf ≤ the period end.</param>
    /// <param name="earlierChecks">The period's limit checks of the previous evaluation.</param>
    public static FinanceResult Compute(Period period, FinancePolicy policy, FinanceData data, IReadOnlyList<KpiRow> monthly,
        IReadOnlyList<CommitteeResult> committees, PensionLiability? pension, IEnumerable<LimitCheck> earlierChecks)
    {
        var end = period.LastDay;
        var kpis = new List<KpiRow>();
        var sources = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        // Pension portfolio.
        var portfolio = policy.Pension?.Portfolio ?? "Pensionsmedel";
        var byMonth = data.HoldingsByMonth(portfolio);
        byMonth.TryGetValue(period, out var current);
        IReadOnlyList<SegmentAllocation> allocation = [];
        IReadOnlyList<SegmentReturn> returns = [];
        decimal? inflation = null;
        SegmentReturn? totalReturn = null;
        if (policy.Pension is { } pensionPolicy)
        {
            var inputs = new PortfolioInputs(period, pensionPolicy,
                byMonth.ToDictionary(m => m.Key, m => (IReadOnlyList<Holding>)m.Value.Select(h => h.Value).ToList()),
                data.Flows.Select(f => f.Value).Where(f => f.Portfolio == portfolio).ToList(), data.Indices, data.Cpi,
                k => data.Policies.At(k.LastDay).Pension?.RealReturnRequirement ?? pensionPolicy.RealReturnRequirement);
            allocation = PensionPortfolio.Allocation(inputs);
            returns = current is null ? [] : PensionPortfolio.Returns(inputs);
            inflation = current is null ? null : PensionPortfolio.RequirementYtd(inputs).Inflation;
            totalReturn = returns.FirstOrDefault(r => r.Segment == PensionPortfolio.Total);
            var ytdMonths = period.YearToDate().Prepend(period.January.Previous).ToList();
            sources[Tables.Allocation] = Imports(current?.Select(h => h.Import));
            sources[Tables.Returns] = Imports(ytdMonths.SelectMany(m => byMonth.GetValueOrDefault(m) ?? []).Select(h => h.Import)
                .Concat(data.Flows.Where(f => f.Value.Portfolio == portfolio && f.Value.Date.Year == period.Year).Select(f => f.Import))
                .Concat(ytdMonths.SelectMany(m => data.IndexImports.GetValueOrDefault(m) ?? [])));
        }

        var marketValue = current?.Sum(h => h.Value.MarketValue);
        var noHoldings = $"inga innehav i {portfolio} för {period} (no holdings in the month)";
        kpis.Add(Kpi(period, KpiCatalog.PortfolioMarketValue, marketValue, noHoldings));
        var commitment = pension is null ? (decimal?)null : pension.Provision + pension.ContingentLiability;
        var noPension = $"ingen pensionsskuld med datum till och med {end:yyyy-MM-dd} (no pension file)";
        kpis.Add(Kpi(period, KpiCatalog.ConsolidationRatio,
            marketValue is { } mv && commitment is { } c && c != 0 ? mv / c : null, marketValue is null ? noHoldings : noPension));
        kpis.Add(Kpi(period, KpiCatalog.BorrowedBack, commitment - marketValue, marketValue is null ? noHoldings : noPension));

        // Debt.
        var loans = data.LoansAt(end);
        var debt = loans is { Value.Count: > 0 } ? LoanBook.Figures(loans.Value) : null;
        var maturity = loans is { Value.Count: > 0 } ? LoanBook.MaturityProfile(loans.Value) : [];
        var noLoans = PeriodFigures.NoLoansIn(period);
        kpis.Add(Kpi(period, KpiCatalog.TotalDebt, debt?.TotalDebt, noLoans));
        kpis.Add(Kpi(period, KpiCatalog.AverageRate, debt?.AverageRate, noLoans));
        kpis.Add(Kpi(period, KpiCatalog.AverageFixingYears, debt?.AverageFixingYears, noLoans));
        kpis.Add(Kpi(period, KpiCatalog.AverageMaturityYears, debt?.AverageMaturityYears, noLoans));
        sources[Tables.Debt] = Imports(loans is null ? [] : [loans.Import]);

        // Liquidity: every day of the period with balances; the figures at the period are those of its last such day.
        var credit = policy.Liquidity?.CreditFacilitySek ?? 0;
        var operatingCosts = monthly.FirstOrDefault(k => k.Definition == KpiCatalog.OperatingCosts)?.Value;
        var liquidity = data.Cash.Where(c => Period.Of(c.Key) == period).OrderBy(c => c.Key).Select(c =>
        {
            var forecast = data.ForecastAt(c.Key);
            return (Day: LiquidityCalculator.Compute(c.Key, c.Value.Value, credit, forecast?.Value, operatingCosts, end.DayOfYear), ForecastAsOf: forecast?.Value.AsOf,
                Sources: new[] { c.Value.Import }.Concat(forecast is null ? [] : [forecast.Import]));
        }).ToList();
        var last = liquidity.Count > 0 ? liquidity[^1].Day : null;
        var noCash = PeriodFigures.NoCashIn(period);
        kpis.Add(Kpi(period, KpiCatalog.LiquidFunds, last?.LiquidFunds, noCash));
        kpis.Add(Kpi(period, KpiCatalog.PaymentReadinessDays, last?.PaymentReadinessDays, last is null ? noCash : last.Reason));
        sources[Tables.Liquidity] = Imports(liquidity.SelectMany(l => l.Sources));

        // Investments: the projects at the latest AsOf in the period's year on or before it.
        var investments = data.InvestmentsAt(period);
        var noInvestments = InvestmentFollowUp.NoneFor(period);
        kpis.Add(Kpi(period, KpiCatalog.InvestmentsYtd, investments?.Total.OutcomeYtd, noInvestments));
        kpis.Add(Kpi(period, KpiCatalog.InvestmentsBudgetYear, investments?.Total.BudgetYear, noInvestments));
        kpis.Add(Kpi(period, KpiCatalog.InvestmentsForecastYear, investments?.Total.ForecastYear, noInvestments));
        sources[Tables.Investments] = Imports(investments is null ? [] : data.Investments.Where(i => i.Value.AsOf == investments.AsOf).Select(i => i.Import));

        // Balance requirement: the deficits followed at the end of the period's year.
        var brr = monthly.FirstOrDefault(k => k.Definition == KpiCatalog.BalanceRequirementResult);
        var (_, origins) = Restoration.Compute(Restoration.WithCurrentYear(data.BalanceResults.Select(r => r.Value), period.Year, brr?.Forecast?.Value, brr?.Value));
        var followed = origins.Where(o => o.Year == period.Year).ToList();
        var rules = PolicyRules.From(policy, period.Year, followed.Select(o => o.Origin), investments?.Projects);
        var figures = new PeriodFigures(period, monthly, committees, allocation.Where(a => a.Segment != PensionPortfolio.Total).ToList(), totalReturn, debt, last, followed,
            investments);
        var context = new ComplianceContext(period, current?.Select(h => h.Value).ToList(), noHoldings, figures, policy.Pension?.WarningMargin ?? 0);
        var checks = ComplianceEngine.Evaluate(rules, context, earlierChecks);
        sources[Tables.LimitChecks] = Imports(sources.Values.SelectMany(s => s).Select(ImportId.Parse)
            .Concat(data.BalanceResults.Where(r => followed.Any(o => o.Origin == r.Value.Year)).Select(r => r.Import)));

        return new FinanceResult(portfolio, current?.Max(h => h.Value.AsOf), allocation, returns, inflation, debt, maturity,
            liquidity.Select(l => (l.Day, l.ForecastAsOf)).ToList(), kpis, checks, sources, investments)
        {
            Pension = pension,
        };
    }

    private static KpiRow Kpi(Period period, KpiDefinition definition, decimal? value, string? reason) =>
        new(period, definition, value, null, null, null, null, null, value is null ? reason : null);

    private static List<string> Imports(IEnumerable<ImportId>? imports) =>
        (imports ?? []).Select(i => i.Value).Distinct().Order(StringComparer.Ordinal).ToList();
}
