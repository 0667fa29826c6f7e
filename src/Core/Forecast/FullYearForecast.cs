using Regfin.Core.Ingestion;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Forecast;

/// <summary>One committee's forecast file for one month: the rows that count for its (AsOf, Committee) scope.</summary>
/// <param name="AsOf">The closed month the forecast follows.</param>
/// <param name="Committee">The committee.</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Import">The import the rows came from.</param>
public sealed record ForecastUpload(Period AsOf, string Committee, IReadOnlyList<FullYearForecastRow> Rows, ImportId Import);

/// <summary>The forecast of one committee in force for a period.</summary>
/// <param name="Committee">The committee.</param>
/// <param name="Source">Uploaded, Carried or Computed.</param>
/// <param name="AsOf">The month it was made after (the period itself when computed).</param>
/// <param name="Lines">The whole year per report line, report sign; null when a computed forecast lacks a month of ledger.</param>
/// <param name="Comment">The committee's comment, if its file gave one.</param>
/// <param name="Import">The forecast file's import (null when computed).</param>
public sealed record CommitteeForecast(string Committee, ForecastSource Source, Period AsOf, MonthLines? Lines, string? Comment, ImportId? Import)
{
    /// <summary>Net cost of the whole year (income + costs + depreciation), report sign.</summary>
    public decimal? NetCost => Lines?.Derived(DerivedLine.NetOperatingCost);
}

/// <summary>
/// The full-year forecast (helårsprognos) of a period: every committee's forecast in force and their
/// total for the region (kpis.md, "Full-year forecast").
/// </summary>
/// <param name="Period">The period P.</param>
/// <param name="Committees">Per committee with ledger, budget or forecast rows in P's year.</param>
/// <param name="Lines">The region's whole year per report line; null when a committee's forecast is missing (<paramref name="Reason"/>).</param>
/// <param name="Source">Uploaded, Carried or Computed when every committee's is the same, else Mixed; null without committees.</param>
/// <param name="AsOf">The latest month a forecast used was made after.</param>
/// <param name="Reason">Why <paramref name="Lines"/> is null.</param>
public sealed record RegionForecast(Period Period, IReadOnlyList<CommitteeForecast> Committees, MonthLines? Lines, ForecastSource? Source, Period? AsOf, string? Reason)
{
    /// <summary>The forecast of <paramref name="committee"/>, or null.</summary>
    public CommitteeForecast? Of(string committee) => Committees.FirstOrDefault(c => c.Committee == committee);
}

/// <summary>
/// Which forecast is in force per committee and period, and what it says per report line. Pure.
/// Per committee c and period P of year Y: (1) Uploaded: c's forecast with AsOf = P; (2) Carried:
/// else c's latest with AsOf &lt; P in Y; (3) Computed: else, per account, the actual year to date
/// plus the budget of the months after P (both required month by month: a committee without a
/// budget has no computed forecast). Forecast rows of an account class map through
/// <see cref="AccountMap.LinesOfClass"/>; a class the map in force splits counts as unmapped.
/// </summary>
public static class FullYearForecast
{
    /// <summary>The forecast in force for <paramref name="period"/>.</summary>
    /// <param name="period">The period P.</param>
    /// <param name="ledger">Counting ledger lines per month and committee, mapped by the policy valid at P (the months of P's year up to P are used).</param>
    /// <param name="budget">Counting budget lines, mapped the same way (the months of P's year are used).</param>
    /// <param name="uploads">Forecast uploads (those of P's year made after P or earlier are used).</param>
    public static RegionForecast Compute(Period period, CommitteeMonthLines ledger, CommitteeMonthLines budget, IEnumerable<ForecastUpload> uploads)
    {
        var map = ledger.Map;
        var ytd = period.YearToDate().ToList();
        var rest = Enumerable.Range(period.Month + 1, 12 - period.Month).Select(m => new Period(period.Year, m)).ToList();
        var latest = uploads.Where(u => u.AsOf.Year == period.Year && u.AsOf <= period)
            .GroupBy(u => u.Committee, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(u => u.AsOf)!, StringComparer.Ordinal);

        var codes = ytd.SelectMany(m => ledger.In(m).Keys)
            .Concat(ytd.Concat(rest).SelectMany(m => budget.In(m).Keys))
            .Concat(latest.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        var committees = new List<CommitteeForecast>();
        var missing = new List<string>();
        foreach (var code in codes)
        {
            if (latest.TryGetValue(code, out var upload))
            {
                var comment = string.Join(" ", upload.Rows.Select(r => r.Comment).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal));
                committees.Add(new CommitteeForecast(code, upload.AsOf == period ? ForecastSource.Uploaded : ForecastSource.Carried, upload.AsOf,
                    Lines(upload.Rows, map), comment.Length == 0 ? null : comment, upload.Import));
                continue;
            }

            // Computed: the year to date as booked and the rest of the year as budgeted. A month of the
            // year to date without the committee's ledger rows, or a month to come without its budget, is
            // a missing input (as for its NetCost), not a zero: without a budget the "forecast" would be
            // the year to date.
            var gaps = ytd.Where(m => ledger.Of(code, m) is null).Select(m => $"huvudbok {m}")
                .Concat(rest.Where(m => budget.Of(code, m) is null).Select(m => $"budget {m}")).ToList();
            MonthLines? lines = null;
            if (gaps.Count > 0)
            {
                missing.Add($"{code}: {Months(gaps)}");
            }
            else
            {
                lines = MonthLines.Total(ytd.Select(m => ledger.Of(code, m)!).Concat(rest.Select(m => budget.Of(code, m)!)));
            }

            committees.Add(new CommitteeForecast(code, ForecastSource.Computed, period, lines, null, null));
        }

        if (committees.Count == 0)
        {
            return new RegionForecast(period, committees, null, null, null, "ingen huvudbok, budget eller prognos för året (nothing to forecast from)");
        }

        var sources = committees.Select(c => c.Source).Distinct().ToList();
        return new RegionForecast(period, committees,
            missing.Count > 0 ? null : MonthLines.Total(committees.Select(c => c.Lines!)),
            sources.Count == 1 ? sources[0] : ForecastSource.Mixed,
            committees.Max(c => c.AsOf),
            missing.Count > 0 ? "ingen prognos och underlag saknas för en beräknad: " + string.Join("; ", missing) + " (no forecast uploaded; a computed one lacks ledger or budget months)" : null);
    }

    /// <summary>The first and last of a list of missing months, e.g. "budget 2025-11 – budget 2025-12".</summary>
    private static string Months(List<string> gaps) => gaps.Count <= 2 ? string.Join(", ", gaps) : $"{gaps[0]} … {gaps[^1]} ({gaps.Count} månader)";

    /// <summary>The report lines of a forecast file's rows (report sign: −Σ Amount).</summary>
    public static MonthLines Lines(IEnumerable<FullYearForecastRow> rows, AccountMap map)
    {
        var lines = Enum.GetValues<ReportLine>().ToDictionary(l => l, _ => 0m);
        var unmapped = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var outcomes = map.LinesOfClass(row.Account);
            if (outcomes is [{ } line])
            {
                lines[line] -= row.Amount;
            }
            else if (!AccountMap.IsBalanceSheet(row.Account))
            {
                unmapped[row.Account] = unmapped.GetValueOrDefault(row.Account) - row.Amount;
            }
        }

        return new MonthLines(lines, unmapped);
    }
}
