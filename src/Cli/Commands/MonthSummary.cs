using System.Globalization;
using Regfin.Core.Alerts;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Forecast;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Cli.Commands;

/// <summary>The month's result as the board reads it: MSEK, Swedish number format, Swedish labels.</summary>
public static class MonthSummary
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    private static readonly KpiDefinition[] Lines =
    [
        KpiCatalog.NetOperatingCost, KpiCatalog.TaxAndGrants, KpiCatalog.OperatingResult, KpiCatalog.FinancialNet,
        KpiCatalog.ResultAfterFinancialItems, KpiCatalog.Result,
    ];

    /// <summary>Writes the summary of <paramref name="result"/> to <paramref name="output"/>.</summary>
    public static void Write(ComputeResult result, TextWriter output)
    {
        var month = result.Period.FirstDay.ToString("MMMM yyyy", Swedish);
        output.WriteLine($"Månadsrapport per {month} ({result.Period})");
        var operating = result.Kpi(KpiCatalog.OperatingResult)!;
        if (operating.Forecast is { Value: { } forecast } f)
        {
            output.WriteLine(string.Create(Swedish,
                $"Helårsprognos: verksamhetens resultat {Msek(forecast)} MSEK, {Msek(f.Deviation)} mot årsbudgeten ({ForecastSources.Describe(f.Source, f.AsOf)})"));
        }

        output.WriteLine(string.Create(Swedish, $"{"MSEK",-42}{"Ack. utfall",14}{"Månaden",12}{"Fg år",12}{"Prognos",12}{"Årsbudget",12}"));
        foreach (var line in Lines)
        {
            var row = result.Kpi(line)!;
            output.WriteLine(string.Create(Swedish,
                $"{row.Label,-42}{Msek(row.Value),14}{Msek(row.Month),12}{Msek(row.PriorYear),12}{Msek(row.Forecast?.Value),12}{Msek(row.BudgetYear),12}"));
        }

        if (operating.Reason is { } reason)
        {
            output.WriteLine("Obs: " + BoardWords.Swedish(reason));
        }

        output.WriteLine();
        output.WriteLine(string.Create(Swedish, $"{"Finansiella mål och nyckeltal",-54}{"Utfall",10}{"Prognos",10}{"Mål",10}  Status"));
        foreach (var goal in Goals)
        {
            var row = result.Kpi(goal)!;
            var onForecast = result.Period.Month < 12 && row.Forecast?.Value is not null && row.Target is not null && goal == KpiCatalog.ResultShare;
            output.WriteLine(string.Create(Swedish,
                $"{row.Label,-54}{Percent(row.Value),10}{Percent(row.Forecast?.Value),10}{Percent(row.Target),10}  {Words(RuleFamily.Goal, row.Status, onForecast, result.Period) ?? (row.Reason is { } why ? BoardWords.Swedish(why) : null)}"));
        }

        if (result.Committees.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(Swedish, $"{"Nämnderna, nettokostnad (MSEK)",-42}{"Ack. utfall",14}{"Årsbudget",12}{"Prognos",12}{"Avvikelse",12}  Prognosen"));
            foreach (var c in result.Committees)
            {
                var ceiling = c.GrowthCeiling is { } max
                    ? string.Create(Swedish, $"; tak {Percent(max)}, enligt prognos {Percent(c.ForecastGrowth)}: {Words(RuleFamily.Committee, c.Status, result.Period.Month < 12 && c.ForecastGrowth is not null, result.Period)}")
                    : "";
                output.WriteLine(string.Create(Swedish,
                    $"{c.Name,-42}{Msek(c.NetCost),14}{Msek(c.BudgetYear),12}{Msek(c.Forecast?.Value),12}{Msek(c.Forecast?.Deviation),12}  {Short(c.Forecast)}{ceiling}"));
            }
        }
    }

    /// <summary>Where a committee's forecast comes from, in a few words.</summary>
    private static string Short(ForecastFigure? forecast) => forecast?.Source switch
    {
        ForecastSource.Uploaded => $"inlämnad efter {forecast.AsOf}",
        ForecastSource.Carried => $"från {forecast.AsOf} (ingen ny)",
        ForecastSource.Computed => "beräknad: utfall + återstående budget",
        _ => forecast?.Reason ?? "–",
    };

    /// <summary>Writes the finance report's headline figures (finansrapport), as seed 003 words them.</summary>
    public static void WriteFinance(ComputeResult result, TextWriter output)
    {
        if (result.Finance is not { } finance)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"Finansrapport per {result.Period.LastDay:yyyy-MM-dd}");
        output.WriteLine(string.Create(Swedish, $"{"Avkastning",-22}{"Månaden",10}{"Index",10}{"Aktiv (pe)",12}{"Hittills i år",16}{"Index",10}"));
        foreach (var r in finance.Returns.Where(r => r.Return is not null))
        {
            var active = r.Active is { } a ? SwedishFormat.PercentagePoints(a).Replace("\u00A0procentenheter", "", StringComparison.Ordinal).Replace('\u00A0', ' ') : "–";
            output.WriteLine(string.Create(Swedish, $"{Regfin.Core.Portfolio.Segments.Swedish(r.Segment),-22}{Percent(r.Return),10}{Percent(r.Benchmark),10}{active,12}{Percent(r.ReturnYtd),16}{Percent(r.BenchmarkYtd),10}"));
        }

        if (finance.Returns.FirstOrDefault(r => r.Segment == "Total") is { RequirementYtd: { } requirement } total)
        {
            output.WriteLine(string.Create(Swedish, $"Avkastningskrav hittills i år {Percent(requirement)}, överavkastning {(total.ExcessYtd is { } excess ? SwedishFormat.PercentagePoints(excess).Replace('\u00A0', ' ') : "–")}"));
        }

        if (finance.Debt is { } debt)
        {
            output.WriteLine(string.Create(Swedish,
                $"Totala lån {Msek(debt.TotalDebt)} MSEK, genomsnittsränta {decimal.Round(debt.AverageRate * 100, 2):0.00} %, räntebindning {debt.AverageFixingYears:0.00} år, kapitalbindning {debt.AverageMaturityYears:0.00} år"));
        }

        if (finance.Liquidity.Count > 0)
        {
            var day = finance.Liquidity[^1].Day;
            var readiness = day.PaymentReadinessDays is { } d ? $", betalningsberedskap {(day.AtLeast == true ? "minst " : "")}{d} dagar" : "";
            output.WriteLine(string.Create(Swedish, $"Likvida medel {Msek(day.LiquidFunds)} MSEK per {day.Date:yyyy-MM-dd}{readiness}"));
        }

        if (finance.Investments is { } investments)
        {
            output.WriteLine(string.Create(Swedish,
                $"Investeringar {Msek(investments.Total.OutcomeYtd)} MSEK hittills i år av budget {Msek(investments.Total.BudgetYear)}, prognos {Msek(investments.Total.ForecastYear)} MSEK (per {investments.AsOf})"));
        }

        // Each area in its own words (BoardWords): the limit areas, then the goals, committees, balance requirement and investments.
        output.WriteLine();
        foreach (var summary in finance.Checks.Where(c => c.IsSummary).OrderBy(c => c.Area is "Pension" or "Debt" or "Liquidity" ? 0 : 1).ThenBy(c => c.RuleId, StringComparer.Ordinal))
        {
            var worst = BoardWords.Worst(finance.Checks.Where(c => c.Area == summary.Area));
            var word = worst is null ? "" : BoardWords.Status(worst, result.Period);
            output.WriteLine($"{word,-30}{summary.Detail}");
        }
    }

    /// <summary>Writes how many alerts were raised and delivered, and the latest period's.</summary>
    public static async Task WriteAlertsAsync(Regfin.Cli.LocalStorage.StorageSession session, int received, string file, TextWriter output, CancellationToken cancellationToken)
    {
        var alerts = await session.Get<AlertOutbox>().RaisedAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.WriteLine($"Larm: {alerts.Count} höjda; den lokala mottagaren tog emot {received} (se {file}), och kön limit-alerts fick sina.");
        var latest = alerts.Count == 0 ? (Period?)null : alerts[^1].Period;
        foreach (var alert in alerts.Where(a => a.Period == latest))
        {
            output.WriteLine("  " + (alert.Message.Length > 160 ? alert.Message[..160] + " …" : alert.Message));
        }
    }

    private static readonly KpiDefinition[] Goals =
    [
        KpiCatalog.ResultShare, KpiCatalog.NetCostGrowth, KpiCatalog.TaxAndGrantsGrowth, KpiCatalog.EquityRatio,
        KpiCatalog.EquityRatioInclPensions, KpiCatalog.DebtShare, KpiCatalog.SelfFinancingRatio,
    ];

    private static string Percent(decimal? fraction) =>
        fraction is { } f ? decimal.Round(f * 100, 1, MidpointRounding.AwayFromZero).ToString("0.0", Swedish) + " %" : "–";

    /// <summary>A stored status of a rule of <paramref name="family"/> in its words (<see cref="BoardWords"/>).</summary>
    private static string? Words(RuleFamily family, string? status, bool onForecast, Regfin.Core.Primitives.Period period) =>
        status is not null && Enum.TryParse<LimitStatus>(status, out var s) ? BoardWords.Status(family, s, onForecast, period) : null;

    /// <summary>Writes the restoration table (återställande av negativa balanskravsresultat), in MSEK.</summary>
    public static void WriteRestoration(RestorationResult restoration, TextWriter output)
    {
        var list = restoration.Years.OrderBy(y => y.Year).ToList();
        if (list.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Återställande av negativa balanskravsresultat (MSEK)");
        output.WriteLine("  " + string.Join("", list.Select(y => $"{y.Year,14}")));
        output.WriteLine("  " + string.Join("", list.Select(y => $"{BoardWords.ResultKind(y.Kind),14}")));
        output.WriteLine("  " + string.Join("", list.Select(y => $"{Msek(y.Result),14}")) + "   årets balanskravsresultat");
        output.WriteLine("  " + string.Join("", list.Select(y => $"{Msek(y.Closing),14}")) + "   utgående balans, ej återställt");
    }

    /// <summary>An amount in SEK as whole MSEK in Swedish format, or "–" when missing.</summary>
    public static string Msek(decimal? sek) =>
        sek is { } v ? decimal.Round(v / 1_000_000m, 0, MidpointRounding.AwayFromZero).ToString("#,0", Swedish) : "–";
}
