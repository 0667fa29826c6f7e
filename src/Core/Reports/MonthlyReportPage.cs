using System.Globalization;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Reports;

/// <summary>
/// The månadsrapport of a period as a self-contained HTML page: the results table, growth, the
/// financial goals with status, the committees against their ceilings, the balance-requirement
/// restoration, and charts of the monthly and cumulative result and the committee deviations.
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

    private static readonly string[] Goals =
        ["ResultShare", "EquityRatioInclPensions", "DebtShare", "SelfFinancingRatio", "EquityRatio", "NetCostShare", "NetCostGrowth", "TaxAndGrantsGrowth"];

    /// <summary>The month's name in Swedish, e.g. "oktober 2025".</summary>
    public static string MonthName(Period period) => period.FirstDay.ToString("MMMM yyyy", Swedish);

    /// <summary>Renders the page.</summary>
    public static string Render(ReportData data)
    {
        var p = data.Period;
        var html = Html.Page($"Månadsrapport per {MonthName(p)}",
            $"Period {p} · finanspolicy {data.PolicyVersion ?? "–"} · belopp i miljoner kronor (MSEK)");
        var k = data.Kpis;

        if (k.TryGetValue("OperatingResult", out var result))
        {
            html.Append("<p class=\"lead\" id=\"lead\">Verksamhetens resultat hittills i år är <strong>").Append(Html.Msek(result.D("Value")))
                .Append(" MSEK</strong>, varav ").Append(Html.Msek(result.D("Month"))).Append(" MSEK i ").Append(Html.Text(p.FirstDay.ToString("MMMM", Swedish)))
                .Append(" (").Append(Html.Msek(result.D("PriorYear"))).Append(" MSEK samma period föregående år).</p>\n");
            if (result.S("Reason") is { } reason)
            {
                html.Append("<p class=\"note\">Obs: ").Append(Html.Text(reason)).Append("</p>\n");
            }
        }

        html.Append("<h2>Resultaträkning</h2>\n");
        Html.Table(html, "results", ["MSEK", "Ack. utfall", "Månaden", "Fg år", "Budget ack.", "Budget helår", "Avvikelse"],
            Lines.Where(l => k.ContainsKey(l.KpiId)).Select(l =>
            {
                var row = k[l.KpiId];
                return (IReadOnlyList<string>)[Html.Text(l.LabelSv), Html.Msek(row.D("Value")), Html.Msek(row.D("Month")), Html.Msek(row.D("PriorYear")),
                    Html.Msek(row.D("Budget")), Html.Msek(row.D("BudgetYear")), Html.Msek(row.D("Deviation"))];
            }));

        var months = p.YearToDate().ToList();
        var series = months.Select(m =>
        {
            var row = data.YearKpis.GetValueOrDefault(m)?.GetValueOrDefault("OperatingResult");
            return (m.FirstDay.ToString("MMM", Swedish), ToMsek(row?.D("Month")), ToMsek(row?.D("Value")), ToMsek(row?.D("Budget")));
        }).ToList();
        Html.Figure(html, "chart-monthly-result", Charts.MonthlyResult(series),
            "Staplar: verksamhetens resultat per månad. Linjer: ackumulerat utfall och ackumulerad budget (MSEK).");

        html.Append("<h2>Finansiella mål och nyckeltal</h2>\n");
        Html.Table(html, "goals", ["Nyckeltal", "Utfall", "Mål", "Status"],
            Goals.Where(k.ContainsKey).Select(id =>
            {
                var row = k[id];
                var target = row.D("Target") is { } t ? (id == "DebtShare" ? "högst " : "lägst ") + Html.Percent(t) : "–";
                return (IReadOnlyList<string>)[Html.Text(row.S("Label")), Html.Percent(row.D("Value")), target,
                    row.S("Status") is { } s ? Html.Status(s) : Html.Text(row.D("Value") is null ? row.S("Reason") : "")];
            }));

        if (data.Committees.Count > 0)
        {
            html.Append("<h2>Nämndernas resultat</h2>\n");
            Html.Table(html, "committees", ["Nämnd", "Nettokostnad ack.", "Månaden", "Budget ack.", "Avvikelse", "Utveckling", "Tak", "Status"],
                data.Committees.Select(c => (IReadOnlyList<string>)[Html.Text(c.S("Name")), Html.Msek(c.D("NetCost")), Html.Msek(c.D("Month")), Html.Msek(c.D("Budget")),
                    Html.Msek(c.D("Deviation")), Html.Percent(c.D("NetCostGrowth")), Html.Percent(c.D("GrowthCeiling")), Html.Status(c.S("Status"))]));
            var deviations = data.Committees.Where(c => c.D("Deviation") is not null)
                .Select(c => (c.S("Committee") ?? "", ToMsek(c.D("Deviation"))!.Value)).ToList();
            if (deviations.Count > 0)
            {
                Html.Figure(html, "chart-committees", Charts.CommitteeDeviations(deviations),
                    "Nämndernas avvikelse mot budget hittills i år (MSEK): positiv är bättre än budget.");
            }
        }

        if (data.Restoration.Count > 0)
        {
            html.Append("<h2>Återställande av negativa balanskravsresultat</h2>\n");
            Html.Table(html, "restoration", ["År", "Slag", "Ingående", "Årets resultat", "Synnerliga skäl", "Återställt", "Utgående"],
                data.Restoration.Select(r => (IReadOnlyList<string>)[Html.Text(r.RowKey), Html.Text(Kind(r.S("Kind"))), Html.Msek(r.D("Opening")), Html.Msek(r.D("Result")),
                    Html.Msek(r.D("Waiver")), Html.Msek(r.D("Restored")), Html.Msek(r.D("Closing"))]), firstNumeric: 2);
        }

        return Html.End(html, $"regfin · beräknad {data.ComputedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "–"} UTC · källor: huvudbok, budget, balansräkning, finanspolicy");
    }

    private static double? ToMsek(double? sek) => sek / 1_000_000;

    private static string Kind(string? kind) => kind switch
    {
        "Actual" => "Utfall",
        "Forecast" => "Prognos",
        "Plan" => "Plan",
        "ComputedYtd" => "Hittills i år",
        _ => kind ?? "",
    };
}
