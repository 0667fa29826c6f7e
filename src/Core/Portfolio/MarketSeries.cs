using Regfin.Core.Primitives;

namespace Regfin.Core.Portfolio;

/// <summary>One index print (indices file).</summary>
/// <param name="Index">The index id, e.g. SIXRX.</param>
/// <param name="Date">The day of the level.</param>
/// <param name="Level">The level.</param>
public sealed record IndexPrint(string Index, DateOnly Date, decimal Level);

/// <summary>One CPI level (cpi file).</summary>
/// <param name="Period">The month.</param>
/// <param name="Level">The index level.</param>
public sealed record CpiLevel(Period Period, decimal Level);

/// <summary>
/// Index levels (index) by index id and date. Prints need not fall on month ends: a month's level is
/// the latest print on or before its last day (kpis.md), so a last business day of the 30th serves a
/// month ending on Saturday the 31st.
/// </summary>
public sealed class IndexLevels
{
    private readonly Dictionary<string, SortedList<DateOnly, decimal>> byIndex = new(StringComparer.Ordinal);

    /// <summary>Builds the series from (index, date, level) prints; a later print of the same day replaces an earlier.</summary>
    public IndexLevels(IEnumerable<(string Index, DateOnly Date, decimal Level)> prints)
    {
        foreach (var (index, date, level) in prints)
        {
            if (!byIndex.TryGetValue(index, out var series))
            {
                byIndex[index] = series = [];
            }

            series[date] = level;
        }
    }

    /// <summary>The latest level of <paramref name="index"/> on or before <paramref name="date"/>, with its date.</summary>
    public (DateOnly Date, decimal Level)? LatestOnOrBefore(string index, DateOnly date)
    {
        if (!byIndex.TryGetValue(index, out var series))
        {
            return null;
        }

        // Binary search over the sorted dates for the last one ≤ date.
        var keys = series.Keys;
        int lo = 0, hi = keys.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] <= date)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found < 0 ? null : (keys[found], series.Values[found]);
    }

    /// <summary>
    /// The index's return over month <paramref name="period"/>: Level(latest ≤ its last day) /
    /// Level(latest ≤ the previous month's last day) − 1; null with a reason when a level is missing.
    /// </summary>
    public (decimal? Return, string? Reason) MonthReturn(string index, Period period)
    {
        var end = LatestOnOrBefore(index, period.LastDay);
        var start = LatestOnOrBefore(index, period.Previous.LastDay);
        if (end is null || start is null || end.Value.Date <= period.Previous.LastDay)
        {
            return (null, $"indexnivå för {index} saknas för {(start is null ? period.Previous : period)} (no index level)");
        }

        return (end.Value.Level / start.Value.Level - 1, null);
    }
}

/// <summary>Consumer price index levels (KPI) by month.</summary>
/// <param name="levels">Period → level.</param>
public sealed class CpiSeries(IReadOnlyDictionary<Period, decimal> levels)
{
    /// <summary>The latest month with a level, on or before <paramref name="period"/>.</summary>
    public Period? LatestOnOrBefore(Period period) =>
        levels.Keys.Where(p => p <= period).Select(p => (Period?)p).Max();

    /// <summary>
    /// Inflation at <paramref name="period"/> by the policy's measure: <c>yoy</c> = CPI(P)/CPI(P−12) − 1;
    /// <c>annualAverage</c> = mean CPI of the 12 months ending P / mean of the 12 before − 1. Null with a
    /// reason when a month is missing.
    /// </summary>
    public (decimal? Inflation, string? Reason) InflationAt(Period period, string measure)
    {
        if (measure == "annualAverage")
        {
            var recent = Enumerable.Range(0, 12).Select(i => period.AddMonths(-i)).ToList();
            var before = Enumerable.Range(12, 12).Select(i => period.AddMonths(-i)).ToList();
            var missing = recent.Concat(before).Where(p => !levels.ContainsKey(p)).ToList();
            if (missing.Count > 0)
            {
                return (null, $"KPI saknas för {string.Join(", ", missing.Order())} (no CPI level)");
            }

            return (recent.Average(p => levels[p]) / before.Average(p => levels[p]) - 1, null);
        }

        var prior = period.AddMonths(-12);
        if (!levels.TryGetValue(period, out var now) || !levels.TryGetValue(prior, out var then))
        {
            return (null, $"KPI saknas för {(levels.ContainsKey(period) ? prior : period)} (no CPI level)");
        }

        return (now / then - 1, null);
    }
}
