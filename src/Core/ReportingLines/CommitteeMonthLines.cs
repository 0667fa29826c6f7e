using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;

namespace Regfin.Core.ReportingLines;

/// <summary>
/// Counting amounts mapped to report lines per month and committee, each month grouped once on first
/// use: the committee results and every forecast of a year read the same months many times over.
/// </summary>
/// <param name="amounts">Counting amounts by month (ledger or budget).</param>
/// <param name="map">The account map.</param>
public sealed class CommitteeMonthLines(IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> amounts, AccountMap map)
{
    private readonly Dictionary<Period, IReadOnlyDictionary<string, MonthLines>> _months = [];
    private readonly Lock _gate = new();

    /// <summary>The account map the lines are mapped with.</summary>
    public AccountMap Map => map;

    /// <summary>The lines of each committee with rows in <paramref name="month"/> (none: the month is absent or empty).</summary>
    public IReadOnlyDictionary<string, MonthLines> In(Period month)
    {
        lock (_gate)
        {
            if (!_months.TryGetValue(month, out var byCommittee))
            {
                byCommittee = amounts.TryGetValue(month, out var rows) ? ByCommittee(rows, map) : new Dictionary<string, MonthLines>(StringComparer.Ordinal);
                _months[month] = byCommittee;
            }

            return byCommittee;
        }
    }

    private static readonly AmountsMemo<AccountMap, IReadOnlyDictionary<string, MonthLines>> Mapped = new();

    /// <summary>
    /// One month's amounts as lines per committee under <paramref name="map"/>, remembered for as long
    /// as that list of amounts lives (the periods of a run share their months, <see cref="MonthLines.Of"/>).
    /// </summary>
    private static IReadOnlyDictionary<string, MonthLines> ByCommittee(IReadOnlyList<StagedAmount> rows, AccountMap map) =>
        Mapped.Get(rows, map, static (list, with) =>
        {
            var classes = AccountClasses.For(with, null, null);
            var builders = new Dictionary<string, MonthLines.Builder>(StringComparer.Ordinal);
            foreach (var amount in list)
            {
                if (!builders.TryGetValue(amount.Key.Committee, out var builder))
                {
                    builders[amount.Key.Committee] = builder = new MonthLines.Builder(classes);
                }

                builder.Add(amount.Key.Account, amount.Amount);
            }

            return builders.ToDictionary(b => b.Key, b => b.Value.Build(), StringComparer.Ordinal);
        });

    /// <summary>The committee's lines in <paramref name="month"/>, or null when it has no rows there.</summary>
    public MonthLines? Of(string committee, Period month) => In(month).GetValueOrDefault(committee);
}
