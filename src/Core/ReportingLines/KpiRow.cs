using Regfin.Core.Primitives;

namespace Regfin.Core.ReportingLines;

/// <summary>
/// One figure of one period, as written to the <c>kpis</c> table (tables.md). Amounts are SEK in
/// decimal here; they are rounded to whole kronor when stored.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="Area">Result, Goals, Pension, Debt or Liquidity.</param>
/// <param name="KpiId">The figure's id, e.g. OperatingResult.</param>
/// <param name="Label">The Swedish label.</param>
/// <param name="Unit">SEK, fraction, years or days.</param>
/// <param name="Value">Year to date (or the ratio); null when an input is missing.</param>
/// <param name="Month">The month alone.</param>
/// <param name="PriorYear">The same months a year earlier.</param>
/// <param name="Budget">The budget year to date.</param>
/// <param name="BudgetYear">The budget for the whole year.</param>
/// <param name="Deviation">Value − Budget.</param>
/// <param name="Reason">Why Value is null, or what it leaves out.</param>
public sealed record KpiRow(
    Period Period, string Area, string KpiId, string Label, string Unit,
    decimal? Value, decimal? Month, decimal? PriorYear, decimal? Budget, decimal? BudgetYear, decimal? Deviation,
    string? Reason);

/// <summary>The amounts of one month per report line, in the report sign (income +, costs −).</summary>
/// <param name="Lines">The report value per line.</param>
/// <param name="Unmapped">Per unmapped account (not classes 1–2), the report value.</param>
public sealed record MonthLines(IReadOnlyDictionary<ReportLine, decimal> Lines, IReadOnlyDictionary<string, decimal> Unmapped)
{
    /// <summary>Maps one month's counting amounts with <paramref name="map"/>: ReportValue = −Σ Amount.</summary>
    public static MonthLines From(IEnumerable<(string Account, decimal Amount)> amounts, AccountMap map)
    {
        var lines = Enum.GetValues<ReportLine>().ToDictionary(l => l, _ => 0m);
        var unmapped = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (account, amount) in amounts)
        {
            if (map.LineOf(account) is { } line)
            {
                lines[line] -= amount;
            }
            else if (!AccountMap.IsBalanceSheet(account))
            {
                unmapped[account] = unmapped.GetValueOrDefault(account) - amount;
            }
        }

        return new MonthLines(lines, unmapped);
    }

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
    /// <param name="months">The mapped months available (any subset of P's year and the year before).</param>
    public static IReadOnlyList<KpiRow> Calculate(Period period, IReadOnlyDictionary<Period, MonthLines> months)
    {
        var ytd = period.YearToDate().ToList();
        var priorYtd = period.SameMonthLastYear.YearToDate().ToList();
        var missing = ytd.Where(m => !months.ContainsKey(m)).ToList();
        var missingPrior = priorYtd.Where(m => !months.ContainsKey(m)).ToList();
        var reason = missing.Count == 0 ? null : "ingen huvudbok för " + string.Join(", ", missing) + " (no ledger for these months)";
        months.TryGetValue(period, out var current);

        decimal? Sum(IEnumerable<Period> range, bool complete, Func<MonthLines, decimal> pick) =>
            complete ? range.Sum(m => pick(months[m])) : null;

        var rows = new List<KpiRow>();
        void Add(string id, string label, Func<MonthLines, decimal> pick) => rows.Add(new KpiRow(
            period, "Result", id, label, "SEK",
            Sum(ytd, missing.Count == 0, pick),
            current is null ? null : pick(current),
            Sum(priorYtd, missingPrior.Count == 0, pick),
            null, null, null,
            reason));

        foreach (var line in Enum.GetValues<ReportLine>())
        {
            Add(line.ToString(), ReportLineLabels.Swedish(line), m => m.Lines[line]);
        }

        foreach (var line in Enum.GetValues<DerivedLine>())
        {
            Add(line.ToString(), ReportLineLabels.Swedish(line), m => m.Derived(line));
        }

        var unmappedAccounts = ytd.Where(months.ContainsKey).SelectMany(m => months[m].Unmapped.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        rows.Add(new KpiRow(period, "Result", "UnmappedAmount", "Ej mappade konton", "SEK",
            Sum(ytd, missing.Count == 0, m => m.Unmapped.Values.Sum()),
            current?.Unmapped.Values.Sum(),
            Sum(priorYtd, missingPrior.Count == 0, m => m.Unmapped.Values.Sum()),
            null, null, null,
            unmappedAccounts.Count == 0 ? reason : "konton utan rad i kontoplanen (accounts no report line maps): " + string.Join(", ", unmappedAccounts)));
        return rows;
    }
}
