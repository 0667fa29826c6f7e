namespace Regfin.Core.Liquidity;

/// <summary>One forecast flow (likviditetsprognos): a day and an amount, + in, − out.</summary>
/// <param name="Date">The day.</param>
/// <param name="Amount">SEK.</param>
public readonly record struct ForecastFlow(DateOnly Date, decimal Amount);

/// <summary>One row of a cash-forecast file.</summary>
/// <param name="AsOf">The day the forecast was made.</param>
/// <param name="Date">The day of the flow.</param>
/// <param name="Category">What the flow is (e.g. Skatteintäkter).</param>
/// <param name="Amount">SEK, + in, − out.</param>
public sealed record ForecastRow(DateOnly AsOf, DateOnly Date, string Category, decimal Amount);

/// <summary>One bank account's balance at the end of a day (cash file).</summary>
/// <param name="Date">The day.</param>
/// <param name="Account">The bank account.</param>
/// <param name="Balance">SEK.</param>
public sealed record BankBalance(DateOnly Date, string Account, decimal Balance);

/// <summary>A cash forecast made at a date.</summary>
/// <param name="AsOf">The forecast's date.</param>
/// <param name="Flows">Its flows, each after AsOf.</param>
public sealed record CashForecast(DateOnly AsOf, IReadOnlyList<ForecastFlow> Flows)
{
    /// <summary>The last day the forecast covers (its last flow; AsOf when empty).</summary>
    public DateOnly HorizonEnd => Flows.Count == 0 ? AsOf : Flows.Max(f => f.Date);
}

/// <summary>One day of the projected liquidity (the cash forecast added to the day's funds).</summary>
/// <param name="Day">The day.</param>
/// <param name="Own">Own funds projected.</param>
/// <param name="WithCredit">With the credit facility.</param>
public readonly record struct ProjectedDay(DateOnly Day, decimal Own, decimal WithCredit);

/// <summary>The liquidity of one day (liquidity table).</summary>
/// <param name="Date">The day with bank balances.</param>
/// <param name="LiquidFunds">Σ balances (likvida medel).</param>
/// <param name="CreditFacility">Checkräkningskredit from the policy.</param>
/// <param name="Available">LiquidFunds + CreditFacility.</param>
/// <param name="PaymentReadinessDays">Days until the projected own funds first fall below zero, or the horizon's length.</param>
/// <param name="PaymentReadinessDaysWithCredit">The same starting from Available.</param>
/// <param name="AtLeast">True when the funds never run out within the horizon (the days are a lower bound).</param>
/// <param name="MinimumProjected">The lowest projected own funds over the horizon (the day itself included).</param>
/// <param name="MinimumProjectedDate">Its day.</param>
/// <param name="CashCoverageDays">LiquidFunds / (−OperatingCosts(YTD) / days elapsed in the year).</param>
/// <param name="HorizonDays">Days from the Date to the forecast's last day.</param>
/// <param name="Reason">Why a figure is null.</param>
public sealed record LiquidityDay(DateOnly Date, decimal LiquidFunds, decimal CreditFacility, decimal Available,
    int? PaymentReadinessDays, int? PaymentReadinessDaysWithCredit, bool? AtLeast, decimal? MinimumProjected, DateOnly? MinimumProjectedDate,
    decimal? CashCoverageDays, int? HorizonDays, string? Reason)
{
    /// <summary>The projected funds day by day from <see cref="Date"/> to the forecast's horizon (the finance report's chart); empty without a forecast.</summary>
    public IReadOnlyList<ProjectedDay> Projection { get; init; } = [];
}

/// <summary>
/// Liquidity figures of a day (kpis.md, Liquidity): payment readiness (betalningsberedskap) from the
/// latest cash forecast made on or before the day, projected day by day over its horizon.
/// </summary>
public static class LiquidityCalculator
{
    /// <summary>Computes the day's figures.</summary>
    /// <param name="date">The day with balances.</param>
    /// <param name="liquidFunds">Σ balances that day.</param>
    /// <param name="creditFacility">The policy's credit facility (0 without one).</param>
    /// <param name="forecast">The latest forecast with AsOf ≤ date, if any.</param>
    /// <param name="operatingCostsYtd">OperatingCosts year to date (report sign, negative) through the period of the day, if known.</param>
    /// <param name="daysElapsed">Days of the year the costs cover.</param>
    public static LiquidityDay Compute(DateOnly date, decimal liquidFunds, decimal creditFacility, CashForecast? forecast,
        decimal? operatingCostsYtd, int daysElapsed)
    {
        decimal? coverage = operatingCostsYtd is < 0 && daysElapsed > 0 ? liquidFunds / (-operatingCostsYtd.Value / daysElapsed) : null;
        var coverageReason = coverage is null ? "verksamhetens kostnader hittills i år saknas (no complete ledger for the year to date)" : null;
        if (forecast is null)
        {
            return new LiquidityDay(date, liquidFunds, creditFacility, liquidFunds + creditFacility, null, null, null, null, null, coverage, null,
                Join($"ingen likviditetsprognos med datum till och med {date:yyyy-MM-dd} (no cash forecast)", coverageReason));
        }

        var flows = forecast.Flows.Where(f => f.Date > date).OrderBy(f => f.Date).ToList();
        var horizonEnd = forecast.HorizonEnd;
        var horizon = Math.Max(0, horizonEnd.DayNumber - date.DayNumber);
        int? ownDays = null, creditDays = null;
        decimal own = liquidFunds, withCredit = liquidFunds + creditFacility;
        var minimum = own;
        var minimumDate = date;
        var projection = new List<ProjectedDay> { new(date, own, withCredit) };
        var i = 0;
        for (var day = date.AddDays(1); day <= horizonEnd; day = day.AddDays(1))
        {
            for (; i < flows.Count && flows[i].Date == day; i++)
            {
                own += flows[i].Amount;
                withCredit += flows[i].Amount;
            }

            projection.Add(new ProjectedDay(day, own, withCredit));
            if (own < minimum)
            {
                (minimum, minimumDate) = (own, day);
            }

            ownDays ??= own < 0 ? day.DayNumber - date.DayNumber : null;
            creditDays ??= withCredit < 0 ? day.DayNumber - date.DayNumber : null;
        }

        return new LiquidityDay(date, liquidFunds, creditFacility, liquidFunds + creditFacility,
            ownDays ?? horizon, creditDays ?? horizon, ownDays is null, minimum, minimumDate, coverage, horizon, coverageReason)
        {
            Projection = projection,
        };
    }

    private static string? Join(params string?[] reasons)
    {
        var list = reasons.Where(r => r is not null).ToList();
        return list.Count == 0 ? null : string.Join("; ", list);
    }
}
