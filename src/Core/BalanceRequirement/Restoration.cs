namespace Regfin.Core.BalanceRequirement;

/// <summary>The kind of a balance-requirement result.</summary>
public enum ResultKind
{
    /// <summary>Utfall: the audited result.</summary>
    Actual,
    /// <summary>Prognos.</summary>
    Forecast,
    /// <summary>Plan (budget and plan years).</summary>
    Plan,
    /// <summary>The year to date computed from the ledger; shown, never used for restoration.</summary>
    ComputedYtd,
}

/// <summary>One year's balance-requirement result (balanskravsresultat), in SEK.</summary>
/// <param name="Year">The year.</param>
/// <param name="Kind">Actual, Forecast, Plan or ComputedYtd.</param>
/// <param name="Result">The result; negative is a deficit.</param>
/// <param name="Waiver">The part of a deficit the council decided not to restore (synnerliga skäl), ≥ 0.</param>
/// <param name="DeadlineYear">A later deadline the council decided; null: Year + 3.</param>
public sealed record YearResult(int Year, ResultKind Kind, decimal Result, decimal Waiver, int? DeadlineYear);

/// <summary>One year of the restoration table (balancereq).</summary>
/// <param name="Year">The year.</param>
/// <param name="Kind">The kind of its result.</param>
/// <param name="Opening">Accumulated unrestored deficits at the start (ingående balans), ≤ 0.</param>
/// <param name="Result">The year's result.</param>
/// <param name="Waiver">The waiver.</param>
/// <param name="Restored">What the year restored of earlier deficits (≥ 0).</param>
/// <param name="Closing">Accumulated unrestored deficits at the end (utgående balans); null for ComputedYtd.</param>
public sealed record RestorationYear(int Year, ResultKind Kind, decimal? Opening, decimal Result, decimal? Waiver, decimal? Restored, decimal? Closing);

/// <summary>The state of a deficit's restoration.</summary>
public enum OriginStatus
{
    /// <summary>Still to restore, within its deadline.</summary>
    Open,
    /// <summary>Fully restored.</summary>
    Restored,
    /// <summary>Not restored by the end of its deadline year: a breach of the balance requirement.</summary>
    Overdue,
}

/// <summary>One deficit (by the year it arose) at the end of one year (balancereqorigins).</summary>
/// <param name="Year">The year the row describes.</param>
/// <param name="Origin">The year the deficit arose.</param>
/// <param name="Remaining">What is left to restore at the end of <paramref name="Year"/> (≤ 0).</param>
/// <param name="Deadline">The last year to restore it in.</param>
/// <param name="Status">Open, Restored or Overdue.</param>
public sealed record OriginYear(int Year, int Origin, decimal Remaining, int Deadline, OriginStatus Status);

/// <summary>
/// The balance-requirement restoration (återställande av negativa balanskravsresultat, kpis.md):
/// walk the years in order; a negative result leaves a deficit (result + waiver) due by its
/// deadline; a positive result restores open deficits oldest first, and what is left over restores
/// nothing. Seed 000 (Region Västerbotten's åtgärdsplan 2025–2028) is the worked example.
/// </summary>
public static class Restoration
{
    /// <summary>
    /// The results a restoration walks for a view from <paramref name="year"/>: the uploaded rows, and for
    /// that year without an uploaded row its full-year forecast of the balance-requirement result as
    /// a Forecast row (kpis.md: seed 000 plans with "Prognos 2025 −427"), else the computed year to
    /// date as ComputedYtd (shown, never walked). Amounts in whole kronor, as the tables keep them.
    /// </summary>
    /// <param name="uploaded">The uploaded results (one per year).</param>
    /// <param name="year">The current year.</param>
    /// <param name="forecast">BalanceRequirementResult.Forecast of the year, if any.</param>
    /// <param name="yearToDate">BalanceRequirementResult year to date, if any.</param>
    public static IReadOnlyList<YearResult> WithCurrentYear(IEnumerable<YearResult> uploaded, int year, decimal? forecast, decimal? yearToDate)
    {
        var all = uploaded.ToList();
        if (all.Any(r => r.Year == year))
        {
            return all;
        }

        if (forecast is { } f)
        {
            all.Add(new YearResult(year, ResultKind.Forecast, new Primitives.Sek(f).WholeKronor, 0, null));
        }
        else if (yearToDate is { } ytd)
        {
            all.Add(new YearResult(year, ResultKind.ComputedYtd, new Primitives.Sek(ytd).WholeKronor, 0, null));
        }

        return all;
    }

    /// <summary>The standard restoration period: three years after the deficit (kommunallagen).</summary>
    public const int StandardYears = 3;

    /// <summary>Computes the table. <see cref="ResultKind.ComputedYtd"/> rows are shown but never used.</summary>
    public static (IReadOnlyList<RestorationYear> Years, IReadOnlyList<OriginYear> Origins) Compute(IEnumerable<YearResult> results)
    {
        var years = new List<RestorationYear>();
        var origins = new List<OriginYear>();
        var open = new List<(int Origin, decimal Remaining, int Deadline)>();
        foreach (var year in results.OrderBy(r => r.Year).ThenBy(r => r.Kind == ResultKind.ComputedYtd))
        {
            var opening = open.Sum(o => o.Remaining);
            if (year.Kind == ResultKind.ComputedYtd)
            {
                years.Add(new RestorationYear(year.Year, year.Kind, opening, year.Result, null, null, null));
                continue;
            }

            decimal restored = 0;
            if (year.Result < 0)
            {
                var deficit = Math.Min(0, year.Result + year.Waiver);
                if (deficit < 0)
                {
                    open.Add((year.Year, deficit, year.DeadlineYear ?? year.Year + StandardYears));
                }
            }
            else
            {
                var available = year.Result;
                for (var i = 0; i < open.Count && available > 0; i++)
                {
                    var take = Math.Min(available, -open[i].Remaining);
                    open[i] = open[i] with { Remaining = open[i].Remaining + take };
                    available -= take;
                    restored += take;
                }
            }

            var closing = open.Sum(o => o.Remaining);
            years.Add(new RestorationYear(year.Year, year.Kind, opening, year.Result, year.Waiver, restored, closing));
            foreach (var (origin, remaining, deadline) in open)
            {
                var status = remaining == 0 ? OriginStatus.Restored : year.Year >= deadline ? OriginStatus.Overdue : OriginStatus.Open;
                origins.Add(new OriginYear(year.Year, origin, remaining, deadline, status));
            }

            // A deficit restored this year needs no further rows.
            open.RemoveAll(o => o.Remaining == 0);
        }

        return (years, origins);
    }
}
