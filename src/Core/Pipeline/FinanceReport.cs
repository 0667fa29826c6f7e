using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Debt;
using Regfin.Core.Ingestion;
using Regfin.Core.Liquidity;
using Regfin.Core.Policy;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>The finance report (finansrapport) of one period: portfolio, debt, liquidity, and every rule judged.</summary>
/// <param name="Portfolio">The pension portfolio's name.</param>
/// <param name="HoldingsDate">The AsOf of the period's holdings, if any.</param>
/// <param name="Allocation">The allocation rows (empty without holdings).</param>
/// <param name="Returns">The returns rows.</param>
/// <param name="Inflation">π used by the requirement.</param>
/// <param name="Debt">The debt figures, if loans exist.</param>
/// <param name="Maturity">The maturity profile.</param>
/// <param name="Liquidity">One row per day of the period with balances.</param>
/// <param name="Kpis">The Pension, Debt and Liquidity rows of kpis.</param>
/// <param name="Checks">Every limit check, summaries included.</param>
/// <param name="Sources">Imports per output table.</param>
public sealed record FinanceResult(
    string Portfolio, DateOnly? HoldingsDate, IReadOnlyList<SegmentAllocation> Allocation, IReadOnlyList<SegmentReturn> Returns, decimal? Inflation,
    DebtFigures? Debt, IReadOnlyList<MaturityYear> Maturity, IReadOnlyList<(LiquidityDay Day, DateOnly? ForecastAsOf)> Liquidity,
    IReadOnlyList<KpiRow> Kpis, IReadOnlyList<LimitCheck> Checks, IReadOnlyDictionary<string, IReadOnlyList<string>> Sources);

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
        var measures = new Dictionary<string, Measure>(StringComparer.Ordinal);
        var kpis = new List<KpiRow>();
        var sources = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        // Pension portfolio.
        var portfolio = policy.Pension?.Portfolio ?? "Pensionsmedel";
        var byMonth = data.HoldingsByMonth(portfolio);
        byMonth.TryGetValue(period, out var current);
        IReadOnlyList<SegmentAllocation> allocation = [];
        IReadOnlyList<SegmentReturn> returns = [];
        decimal? inflation = null;
        if (policy.Pension is { } pensionPolicy)
        {
            var inputs = new PortfolioInputs(period, pensionPolicy,
                byMonth.ToDictionary(m => m.Key, m => (IReadOnlyList<Holding>)m.Value.Select(h => h.Value).ToList()),
                data.Flows.Select(f => f.Value).Where(f => f.Portfolio == portfolio).ToList(), data.Indices, data.Cpi,
                k => data.Policies.At(k.LastDay).Pension?.RealReturnRequirement ?? pensionPolicy.RealReturnRequirement);
            allocation = PensionPortfolio.Allocation(inputs);
            returns = current is null ? [] : PensionPortfolio.Returns(inputs);
            inflation = current is null ? null : PensionPortfolio.RequirementYtd(inputs).Inflation;
            foreach (var a in allocation.Where(a => a.Segment != PensionPortfolio.Total))
            {
                measures[$"pension.allocation.{a.Segment}"] = new Measure(a.Share, "marknadsvärdet är noll (zero market value)");
            }

            var total = returns.FirstOrDefault(r => r.Segment == PensionPortfolio.Total);
            measures["pension.return.requirement"] = new Measure(total?.ExcessYtd, total?.Reason ?? $"inga innehav för {period} (no holdings)");
            var ytdMonths = period.YearToDate().Prepend(period.January.Previous).ToList();
            sources[Tables.Allocation] = Imports(current?.Select(h => h.Import));
            sources[Tables.Returns] = Imports(ytdMonths.SelectMany(m => byMonth.GetValueOrDefault(m) ?? []).Select(h => h.Import)
                .Concat(data.Flows.Where(f => f.Value.Portfolio == portfolio && f.Value.Date.Year == period.Year).Select(f => f.Import))
                .Concat(ytdMonths.SelectMany(m => data.IndexImports.GetValueOrDefault(m) ?? [])));
        }

        var marketValue = current?.Sum(h => h.Value.MarketValue);
        var noHoldings = $"inga innehav i {portfolio} för {period} (no holdings in the month)";
        kpis.Add(Kpi(period, "Pension", "PortfolioMarketValue", "Pensionsmedlens marknadsvärde", "SEK", marketValue, noHoldings));
        var commitment = pension is null ? (decimal?)null : pension.Provision + pension.ContingentLiability;
        var noPension = $"ingen pensionsskuld med datum till och med {end:yyyy-MM-dd} (no pension file)";
        kpis.Add(Kpi(period, "Pension", "ConsolidationRatio", "Konsolideringsgrad", "fraction",
            marketValue is { } mv && commitment is { } c && c != 0 ? mv / c : null, marketValue is null ? noHoldings : noPension));
        kpis.Add(Kpi(period, "Pension", "BorrowedBack", "Återlånade medel", "SEK", commitment - marketValue, marketValue is null ? noHoldings : noPension));

        // Debt.
        var loans = data.LoansAt(end);
        var debt = loans is { Value.Count: > 0 } ? LoanBook.Figures(loans.Value) : null;
        var maturity = loans is { Value.Count: > 0 } ? LoanBook.MaturityProfile(loans.Value) : [];
        var noLoans = $"ingen låneförteckning med datum till och med {end:yyyy-MM-dd} (no loans file)";
        kpis.Add(Kpi(period, "Debt", "TotalDebt", "Låneskuld", "SEK", debt?.TotalDebt, noLoans));
        kpis.Add(Kpi(period, "Debt", "AverageRate", "Genomsnittlig ränta", "fraction", debt?.AverageRate, noLoans));
        kpis.Add(Kpi(period, "Debt", "AverageFixingYears", "Genomsnittlig räntebindningstid", "years", debt?.AverageFixingYears, noLoans));
        kpis.Add(Kpi(period, "Debt", "AverageMaturityYears", "Genomsnittlig kapitalbindningstid", "years", debt?.AverageMaturityYears, noLoans));
        measures["debt.fixing.average"] = new Measure(debt?.AverageFixingYears, noLoans);
        measures["debt.maturity.average"] = new Measure(debt?.AverageMaturityYears, noLoans);
        measures["debt.fixing.within12m"] = new Measure(debt?.ShareFixingWithin12Months, noLoans);
        measures["debt.maturity.within12m"] = new Measure(debt?.ShareMaturingWithin12Months, noLoans);
        measures["debt.lender.single"] = new Measure(debt?.LargestLenderShare, noLoans, debt is null ? null : $"{debt.LargestLender} ({SwedishFormat.Percent(debt.LargestLenderShare)})");
        sources[Tables.Debt] = Imports(loans is null ? [] : [loans.Import]);

        // Liquidity: every day of the period with balances; the figures at the period are those of its last such day.
        var credit = policy.Liquidity?.CreditFacilitySek ?? 0;
        var operatingCosts = monthly.FirstOrDefault(k => k.KpiId == "OperatingCosts")?.Value;
        var liquidity = data.Cash.Where(c => Period.Of(c.Key) == period).OrderBy(c => c.Key).Select(c =>
        {
            var forecast = data.ForecastAt(c.Key);
            return (Day: LiquidityCalculator.Compute(c.Key, c.Value.Value, credit, forecast?.Value, operatingCosts, end.DayOfYear), ForecastAsOf: forecast?.Value.AsOf,
                Sources: new[] { c.Value.Import }.Concat(forecast is null ? [] : [forecast.Import]));
        }).ToList();
        var last = liquidity.Count > 0 ? liquidity[^1].Day : null;
        var noCash = $"inga banksaldon för {period} (no cash balances in the month)";
        kpis.Add(Kpi(period, "Liquidity", "LiquidFunds", "Likvida medel", "SEK", last?.LiquidFunds, noCash));
        kpis.Add(Kpi(period, "Liquidity", "PaymentReadinessDays", "Betalningsberedskap (dagar)", "days", last?.PaymentReadinessDays, last is null ? noCash : last.Reason));
        measures["liquidity.minimum"] = new Measure(last?.LiquidFunds, noCash, last is null ? null : $"per {last.Date:yyyy-MM-dd}");
        measures["liquidity.readiness"] = last is null ? new Measure(null, noCash)
            : new Measure(last.PaymentReadinessDays, last.Reason, $"per {last.Date:yyyy-MM-dd}, lägsta prognos {SwedishFormat.Msek(last.MinimumProjected ?? 0)} den {last.MinimumProjectedDate:yyyy-MM-dd}", AtLeast: last.AtLeast == true);
        sources[Tables.Liquidity] = Imports(liquidity.SelectMany(l => l.Sources));

        // Goals and committees, from the monthly report.
        Measure FromKpi(string id)
        {
            var row = monthly.FirstOrDefault(k => k.KpiId == id);
            return new Measure(row?.Value, row?.Reason ?? $"ingen huvudbok för {period} (no ledger)");
        }

        measures["goal.result"] = FromKpi("ResultShare");
        measures["goal.equityratio"] = FromKpi("EquityRatioInclPensions");
        measures["goal.debt"] = FromKpi("DebtShare");
        measures["goal.selffinancing"] = FromKpi("SelfFinancingRatio");
        foreach (var committee in committees)
        {
            measures[$"committee.{committee.Committee}.netcostgrowth"] = new Measure(committee.NetCostGrowth, "föregående års nettokostnad saknas (no prior-year ledger)");
        }

        // Balance requirement: the deficits followed at the end of the period's year.
        var (_, origins) = Restoration.Compute(data.BalanceResults.Select(r => r.Value));
        var followed = origins.Where(o => o.Year == period.Year).ToList();
        foreach (var o in followed)
        {
            measures[$"balancereq.{o.Origin}"] = new Measure(o.Remaining, null,
                $"{Swedish(o.Status)}: återstår {SwedishFormat.Msek(-o.Remaining)} att återställa senast {o.Deadline}", Due: o.Status == OriginStatus.Overdue);
        }

        var rules = PolicyRules.From(policy, followed.Select(o => o.Origin));
        var context = new ComplianceContext(period, current?.Select(h => h.Value).ToList(), noHoldings, measures, policy.Pension?.WarningMargin ?? 0);
        var checks = ComplianceEngine.Evaluate(rules, context, earlierChecks);
        sources[Tables.LimitChecks] = Imports(sources.Values.SelectMany(s => s).Select(ImportId.Parse)
            .Concat(data.BalanceResults.Where(r => followed.Any(o => o.Origin == r.Value.Year)).Select(r => r.Import)));

        return new FinanceResult(portfolio, current?.Max(h => h.Value.AsOf), allocation, returns, inflation, debt, maturity,
            liquidity.Select(l => (l.Day, l.ForecastAsOf)).ToList(), kpis, checks, sources);
    }

    private static string Swedish(OriginStatus status) => status switch
    {
        OriginStatus.Open => "öppet",
        OriginStatus.Overdue => "förfallet",
        _ => "återställt",
    };

    private static KpiRow Kpi(Period period, string area, string id, string label, string unit, decimal? value, string? reason) =>
        new(period, area, id, label, unit, value, null, null, null, null, null, value is null ? reason : null);

    private static List<string> Imports(IEnumerable<ImportId>? imports) =>
        (imports ?? []).Select(i => i.Value).Distinct().Order(StringComparer.Ordinal).ToList();
}
