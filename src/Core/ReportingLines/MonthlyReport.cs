using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;

namespace Regfin.Core.ReportingLines;

/// <summary>One balance-sheet item at a period end (balance file).</summary>
/// <param name="Period">The period.</param>
/// <param name="Item">One of <see cref="BalanceSheetItems"/>.</param>
/// <param name="Amount">SEK.</param>
public sealed record BalanceSheetItem(Period Period, string Item, decimal Amount);

/// <summary>The balance-sheet items a balance file may give (formats.md, balance).</summary>
public static class BalanceSheetItems
{
    /// <summary>Summa tillgångar.</summary>
    public const string TotalAssets = "TotalAssets";

    /// <summary>Eget kapital (may be negative).</summary>
    public const string Equity = "Equity";

    /// <summary>Räntebärande skulder.</summary>
    public const string InterestBearingDebt = "InterestBearingDebt";

    /// <summary>Omsättningstillgångar.</summary>
    public const string CurrentAssets = "CurrentAssets";

    /// <summary>Kortfristiga skulder.</summary>
    public const string CurrentLiabilities = "CurrentLiabilities";

    /// <summary>Investeringar: gross investments year to date.</summary>
    public const string Investments = "Investments";
}

/// <summary>The monthly report of a period: its figures, its committees and the months of its year.</summary>
/// <param name="Kpis">The report lines and ratios.</param>
/// <param name="Committees">The committees against their budgets and ceilings.</param>
/// <param name="Months">The months of the year to date (the result chart).</param>
public sealed record MonthlyFigures(IReadOnlyList<KpiRow> Kpis, IReadOnlyList<CommitteeResult> Committees, IReadOnlyList<MonthResult> Months)
{
    /// <summary>No monthly report (a period without a ledger).</summary>
    public static MonthlyFigures None { get; } = new([], [], []);
}

/// <summary>One month of the year to date.</summary>
/// <param name="Month">The month.</param>
/// <param name="Result">Its operating result (verksamhetens resultat); null without its ledger.</param>
/// <param name="ResultYtd">The result from January to the month; null when a month is missing.</param>
/// <param name="BudgetYtd">The budgeted result from January to the month; null when a month has no budget.</param>
public sealed record MonthResult(Period Month, decimal? Result, decimal? ResultYtd, decimal? BudgetYtd);

/// <summary>The pension liability at a date (pension file).</summary>
/// <param name="AsOf">The date.</param>
/// <param name="Provision">Avsättning, incl. payroll tax.</param>
/// <param name="ContingentLiability">Ansvarsförbindelse, incl. payroll tax.</param>
public sealed record PensionLiability(DateOnly AsOf, decimal Provision, decimal ContingentLiability);

/// <summary>Everything the monthly report of one period is computed from.</summary>
/// <param name="Period">The period P.</param>
/// <param name="Policy">The policy in force at P's last day.</param>
/// <param name="Ledger">Counting ledger amounts per month, January of the previous year to P (months without a ledger absent).</param>
/// <param name="Budget">Counting budget amounts per month of P's year (months without a budget absent).</param>
/// <param name="Balance">Balance-sheet items at P (Item → amount), if uploaded.</param>
/// <param name="Pension">The latest pension liability with AsOf ≤ P's last day, if any.</param>
/// <param name="LoansTotal">The loans total at the latest AsOf ≤ P's last day, if any.</param>
public sealed record PeriodInputs(
    Period Period,
    FinancePolicy Policy,
    IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Ledger,
    IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Budget,
    IReadOnlyDictionary<string, decimal>? Balance,
    PensionLiability? Pension,
    (DateOnly AsOf, decimal Total)? LoansTotal)
{
    /// <summary>
    /// Σ OutcomeYtd of the investment follow-up of P (the investments file at the latest AsOf in P's
    /// year ≤ P), if one applies: SelfFinancingRatio divides by it instead of the balance item.
    /// </summary>
    public decimal? InvestmentsYtd { get; init; }
}

/// <summary>One committee's result for a period (committeeresults).</summary>
/// <param name="Period">The period.</param>
/// <param name="Committee">The committee code.</param>
/// <param name="Name">Its Swedish name (from the policy, else the code).</param>
/// <param name="NetCost">Net cost year to date (income + costs + depreciation, report sign).</param>
/// <param name="Month">The month alone.</param>
/// <param name="PriorYear">The same months a year earlier.</param>
/// <param name="Budget">Budget year to date.</param>
/// <param name="BudgetYear">Budget for the whole year.</param>
/// <param name="Deviation">NetCost − Budget.</param>
/// <param name="NetCostGrowth">NetCost / PriorYear − 1.</param>
/// <param name="GrowthCeiling">The full-year ceiling from the policy.</param>
/// <param name="Status">Against the ceiling: Ok, Warning (exceeded before December), Breach (exceeded in December), NotEvaluated.</param>
public sealed record CommitteeResult(Period Period, string Committee, string Name, decimal? NetCost, decimal? Month, decimal? PriorYear,
    decimal? Budget, decimal? BudgetYear, decimal? Deviation, decimal? NetCostGrowth, decimal? GrowthCeiling, string? Status);

/// <summary>
/// The månadsrapport of one period (kpis.md): the report lines with budget, the ratios and financial
/// goals judged by the policy, and the committees' results against their growth ceilings. Pure: all
/// inputs come in <see cref="PeriodInputs"/>; a figure whose inputs are missing is null with a reason.
/// </summary>
public static class MonthlyReport
{
    /// <summary>Computes the KPI rows and committee results.</summary>
    public static MonthlyFigures Compute(PeriodInputs inputs)
    {
        var policy = inputs.Policy;
        MonthLines Map(IEnumerable<StagedAmount> amounts) =>
            MonthLines.From(amounts.Select(a => (a.Key.Account, a.Amount)), policy.Accounts, policy.RealisedGains, policy.UnrealisedSecurities);

        var ledger = inputs.Ledger.ToDictionary(m => m.Key, m => Map(m.Value));
        var budget = inputs.Budget.ToDictionary(m => m.Key, m => Map(m.Value));
        var lines = ResultLinesCalculator.Calculate(inputs.Period, ledger, budget).ToList();
        var kpis = lines.Concat(Ratios(inputs, lines.ToDictionary(r => r.KpiId), ledger)).ToList();
        return new MonthlyFigures(kpis, Committees(inputs, Map), Months(inputs.Period, ledger, budget));
    }

    /// <summary>The operating result of each month of the year to date, cumulated, and the cumulated budget (null from a missing month on).</summary>
    private static List<MonthResult> Months(Period period, Dictionary<Period, MonthLines> ledger, Dictionary<Period, MonthLines> budget)
    {
        var months = new List<MonthResult>();
        decimal? resultYtd = 0, budgetYtd = 0;
        foreach (var month in period.YearToDate())
        {
            decimal? result = ledger.TryGetValue(month, out var lines) ? lines.Derived(DerivedLine.OperatingResult) : null;
            resultYtd += result;
            budgetYtd += budget.TryGetValue(month, out var planned) ? planned.Derived(DerivedLine.OperatingResult) : null;
            months.Add(new MonthResult(month, result, resultYtd, budgetYtd));
        }

        return months;
    }

    private static IEnumerable<KpiRow> Ratios(PeriodInputs inputs, Dictionary<string, KpiRow> line, Dictionary<Period, MonthLines> ledger)
    {
        var p = inputs.Period;
        var goals = inputs.Policy.Goals;
        var noc = line[KpiCatalog.NetOperatingCost.KpiId];
        var tg = line[KpiCatalog.TaxAndGrants.KpiId];

        KpiRow Ratio(KpiDefinition definition, decimal? value, string? reason, decimal? target = null, bool atLeast = true) =>
            new(p, definition, value, null, null, null, null, null, value is null ? reason : null, target, GoalStatus(p, value, target, atLeast));

        yield return Ratio(KpiCatalog.NetCostGrowth, Growth(noc.Value, noc.PriorYear),
            Missing(noc.Value, noc.Reason, noc.PriorYear, "nettokostnader samma period föregående år saknas (no prior-year ledger)"));
        yield return Ratio(KpiCatalog.TaxAndGrantsGrowth, Growth(tg.Value, tg.PriorYear),
            Missing(tg.Value, tg.Reason, tg.PriorYear, "skatter och bidrag samma period föregående år saknas (no prior-year ledger)"));
        yield return Ratio(KpiCatalog.ResultShare, Divide(line[KpiCatalog.OperatingResult.KpiId].Value, tg.Value),
            tg.Reason ?? "skatter och bidrag är noll", goals.ResultShareMin);
        yield return Ratio(KpiCatalog.NetCostShare, Divide(-noc.Value, tg.Value), tg.Reason ?? "skatter och bidrag är noll");

        var balance = inputs.Balance;
        var equity = balance?.GetValueOrDefault(BalanceSheetItems.Equity);
        var assets = balance?.GetValueOrDefault(BalanceSheetItems.TotalAssets);
        var noBalance = balance is null ? $"ingen balansräkning för {p} (no balance file for the period)" : "summa tillgångar saknas (no TotalAssets)";
        yield return Ratio(KpiCatalog.EquityRatio, balance?.ContainsKey(BalanceSheetItems.Equity) == true ? Divide(equity, assets) : null, noBalance);
        var inclPensions = inputs.Pension is { } pension && balance?.ContainsKey(BalanceSheetItems.Equity) == true ? Divide(equity - pension.ContingentLiability, assets) : null;
        yield return Ratio(KpiCatalog.EquityRatioInclPensions, inclPensions,
            inputs.Pension is null ? $"ingen pensionsskuld med datum till och med {p.LastDay:yyyy-MM-dd} (no pension file)" : noBalance,
            goals.EquityRatioInclPensionsMin);

        var (debt, debtReason) = inputs.LoansTotal is { } loans ? (loans.Total, (string?)null)
            : balance?.TryGetValue(BalanceSheetItems.InterestBearingDebt, out var item) == true ? (item, null)
            : ((decimal?)null, "varken lån eller räntebärande skulder i balansräkningen (no loans file, no InterestBearingDebt)");
        var (taxAndGrants12, annualised) = RollingTaxAndGrants(p, ledger, tg.Value);
        var debtShare = Divide(debt, taxAndGrants12);
        yield return new KpiRow(p, KpiCatalog.DebtShare,
            debtShare, null, null, null, null, null,
            debtShare is null ? debtReason ?? tg.Reason : annualised ? $"skatter och bidrag uppräknade till helår från {p.Month} månader (fewer than 12 months of ledger)" : null,
            goals.DebtShareMax, GoalStatus(p, debtShare, goals.DebtShareMax, atLeast: false));

        // Investments year to date: the investment follow-up's outcome when a file applies, else the balance item.
        var investments = inputs.InvestmentsYtd ?? balance?.GetValueOrDefault(BalanceSheetItems.Investments);
        var hasInvestments = inputs.InvestmentsYtd is not null || balance?.ContainsKey(BalanceSheetItems.Investments) == true;
        var brr = line[KpiCatalog.BalanceRequirementResult.KpiId].Value;
        var depreciation = line[KpiCatalog.Depreciation.KpiId];
        var selfFinancing = hasInvestments ? Divide(brr - depreciation.Value, investments) : null;
        yield return Ratio(KpiCatalog.SelfFinancingRatio, selfFinancing,
            !hasInvestments ? $"investeringar saknas i balansfilen för {p} (no Investments item)" : depreciation.Reason ?? "investeringar är noll",
            goals.SelfFinancingRatioMin);
    }

    /// <summary>TaxAndGrants over the 12 months ending P; with fewer months of ledger, the year to date × 12 / months.</summary>
    private static (decimal? Value, bool Annualised) RollingTaxAndGrants(Period p, Dictionary<Period, MonthLines> ledger, decimal? ytd)
    {
        var window = Enumerable.Range(0, 12).Select(i => p.AddMonths(-i)).ToList();
        if (window.All(ledger.ContainsKey))
        {
            return (window.Sum(m => ledger[m].Derived(DerivedLine.TaxAndGrants)), false);
        }

        return (ytd * 12 / p.Month, true);
    }

    private static List<CommitteeResult> Committees(PeriodInputs inputs, Func<IEnumerable<StagedAmount>, MonthLines> map)
    {
        var p = inputs.Period;
        var ytd = p.YearToDate().ToList();
        var prior = p.SameMonthLastYear.YearToDate().ToList();
        var year = Enumerable.Range(1, 12).Select(m => new Period(p.Year, m)).ToList();
        var codes = ytd.Concat(prior).Where(inputs.Ledger.ContainsKey).SelectMany(m => inputs.Ledger[m]).Select(a => a.Key.Committee)
            .Concat(inputs.Budget.Values.SelectMany(b => b).Select(a => a.Key.Committee))
            .Distinct().Order(StringComparer.Ordinal);

        var results = new List<CommitteeResult>();
        foreach (var code in codes)
        {
            decimal? Sum(IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> source, IEnumerable<Period> months)
            {
                // A month counts for a committee only if the committee has rows in it: no rows is a
                // missing input (null), not a zero.
                var rows = months.Select(m => source.TryGetValue(m, out var all) ? all.Where(a => a.Key.Committee == code).ToList() : []).ToList();
                return rows.All(r => r.Count > 0) ? rows.Sum(r => map(r).Derived(DerivedLine.NetOperatingCost)) : null;
            }

            var netCost = Sum(inputs.Ledger, ytd);
            var priorYear = Sum(inputs.Ledger, prior);
            var budget = Sum(inputs.Budget, ytd);
            var growth = Growth(netCost, priorYear);
            var policy = inputs.Policy.Committees.GetValueOrDefault(code);
            var ceiling = policy?.NetCostGrowthMax;
            var status = ceiling is null ? null : GoalStatus(p, growth, ceiling, atLeast: false);
            results.Add(new CommitteeResult(p, code, policy?.Name ?? code, netCost, Sum(inputs.Ledger, [p]), priorYear,
                budget, Sum(inputs.Budget, year), netCost - budget, growth, ceiling, status));
        }

        return results;
    }

    /// <summary>
    /// A figure against its goal: Ok on the right side; on the wrong side Warning before December (a
    /// full-year goal may still be met) and Breach in December; NotEvaluated without a value; null
    /// without a goal.
    /// </summary>
    public static string? GoalStatus(Period period, decimal? value, decimal? target, bool atLeast)
    {
        if (target is not { } t)
        {
            return null;
        }

        if (value is not { } v)
        {
            return "NotEvaluated";
        }

        var ok = atLeast ? v >= t : v <= t;
        return ok ? "Ok" : period.Month == 12 ? "Breach" : "Warning";
    }

    private static decimal? Growth(decimal? value, decimal? prior) => Divide(value, prior) - 1;

    private static decimal? Divide(decimal? numerator, decimal? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? n / d : null;

    private static string? Missing(decimal? value, string? valueReason, decimal? prior, string priorReason) =>
        value is null ? valueReason : prior is null ? priorReason : "föregående år är noll (prior year is zero)";
}
