using Regfin.Core.BalanceRequirement;
using Regfin.Core.Debt;
using Regfin.Core.Investments;
using Regfin.Core.Liquidity;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Compliance;

/// <summary>
/// The computed figures of one period that range rules measure. Each rule picks its own figure
/// (<see cref="RangeRule.MeasureOf"/>, built in <see cref="PolicyRules"/>), so no figure is looked up
/// by a spelled id: a rule and its measure are declared together.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="Kpis">The monthly report's figures (empty without a ledger).</param>
/// <param name="Committees">The committees' results.</param>
/// <param name="Allocation">The pension portfolio's allocation per segment (empty without holdings or pension policy).</param>
/// <param name="TotalReturn">The portfolio's Total return row, if computed.</param>
/// <param name="Debt">The debt figures, if loans exist.</param>
/// <param name="Liquidity">The period's last day with bank balances, if any.</param>
/// <param name="Deficits">The balance-requirement deficits followed at the end of the period's year.</param>
/// <param name="Investments">The investment follow-up of the period, if an investments file applies.</param>
public sealed record PeriodFigures(
    Period Period,
    IReadOnlyList<KpiRow> Kpis,
    IReadOnlyList<CommitteeResult> Committees,
    IReadOnlyList<SegmentAllocation> Allocation,
    SegmentReturn? TotalReturn,
    DebtFigures? Debt,
    LiquidityDay? Liquidity,
    IReadOnlyList<OriginYear> Deficits,
    InvestmentFollowUp? Investments = null)
{
    /// <summary>A period with no figures at all.</summary>
    public static PeriodFigures None(Period period) => new(period, [], [], [], null, null, null, []);

    /// <summary>A figure of the monthly report, or null.</summary>
    public KpiRow? Kpi(KpiDefinition definition) => Kpis.FirstOrDefault(k => k.Definition == definition);

    /// <summary>Why debt figures are missing.</summary>
    public string NoLoans => NoLoansIn(Period);

    /// <summary>Why liquidity figures are missing.</summary>
    public string NoCash => NoCashIn(Period);

    /// <summary>Why debt figures of <paramref name="period"/> are missing (also the kpis' Reason).</summary>
    public static string NoLoansIn(Period period) => $"ingen låneförteckning med datum till och med {period.LastDay:yyyy-MM-dd} (no loans file)";

    /// <summary>Why liquidity figures of <paramref name="period"/> are missing (also the kpis' Reason).</summary>
    public static string NoCashIn(Period period) => $"inga banksaldon för {period} (no cash balances in the month)";

    /// <summary>Why a figure of the monthly report is missing.</summary>
    public string NoLedger => $"ingen huvudbok för {Period} (no ledger)";
}
