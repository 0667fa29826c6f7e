using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;

namespace Regfin.Core.Pipeline;

/// <summary>
/// The months of ledger and budget amounts a compute run reads (kpis.md says what each figure needs):
/// for every period P it evaluates, the ledger from January of the year before P's to P (prior year,
/// rolling 12 months, year to date) and the budget of P's year (the year's budget, the computed
/// forecast's months to come); for the forecast accuracy of P's year, that whole year's ledger. The
/// periods evaluated are the run's periods and the latest ledger month (the restoration's current
/// year). A region's earlier history is not read: a recompute costs what its periods need, not ten years.
/// </summary>
/// <param name="LedgerMonths">The ledger months to read.</param>
/// <param name="BudgetMonths">The budget months to read.</param>
/// <param name="AccuracyYears">The years whose forecast accuracy is measured (the run's periods' years).</param>
public sealed record AmountWindow(IReadOnlySet<Period> LedgerMonths, IReadOnlySet<Period> BudgetMonths, IReadOnlySet<int> AccuracyYears)
{
    /// <summary>The window of a run over <paramref name="periods"/>, with <paramref name="latestLedger"/> the latest month with a ledger.</summary>
    public static AmountWindow For(IEnumerable<Period> periods, Period? latestLedger)
    {
        var run = periods.ToHashSet();
        var evaluated = latestLedger is { } latest ? run.Append(latest).ToHashSet() : run;
        var ledger = new HashSet<Period>();
        var budget = new HashSet<Period>();
        foreach (var period in evaluated)
        {
            for (var month = new Period(period.Year - 1, 1); month <= period; month = month.AddMonths(1))
            {
                ledger.Add(month);
            }

            budget.UnionWith(Year(period.Year));
        }

        var years = run.Select(p => p.Year).ToHashSet();
        foreach (var year in years)
        {
            ledger.UnionWith(Year(year));
        }

        return new AmountWindow(ledger, budget, years);
    }

    /// <summary>
    /// The most months one range query reads. A month of a large region is megabytes of packed amounts:
    /// several smaller queries in flight let this process parse one response while the storage
    /// service serialises the next, where one long query would do the two in turn.
    /// </summary>
    public const int MonthsPerQuery = 3;

    /// <summary>The counting rows of <paramref name="kind"/> in <paramref name="months"/>, one range query per run of up to <see cref="MonthsPerQuery"/> consecutive months, in parallel.</summary>
    public static async Task<IReadOnlyList<CountingRow>> ReadAsync(FactStage stage, InputKind kind, IEnumerable<Period> months, CancellationToken cancellationToken)
    {
        var runs = new List<(Period First, Period Last)>();
        foreach (var month in months.Distinct().Order())
        {
            if (runs.Count > 0 && runs[^1].Last.AddMonths(1) == month && runs[^1].First.AddMonths(MonthsPerQuery) > month)
            {
                runs[^1] = (runs[^1].First, month);
            }
            else
            {
                runs.Add((month, month));
            }
        }

        return runs.Count == 0 ? [] : await stage.CountingInRangesAsync(kind, runs, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<Period> Year(int year) => Enumerable.Range(1, 12).Select(m => new Period(year, m));
}
