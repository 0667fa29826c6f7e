using Regfin.Core.Forecast;
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
    /// <summary>The full-year forecast in force (per committee and for the region); null without a monthly report.</summary>
    public RegionForecast? Forecast { get; init; }

    /// <summary>The 12-month rolling operating result from December of the previous year to the period (the trend chart).</summary>
    public IReadOnlyList<TrendPoint> Trend { get; init; } = [];

    /// <summary>No monthly report (a period without a ledger).</summary>
    public static MonthlyFigures None { get; } = new([], [], []);
}

/// <summary>One month of the year to date.</summary>
/// <param name="Month">The month.</param>
/// <param name="Result">Its operating result (verksamhetens resultat); null without its ledger.</param>
/// <param name="ResultYtd">The result from January to the month; null when a month is missing.</param>
/// <param name="BudgetYtd">The budgeted result from January to the month; null when a month has no budget.</param>
public sealed record MonthResult(Period Month, decimal? Result, decimal? ResultYtd, decimal? BudgetYtd);

/// <summary>One month of the trend: the operating result of the twelve months ending it (rullande tolv månader).</summary>
/// <param name="Month">The last month of the window.</param>
/// <param name="Rolling12">Verksamhetens resultat over the twelve months; null when a month of the window has no ledger.</param>
public sealed record TrendPoint(Period Month, decimal? Rolling12);

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
/// <param name="Forecasts">The committees' forecast uploads of P's year (those made after P are ignored).</param>
public sealed record PeriodInputs(
    Period Period,
    FinancePolicy Policy,
    IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Ledger,
    IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Budget,
    IReadOnlyDictionary<string, decimal>? Balance,
    PensionLiability? Pension,
    (DateOnly AsOf, decimal Total)? LoansTotal,
    IReadOnlyList<ForecastUpload> Forecasts)
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
/// <param name="Status">Against the ceiling of P's year: before December the forecast growth decides (Ok or Warning), in December
/// the actual (Ok or Breach); NotEvaluated without a value; null without a ceiling.</param>
public sealed record CommitteeResult(Period Period, string Committee, string Name, decimal? NetCost, decimal? Month, decimal? PriorYear,
    decimal? Budget, decimal? BudgetYear, decimal? Deviation, decimal? NetCostGrowth, decimal? GrowthCeiling, string? Status)
{
    /// <summary>The committee's forecast in force: the whole year's net cost, Forecast − BudgetYear, its source and month.</summary>
    public ForecastFigure? Forecast { get; init; }

    /// <summary>Forecast / NetCost of the whole prior year − 1.</summary>
    public decimal? ForecastGrowth { get; init; }

    /// <summary>The committee's comment on its forecast.</summary>
    public string? Comment { get; init; }
}

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
        var classes = AccountClasses.For(policy.Accounts, policy.RealisedGains, policy.UnrealisedSecurities);
        MonthLines Map(IReadOnlyList<StagedAmount> amounts) => MonthLines.Of(amounts, classes);

        var ledger = inputs.Ledger.ToDictionary(m => m.Key, m => Map(m.Value));
        var budget = inputs.Budget.ToDictionary(m => m.Key, m => Map(m.Value));
        var ledgerByCommittee = new CommitteeMonthLines(inputs.Ledger, policy.Accounts);
        var budgetByCommittee = new CommitteeMonthLines(inputs.Budget, policy.Accounts);
        var forecast = FullYearForecast.Compute(inputs.Period, ledgerByCommittee, budgetByCommittee, inputs.Forecasts);
        var lines = WithForecast(ResultLinesCalculator.Calculate(inputs.Period, ledger, budget), forecast).ToList();
        var kpis = lines.Concat(Ratios(inputs, lines.ToDictionary(r => r.KpiId), ledger, forecast)).ToList();
        return new MonthlyFigures(kpis, Committees(inputs, ledgerByCommittee, budgetByCommittee, forecast), Months(inputs.Period, ledger, budget))
        {
            Forecast = forecast,
            Trend = Trend(inputs.Period, ledger),
        };
    }

    /// <summary>The rolling twelve months' operating result for each month from December of the previous year to P.</summary>
    private static List<TrendPoint> Trend(Period period, Dictionary<Period, MonthLines> ledger)
    {
        var points = new List<TrendPoint>();
        for (var month = period.January.Previous; month <= period; month = month.Next)
        {
            var window = Enumerable.Range(0, 12).Select(i => month.AddMonths(-i)).ToList();
            points.Add(new TrendPoint(month, window.All(ledger.ContainsKey) ? window.Sum(m => ledger[m].Derived(DerivedLine.OperatingResult)) : null));
        }

        return points;
    }

    /// <summary>
    /// The report lines with the region's forecast (kpis.md): Forecast per line, derived lines as for
    /// Value, ForecastDeviation = Forecast − BudgetYear; the balance-requirement result's forecast is
    /// Result.Forecast less the adjustments of the year to date (gains are not forecast).
    /// </summary>
    private static IEnumerable<KpiRow> WithForecast(IReadOnlyList<KpiRow> rows, RegionForecast forecast)
    {
        var values = new Dictionary<KpiDefinition, decimal?>();
        foreach (var line in Enum.GetValues<ReportLine>())
        {
            values[KpiCatalog.Of(line.ToString())] = forecast.Lines?.Lines[line];
        }

        foreach (var line in Enum.GetValues<DerivedLine>())
        {
            values[KpiCatalog.Of(line.ToString())] = forecast.Lines?.Derived(line);
        }

        // What a forecast puts on accounts no line maps (a class such as 9, or one a later policy splits) is not lost.
        values[KpiCatalog.UnmappedAmount] = forecast.Lines is { } lines ? lines.Unmapped.Values.Sum() : null;
        var result = rows.First(r => r.Definition == KpiCatalog.Result);
        var brr = rows.First(r => r.Definition == KpiCatalog.BalanceRequirementResult);
        values[KpiCatalog.BalanceRequirementResult] = values[KpiCatalog.Result] + (brr.Value - result.Value);
        foreach (var row in rows)
        {
            if (!values.TryGetValue(row.Definition, out var value))
            {
                yield return row;
                continue;
            }

            var reason = value is not null
                ? row.Definition == KpiCatalog.UnmappedAmount && forecast.Lines!.Unmapped.Count > 0
                    ? "konton och kontoklasser i prognoserna utan rad i kontoplanen (forecast accounts no report line maps): " + string.Join(", ", forecast.Lines.Unmapped.Keys)
                    : null
                : forecast.Reason ?? row.Reason;
            yield return row with { Forecast = new ForecastFigure(value, value - row.BudgetYear, forecast.Source, forecast.AsOf, reason) };
        }
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

    private static IEnumerable<KpiRow> Ratios(PeriodInputs inputs, Dictionary<string, KpiRow> line, Dictionary<Period, MonthLines> ledger, RegionForecast forecast)
    {
        var p = inputs.Period;
        var goals = inputs.Policy.Goals;
        var noc = line[KpiCatalog.NetOperatingCost.KpiId];
        var tg = line[KpiCatalog.TaxAndGrants.KpiId];

        KpiRow Ratio(KpiDefinition definition, decimal? value, string? reason, decimal? target = null, bool atLeast = true) =>
            new(p, definition, value, null, null, null, null, null, value is null ? reason : null, target, GoalStatus(p, value, target, atLeast));

        ForecastFigure ForecastRatio(decimal? value, string reason) =>
            new(value, null, forecast.Source, forecast.AsOf, value is null ? forecast.Reason ?? reason : null);

        // NetCostGrowth on the forecast: against the net cost of the whole prior year.
        var priorYear = Enumerable.Range(1, 12).Select(m => new Period(p.Year - 1, m)).ToList();
        decimal? nocPriorYear = priorYear.All(ledger.ContainsKey) ? priorYear.Sum(m => ledger[m].Derived(DerivedLine.NetOperatingCost)) : null;
        yield return Ratio(KpiCatalog.NetCostGrowth, Growth(noc.Value, noc.PriorYear),
            Missing(noc.Value, noc.Reason, noc.PriorYear, "nettokostnader samma period föregående år saknas (no prior-year ledger)")) with
        {
            Forecast = ForecastRatio(Growth(noc.Forecast?.Value, nocPriorYear), $"ingen huvudbok för hela {p.Year - 1} (no ledger for the whole prior year)"),
        };
        yield return Ratio(KpiCatalog.TaxAndGrantsGrowth, Growth(tg.Value, tg.PriorYear),
            Missing(tg.Value, tg.Reason, tg.PriorYear, "skatter och bidrag samma period föregående år saknas (no prior-year ledger)"));

        // The result goal is a full-year goal: before December the forecast decides whether it is met.
        var share = Divide(line[KpiCatalog.OperatingResult.KpiId].Value, tg.Value);
        var shareForecast = Divide(line[KpiCatalog.OperatingResult.KpiId].Forecast?.Value, tg.Forecast?.Value);
        yield return Ratio(KpiCatalog.ResultShare, share, tg.Reason ?? "skatter och bidrag är noll", goals.ResultShareMin) with
        {
            Forecast = ForecastRatio(shareForecast, "skatter och bidrag enligt prognos är noll"),
            Status = GoalStatus(p, p.Month < 12 && shareForecast is not null ? shareForecast : share, goals.ResultShareMin, atLeast: true),
        };
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

    private static List<CommitteeResult> Committees(PeriodInputs inputs, CommitteeMonthLines ledger, CommitteeMonthLines budgeted, RegionForecast forecast)
    {
        var p = inputs.Period;
        var ytd = p.YearToDate().ToList();
        var prior = p.SameMonthLastYear.YearToDate().ToList();
        var year = Enumerable.Range(1, 12).Select(m => new Period(p.Year, m)).ToList();
        var priorYear = Enumerable.Range(1, 12).Select(m => new Period(p.Year - 1, m)).ToList();
        var codes = ytd.Concat(prior).Where(inputs.Ledger.ContainsKey).SelectMany(m => inputs.Ledger[m]).Select(a => a.Key.Committee)
            .Concat(inputs.Budget.Values.SelectMany(b => b).Select(a => a.Key.Committee))
            .Concat(forecast.Committees.Select(c => c.Committee))
            .Distinct().Order(StringComparer.Ordinal);

        var results = new List<CommitteeResult>();
        foreach (var code in codes)
        {
            decimal? Sum(CommitteeMonthLines source, IEnumerable<Period> months)
            {
                // A month counts for a committee only if the committee has rows in it: no rows is a
                // missing input (null), not a zero.
                var lines = months.Select(m => source.Of(code, m)).ToList();
                return lines.All(l => l is not null) ? lines.Sum(l => l!.Derived(DerivedLine.NetOperatingCost)) : null;
            }

            var netCost = Sum(ledger, ytd);
            var samePeriodLastYear = Sum(ledger, prior);
            var budget = Sum(budgeted, ytd);
            var budgetYear = Sum(budgeted, year);
            var growth = Growth(netCost, samePeriodLastYear);
            var policy = inputs.Policy.Committees.GetValueOrDefault(code);
            var ceiling = policy?.CeilingFor(p.Year);

            var own = forecast.Of(code);
            var forecastCost = own?.NetCost;
            var forecastGrowth = Growth(forecastCost, Sum(ledger, priorYear));

            // A ceiling is a full-year target: before December the forecast decides (Warning when above), in December the actual.
            var status = ceiling is null ? null : GoalStatus(p, p.Month < 12 && forecastGrowth is not null ? forecastGrowth : growth, ceiling, atLeast: false);
            results.Add(new CommitteeResult(p, code, policy?.Name ?? code, netCost, Sum(ledger, [p]), samePeriodLastYear,
                budget, budgetYear, netCost - budget, growth, ceiling, status)
            {
                Forecast = own is null ? null : new ForecastFigure(forecastCost, forecastCost - budgetYear, own.Source, own.AsOf,
                    forecastCost is null ? forecast.Reason : null),
                ForecastGrowth = forecastGrowth,
                Comment = own?.Comment,
            });
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
