using Regfin.Core.Primitives;

namespace Regfin.Core.ReportingLines;

/// <summary>
/// One figure of one period, as written to the <c>kpis</c> table (tables.md). Amounts are SEK in
/// decimal here; they are rounded to whole kronor when stored.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="Definition">The figure (<see cref="KpiCatalog"/>): its id, label, unit and area.</param>
/// <param name="Value">Year to date (or the ratio); null when an input is missing.</param>
/// <param name="Month">The month alone.</param>
/// <param name="PriorYear">The same months a year earlier.</param>
/// <param name="Budget">The budget year to date.</param>
/// <param name="BudgetYear">The budget for the whole year.</param>
/// <param name="Deviation">Value − Budget.</param>
/// <param name="Reason">Why Value is null, or what it leaves out.</param>
/// <param name="Target">The policy's goal for the figure, if any.</param>
/// <param name="Status">Against the goal: Ok, Warning (wrong side before December), Breach (wrong side in December), NotEvaluated (no value).</param>
public sealed record KpiRow(
    Period Period, KpiDefinition Definition,
    decimal? Value, decimal? Month, decimal? PriorYear, decimal? Budget, decimal? BudgetYear, decimal? Deviation,
    string? Reason, decimal? Target = null, string? Status = null)
{
    /// <summary>The full-year forecast of the figure (report lines and the forecast ratios); null where no forecast applies.</summary>
    public ForecastFigure? Forecast { get; init; }

    /// <summary>The figure's id, e.g. OperatingResult.</summary>
    public string KpiId => Definition.KpiId;

    /// <summary>Result, Goals, Investments, Pension, Debt or Liquidity.</summary>
    public string Area => Definition.Area;

    /// <summary>The Swedish label.</summary>
    public string Label => Definition.LabelSv;

    /// <summary>SEK, fraction, years or days.</summary>
    public string Unit => Definition.Unit;
}

/// <summary>A figure's full-year forecast (helårsprognos) in the kpis and committeeresults tables.</summary>
/// <param name="Value">The forecast for the whole year; null when an input is missing (<paramref name="Reason"/>).</param>
/// <param name="Deviation">Forecast − BudgetYear (amounts only).</param>
/// <param name="Source">Uploaded, Carried, Computed or Mixed.</param>
/// <param name="AsOf">The latest month a forecast used was made after.</param>
/// <param name="Reason">Why the value is null.</param>
public sealed record ForecastFigure(decimal? Value, decimal? Deviation, Forecast.ForecastSource? Source, Period? AsOf, string? Reason = null);

/// <summary>The amounts of one month per report line, in the report sign (income +, costs −).</summary>
/// <param name="Lines">The report value per line.</param>
/// <param name="Unmapped">Per unmapped account (not classes 1–2), the report value.</param>
/// <param name="RealisedGains">The report value of the policy's realised-gain accounts.</param>
/// <param name="UnrealisedSecurities">The report value of the policy's unrealised-securities accounts.</param>
public sealed record MonthLines(IReadOnlyDictionary<ReportLine, decimal> Lines, IReadOnlyDictionary<string, decimal> Unmapped,
    decimal RealisedGains = 0, decimal UnrealisedSecurities = 0)
{
    /// <summary>Maps one month's counting amounts with <paramref name="map"/>: ReportValue = −Σ Amount.</summary>
    public static MonthLines From(IEnumerable<(string Account, decimal Amount)> amounts, AccountMap map,
        IReadOnlyList<AccountRange>? realisedGains = null, IReadOnlyList<AccountRange>? unrealisedSecurities = null)
    {
        var builder = new Builder(AccountClasses.For(map, realisedGains, unrealisedSecurities));
        foreach (var (account, amount) in amounts)
        {
            builder.Add(account, amount);
        }

        return builder.Build();
    }

    private static readonly AmountsMemo<AccountClasses, MonthLines> Mapped = new();

    /// <summary>
    /// One month's counting amounts mapped with <paramref name="classes"/>, remembered for as long as
    /// that list of amounts lives: the periods of a compute run share the months they read (a run
    /// over two years maps each of its 36 months once, not once per period that reads it).
    /// </summary>
    public static MonthLines Of(IReadOnlyList<Ingestion.Staging.StagedAmount> amounts, AccountClasses classes) =>
        Mapped.Get(amounts, classes, static (list, with) =>
        {
            var builder = new Builder(with);
            foreach (var amount in list)
            {
                builder.Add(amount.Key.Account, amount.Amount);
            }

            return builder.Build();
        });

    /// <summary>
    /// Sums amounts into one month's lines as <see cref="From"/> does, one amount at a time: the hot
    /// loop of every period's report (hundreds of thousands of amounts), with no allocation per amount.
    /// </summary>
    /// <param name="classes">The accounts' classes (map and gain ranges).</param>
    public sealed class Builder(AccountClasses classes)
    {
        private static readonly ReportLine[] AllLines = Enum.GetValues<ReportLine>();
        private static readonly int LineCount = AllLines.Max(l => (int)l) + 1;

        private readonly decimal[] _sums = new decimal[LineCount];
        private readonly SortedDictionary<string, decimal> _unmapped = new(StringComparer.Ordinal);
        private decimal _realised;
        private decimal _unrealised;

        /// <summary>Adds one amount in the ledger sign (the report value is −Σ Amount).</summary>
        public void Add(string account, decimal amount)
        {
            var of = classes.Of(account);
            if (of.Line is { } line)
            {
                _sums[(int)line] -= amount;
            }
            else if (!of.BalanceSheet)
            {
                _unmapped[account] = _unmapped.GetValueOrDefault(account) - amount;
            }

            if (of.Realised)
            {
                _realised -= amount;
            }

            if (of.Unrealised)
            {
                _unrealised -= amount;
            }
        }

        /// <summary>The month's lines.</summary>
        public MonthLines Build()
        {
            var lines = new Dictionary<ReportLine, decimal>(LineCount);
            foreach (var line in AllLines)
            {
                lines[line] = _sums[(int)line];
            }

            return new MonthLines(lines, _unmapped, _realised, _unrealised);
        }
    }

    /// <summary>The sum of several months' (or committees') lines.</summary>
    public static MonthLines Total(IEnumerable<MonthLines> parts)
    {
        var lines = Enum.GetValues<ReportLine>().ToDictionary(l => l, _ => 0m);
        var unmapped = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        decimal realised = 0, unrealised = 0;
        foreach (var part in parts)
        {
            foreach (var (line, value) in part.Lines)
            {
                lines[line] += value;
            }

            foreach (var (account, value) in part.Unmapped)
            {
                unmapped[account] = unmapped.GetValueOrDefault(account) + value;
            }

            realised += part.RealisedGains;
            unrealised += part.UnrealisedSecurities;
        }

        return new MonthLines(lines, unmapped, realised, unrealised);
    }

    /// <summary>
    /// Balanskravsresultat: Result less realised gains and unrealised securities gains and losses
    /// (kpis.md; seed 001: −521 − 6 − (610 − 53) = −1 084).
    /// </summary>
    public decimal BalanceRequirementResult => Derived(DerivedLine.Result) - RealisedGains - UnrealisedSecurities;

    /// <summary>The value of a derived line.</summary>
    public decimal Derived(DerivedLine line) => line switch
    {
        DerivedLine.NetOperatingCost => Lines[ReportLine.OperatingIncome] + Lines[ReportLine.OperatingCosts] + Lines[ReportLine.Depreciation],
        DerivedLine.TaxAndGrants => Lines[ReportLine.TaxRevenue] + Lines[ReportLine.GeneralGrants],
        DerivedLine.OperatingResult => Derived(DerivedLine.NetOperatingCost) + Derived(DerivedLine.TaxAndGrants),
        DerivedLine.FinancialNet => Lines[ReportLine.FinancialIncome] + Lines[ReportLine.FinancialCosts],
        DerivedLine.ResultAfterFinancialItems => Derived(DerivedLine.OperatingResult) + Derived(DerivedLine.FinancialNet),
        DerivedLine.Result => Derived(DerivedLine.ResultAfterFinancialItems) + Lines[ReportLine.Extraordinary],
        _ => throw new ArgumentOutOfRangeException(nameof(line)),
    };
}

/// <summary>
/// Computes the report lines of a period (kpis.md): Value = year to date, Month = the month alone,
/// PriorYear = the same months a year earlier. A year-to-date figure with a month missing is null
/// with a reason, never a partial sum.
/// </summary>
public static class ResultLinesCalculator
{
    /// <summary>The KPI rows of the report lines, the derived lines and UnmappedAmount for <paramref name="period"/>.</summary>
    /// <param name="period">The period P.</param>
    /// <param name="months">The mapped ledger months available (any subset of P's year and the year before).</param>
    /// <param name="budget">The mapped budget months of P's year, if any.</param>
    public static IReadOnlyList<KpiRow> Calculate(Period period, IReadOnlyDictionary<Period, MonthLines> months, IReadOnlyDictionary<Period, MonthLines>? budget = null)
    {
        budget ??= new Dictionary<Period, MonthLines>();
        var year = Enumerable.Range(1, 12).Select(m => new Period(period.Year, m)).ToList();
        var ytd = period.YearToDate().ToList();
        var priorYtd = period.SameMonthLastYear.YearToDate().ToList();
        var missing = ytd.Where(m => !months.ContainsKey(m)).ToList();
        var missingPrior = priorYtd.Where(m => !months.ContainsKey(m)).ToList();
        var reason = missing.Count == 0 ? null : "ingen huvudbok för " + string.Join(", ", missing) + " (no ledger for these months)";
        months.TryGetValue(period, out var current);

        decimal? Sum(IEnumerable<Period> range, bool complete, Func<MonthLines, decimal> pick) =>
            complete ? range.Sum(m => pick(months[m])) : null;

        decimal? BudgetSum(IEnumerable<Period> range, Func<MonthLines, decimal> pick)
        {
            var list = range.ToList();
            return list.All(budget.ContainsKey) ? list.Sum(m => pick(budget[m])) : null;
        }

        var rows = new List<KpiRow>();
        void Add(KpiDefinition definition, Func<MonthLines, decimal> pick)
        {
            var value = Sum(ytd, missing.Count == 0, pick);
            var budgetYtd = BudgetSum(ytd, pick);
            rows.Add(new KpiRow(
                period, definition,
                value,
                current is null ? null : pick(current),
                Sum(priorYtd, missingPrior.Count == 0, pick),
                budgetYtd, BudgetSum(year, pick), value - budgetYtd,
                reason));
        }

        foreach (var line in Enum.GetValues<ReportLine>())
        {
            Add(KpiCatalog.Of(line.ToString()), m => m.Lines[line]);
        }

        foreach (var line in Enum.GetValues<DerivedLine>())
        {
            Add(KpiCatalog.Of(line.ToString()), m => m.Derived(line));
        }

        Add(KpiCatalog.BalanceRequirementResult, m => m.BalanceRequirementResult);

        var unmappedAccounts = ytd.Where(months.ContainsKey).SelectMany(m => months[m].Unmapped.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        rows.Add(new KpiRow(period, KpiCatalog.UnmappedAmount,
            Sum(ytd, missing.Count == 0, m => m.Unmapped.Values.Sum()),
            current?.Unmapped.Values.Sum(),
            Sum(priorYtd, missingPrior.Count == 0, m => m.Unmapped.Values.Sum()),
            null, null, null,
            unmappedAccounts.Count == 0 ? reason : "konton utan rad i kontoplanen (accounts no report line maps): " + string.Join(", ", unmappedAccounts)));
        return rows;
    }
}
