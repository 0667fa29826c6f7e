using Regfin.Core.Primitives;

namespace Regfin.Core.Forecast;

/// <summary>
/// One row of a committee's full-year forecast (helårsprognos, formats.md kind forecast): the amount
/// it expects for the whole calendar year of <paramref name="AsOf"/> on an account or account class.
/// </summary>
/// <param name="AsOf">The closed month the forecast follows ("prognos efter oktober" = 2025-10).</param>
/// <param name="Committee">The committee (nämnd).</param>
/// <param name="Account">An account or a leading-digit class (e.g. <c>4</c>: every account starting with 4).</param>
/// <param name="Amount">The whole year, ledger sign (debit +, credit −).</param>
/// <param name="Comment">The committee's comment, shown next to it in the reports.</param>
public sealed record FullYearForecastRow(Period AsOf, string Committee, string Account, decimal Amount, string? Comment);

/// <summary>Where a committee's forecast in force for a period comes from (kpis.md, "Full-year forecast").</summary>
public enum ForecastSource
{
    /// <summary>The committee's forecast file made after the period itself.</summary>
    Uploaded,
    /// <summary>The committee's latest earlier forecast of the same year.</summary>
    Carried,
    /// <summary>No forecast uploaded this year: actual year to date + the rest of the year's budget.</summary>
    Computed,
    /// <summary>A total over committees whose forecasts come from different sources.</summary>
    Mixed,
}

/// <summary>The words the reports and limit checks use for a forecast's source.</summary>
public static class ForecastSources
{
    /// <summary>How the Detail of a limit check judged on the forecast begins (the alert then says "Prognos", not "Utfall").</summary>
    public const string OnForecast = "enligt prognos för helåret";

    /// <summary>Where a forecast made after <paramref name="asOf"/> comes from, in Swedish, e.g. "inlämnad prognos efter 2025-10".</summary>
    public static string Describe(ForecastSource? source, Period? asOf) => source switch
    {
        ForecastSource.Uploaded => $"inlämnad prognos efter {asOf}",
        ForecastSource.Carried => $"senast inlämnade prognos, efter {asOf}",
        ForecastSource.Computed => $"beräknad prognos: utfall till och med {asOf} och återstående budget",
        ForecastSource.Mixed => $"nämndernas prognoser (inlämnade, överförda eller beräknade per nämnd), den senaste efter {asOf}",
        _ => "ingen prognos",
    };
}
