using System.Globalization;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Reports;

/// <summary>
/// The månadsrapport of a period as a self-contained HTML page, rendered from the period's computed
/// result: the results table, growth, the financial goals with status, the committees against their
/// ceilings, the balance-requirement restoration, and charts of the monthly and cumulative result
/// and the committee deviations.
/// </summary>
public static class MonthlyReportPage
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>The results table's rows, in the order of the seeds' resultaträkning (labels from <see cref="KpiCatalog"/>).</summary>
    private static readonly KpiDefinition[] Lines =
    [
        KpiCatalog.OperatingIncome, KpiCatalog.OperatingCosts, KpiCatalog.Depreciation, KpiCatalog.NetOperatingCost,
        KpiCatalog.TaxRevenue, KpiCatalog.GeneralGrants, KpiCatalog.TaxAndGrants, KpiCatalog.OperatingResult,
        KpiCatalog.FinancialIncome, KpiCatalog.FinancialCosts, KpiCatalog.FinancialNet, KpiCatalog.ResultAfterFinancialItems,
        KpiCatalog.Extraordinary, KpiCatalog.Result, KpiCatalog.BalanceRequirementResult,
    ];

    /// <summary>The goals and ratios table's rows.</summary>
    private static readonly KpiDefinition[] Goals =
    [
        KpiCatalog.ResultShare, KpiCatalog.EquityRatioInclPensions, KpiCatalog.DebtShare, KpiCatalog.SelfFinancingRatio,
        KpiCatalog.EquityRatio, KpiCatalog.NetCostShare, KpiCatalog.NetCostGrowth, KpiCatalog.TaxAndGrantsGrowth,
    ];

    /// <summary>The month's name in Swedish, e.g. "oktober 2025".</summary>
    public static string MonthName(Period period) => period.FirstDay.ToString("MMMM yyyy", Swedish);

    /// <summary>Renders the page.</summary>
    public static string Render(PeriodReport report, DateTimeOffset renderedAt)
    {
        var result = report.Result;
        var p = result.Period;
        var html = Html.Page($"Månadsrapport per {MonthName(p)}",
            $"Period {p} · finanspolicy {result.Policy?.Version.ToString() ?? "–"} · belopp i miljoner kronor (MSEK)");

        if (result.Kpi(KpiCatalog.OperatingResult) is { } operating)
        {
            html.Append("<p class=\"lead\" id=\"lead\">Verksamhetens resultat hittills i år är <strong>").Append(Html.Msek(operating.Value))
                .Append(" MSEK</strong>, varav ").Append(Html.Msek(operating.Month)).Append(" MSEK i ").Append(Html.Text(p.FirstDay.ToString("MMMM", Swedish)))
                .Append(" (").Append(Html.Msek(operating.PriorYear)).Append(" MSEK samma period föregående år).</p>\n");
            if (operating.Reason is { } reason)
            {
                html.Append("<p class=\"note\">Obs: ").Append(Html.Text(reason)).Append("</p>\n");
            }
        }

        html.Append("<h2>Resultaträkning</h2>\n");
        Html.Table(html, "results", ["MSEK", "Ack. utfall", "Månaden", "Fg år", "Budget ack.", "Budget helår", "Avvikelse"],
            Lines.Select(result.Kpi).OfType<KpiRow>().Select(row => (IReadOnlyList<string>)
                [Html.Text(row.Label), Html.Msek(row.Value), Html.Msek(row.Month), Html.Msek(row.PriorYear),
                    Html.Msek(row.Budget), Html.Msek(row.BudgetYear), Html.Msek(row.Deviation)]));

        var series = result.Months.Select(m => (m.Month.FirstDay.ToString("MMM", Swedish), ToMsek(m.Result), ToMsek(m.ResultYtd), ToMsek(m.BudgetYtd))).ToList();
        Html.Figure(html, "chart-monthly-result", Charts.MonthlyResult(series),
            "Staplar: verksamhetens resultat per månad. Linjer: ackumulerat utfall och ackumulerad budget (MSEK).");

        html.Append("<h2>Finansiella mål och nyckeltal</h2>\n");
        Html.Table(html, "goals", ["Nyckeltal", "Utfall", "Mål", "Status"],
            Goals.Select(result.Kpi).OfType<KpiRow>().Select(row =>
            {
                var target = row.Target is { } t ? (row.Definition == KpiCatalog.DebtShare ? "högst " : "lägst ") + Html.Percent(t) : "–";
                return (IReadOnlyList<string>)[Html.Text(row.Label), Html.Percent(row.Value), target,
                    row.Status is { } s ? Html.Status(s) : Html.Text(row.Value is null ? row.Reason : "")];
            }));

        if (result.Committees.Count > 0)
        {
            var committees = result.Committees.OrderBy(c => c.Committee, StringComparer.Ordinal).ToList();
            html.Append("<h2>Nämndernas resultat</h2>\n");
            Html.Table(html, "committees", ["Nämnd", "Nettokostnad ack.", "Månaden", "Budget ack.", "Avvikelse", "Utveckling", "Tak", "Status"],
                committees.Select(c => (IReadOnlyList<string>)[Html.Text(c.Name), Html.Msek(c.NetCost), Html.Msek(c.Month), Html.Msek(c.Budget),
                    Html.Msek(c.Deviation), Html.Percent(c.NetCostGrowth), Html.Percent(c.GrowthCeiling), Html.Status(c.Status)]));
            var deviations = committees.Where(c => c.Deviation is not null).Select(c => (c.Committee, ToMsek(c.Deviation)!.Value)).ToList();
            if (deviations.Count > 0)
            {
                Html.Figure(html, "chart-committees", Charts.CommitteeDeviations(deviations),
                    "Nämndernas avvikelse mot budget hittills i år (MSEK): positiv är bättre än budget.");
            }
        }

        if (report.Restoration.Years.Count > 0)
        {
            html.Append("<h2>Återställande av negativa balanskravsresultat</h2>\n");
            Html.Table(html, "restoration", ["År", "Slag", "Ingående", "Årets resultat", "Synnerliga skäl", "Återställt", "Utgående"],
                report.Restoration.Years.OrderBy(y => y.Year).Select(y => (IReadOnlyList<string>)[Html.Text(y.Year.ToString("0000", CultureInfo.InvariantCulture)),
                    Html.Text(Kind(y.Kind)), Html.Msek(y.Opening), Html.Msek(y.Result), Html.Msek(y.Waiver), Html.Msek(y.Restored), Html.Msek(y.Closing)]),
                firstNumeric: 2);
        }

        return Html.End(html, $"regfin · sammanställd {renderedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · källor: huvudbok, budget, balansräkning, finanspolicy");
    }

    private static double? ToMsek(decimal? sek) => sek is { } v ? (double)(v / 1_000_000m) : null;

    private static string Kind(ResultKind kind) => kind switch
    {
        ResultKind.Actual => "Utfall",
        ResultKind.Forecast => "Prognos",
        ResultKind.Plan => "Plan",
        ResultKind.ComputedYtd => "Hittills i år",
        _ => kind.ToString(),
    };
}
