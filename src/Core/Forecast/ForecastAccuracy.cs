using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Forecast;

/// <summary>
/// One row of forecastaccuracy (prognossäkerhet): how far the forecast in force after a month was
/// from the year's outcome, or (<see cref="AsOf"/> null) the mean over the year's months.
/// </summary>
/// <param name="Year">The year.</param>
/// <param name="Committee">The committee, or <see cref="ForecastAccuracy.Total"/> for the region.</param>
/// <param name="Line">NetCost for a committee; OperatingResult or Result for the region.</param>
/// <param name="AsOf">The month the forecast was in force after; null for the mean row.</param>
/// <param name="Forecast">The forecast for the whole year (null on the mean row).</param>
/// <param name="Outcome">The year's outcome (December's year to date).</param>
/// <param name="Error">Forecast − Outcome (null on the mean row).</param>
/// <param name="ErrorShare">|Error| / |Outcome|; on the mean row the mean over the months; null when the outcome is zero.</param>
/// <param name="Imports">The files behind the row: the forecast files used and the year's ledger and budget files of the committee (of every committee for the region).</param>
public sealed record AccuracyRow(int Year, string Committee, string Line, Period? AsOf, decimal? Forecast, decimal Outcome, decimal? Error, decimal? ErrorShare,
    IReadOnlyList<ImportId> Imports);

/// <summary>
/// Forecast accuracy (kpis.md): once December's ledger of a year is in, for every month January to
/// November of that year with a ledger, the forecast in force after it (uploaded, carried or
/// computed, exactly as that month's report showed it) against the outcome, per committee (NetCost)
/// and for the region (OperatingResult, Result), with a mean row per committee and line. December's
/// own forecast is left out: made after the year's last close, it is the outcome. Pure.
/// </summary>
public static class ForecastAccuracy
{
    /// <summary>The committee column of the region's rows.</summary>
    public const string Total = "Total";

    /// <summary>The accuracy rows of every year whose December has a ledger.</summary>
    /// <param name="ledger">Counting ledger amounts by month.</param>
    /// <param name="budget">Counting budget amounts by month.</param>
    /// <param name="uploads">Every forecast upload.</param>
    /// <param name="mapAt">The account map in force at a period (the policy valid at its last day).</param>
    public static IReadOnlyList<AccuracyRow> Compute(IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> ledger,
        IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> budget, IReadOnlyList<ForecastUpload> uploads, Func<Period, AccountMap> mapAt)
    {
        var rows = new List<AccuracyRow>();
        var lines = new Dictionary<AccountMap, (CommitteeMonthLines Ledger, CommitteeMonthLines Budget)>(ReferenceEqualityComparer.Instance);
        (CommitteeMonthLines Ledger, CommitteeMonthLines Budget) LinesAt(Period period)
        {
            var map = mapAt(period);
            if (!lines.TryGetValue(map, out var pair))
            {
                pair = (new CommitteeMonthLines(ledger, map), new CommitteeMonthLines(budget, map));
                lines[map] = pair;
            }

            return pair;
        }

        foreach (var year in ledger.Keys.Where(p => p.Month == 12).Select(p => p.Year).Order())
        {
            var december = new Period(year, 12);
            var months = december.YearToDate().ToList();
            if (!months.All(ledger.ContainsKey))
            {
                continue; // no whole year of ledger: no outcome
            }

            var (outcomeLedger, _) = LinesAt(december);
            var region = MonthLines.Total(months.SelectMany(m => outcomeLedger.In(m).Values));
            var outcomes = new Dictionary<(string Committee, string Line), decimal>
            {
                [(Total, nameof(DerivedLine.OperatingResult))] = region.Derived(DerivedLine.OperatingResult),
                [(Total, nameof(DerivedLine.Result))] = region.Derived(DerivedLine.Result),
            };
            foreach (var code in months.SelectMany(m => outcomeLedger.In(m).Keys).Distinct(StringComparer.Ordinal))
            {
                // A committee's outcome needs its rows in every month, as its NetCost does.
                if (months.All(m => outcomeLedger.Of(code, m) is not null))
                {
                    outcomes[(code, "NetCost")] = months.Sum(m => outcomeLedger.Of(code, m)!.Derived(DerivedLine.NetOperatingCost));
                }
            }

            // Every row is traceable: the year's ledger and budget imports of its committee (all of them for the region).
            var booked = ImportsByCommittee(months.Select(m => ledger[m]).Concat(months.Select(m => budget.TryGetValue(m, out var b) ? b : [])));
            IEnumerable<ImportId> Booked(string committee) => committee == Total ? booked.Values.SelectMany(i => i).Distinct() : booked.GetValueOrDefault(committee) ?? [];

            var made = new List<AccuracyRow>();
            foreach (var asOf in months.Take(11))
            {
                var (l, b) = LinesAt(asOf);
                var forecast = FullYearForecast.Compute(asOf, l, b, uploads);
                if (forecast.Lines is { } total)
                {
                    var imports = forecast.Committees.Select(c => c.Import).OfType<ImportId>().Concat(Booked(Total)).Distinct().ToList();
                    Add(made, year, Total, nameof(DerivedLine.OperatingResult), asOf, total.Derived(DerivedLine.OperatingResult), outcomes, imports);
                    Add(made, year, Total, nameof(DerivedLine.Result), asOf, total.Derived(DerivedLine.Result), outcomes, imports);
                }

                foreach (var committee in forecast.Committees.Where(c => c.NetCost is not null))
                {
                    Add(made, year, committee.Committee, "NetCost", asOf, committee.NetCost!.Value, outcomes,
                        (committee.Import is { } i ? [i] : Array.Empty<ImportId>()).Concat(Booked(committee.Committee)).Distinct().ToList());
                }
            }

            foreach (var group in made.GroupBy(r => (r.Committee, r.Line)).OrderBy(g => g.Key.Committee, StringComparer.Ordinal).ThenBy(g => g.Key.Line, StringComparer.Ordinal))
            {
                rows.AddRange(group.OrderBy(r => r.AsOf));
                var shares = group.Where(r => r.ErrorShare is not null).Select(r => r.ErrorShare!.Value).ToList();
                rows.Add(new AccuracyRow(year, group.Key.Committee, group.Key.Line, null, null, group.First().Outcome, null,
                    shares.Count == 0 ? null : shares.Average(), group.SelectMany(r => r.Imports).Distinct().ToList()));
            }
        }

        return rows;
    }

    /// <summary>
    /// The imports of each committee's amounts, in the order first met. A year of a large region is
    /// over half a million amounts, in runs of one committee and one import: only where the run changes
    /// is anything looked up.
    /// </summary>
    private static Dictionary<string, List<ImportId>> ImportsByCommittee(IEnumerable<IReadOnlyList<StagedAmount>> months)
    {
        var byCommittee = new Dictionary<string, List<ImportId>>(StringComparer.Ordinal);
        string? committee = null;
        ImportId import = default;
        foreach (var amounts in months)
        {
            foreach (var amount in amounts)
            {
                if (ReferenceEquals(amount.Key.Committee, committee) && amount.Import == import)
                {
                    continue;
                }

                (committee, import) = (amount.Key.Committee, amount.Import);
                if (!byCommittee.TryGetValue(committee, out var imports))
                {
                    byCommittee[committee] = imports = [];
                }

                if (!imports.Contains(import))
                {
                    imports.Add(import);
                }
            }
        }

        return byCommittee;
    }

    private static void Add(List<AccuracyRow> rows, int year, string committee, string line, Period asOf, decimal forecast,
        Dictionary<(string, string), decimal> outcomes, IReadOnlyList<ImportId> imports)
    {
        if (outcomes.TryGetValue((committee, line), out var outcome))
        {
            var error = forecast - outcome;
            rows.Add(new AccuracyRow(year, committee, line, asOf, forecast, outcome, error, outcome == 0 ? null : Math.Abs(error) / Math.Abs(outcome), imports));
        }
    }
}
