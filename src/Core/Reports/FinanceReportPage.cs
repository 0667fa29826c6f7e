using System.Globalization;
using Regfin.Core.Compliance;
using Regfin.Core.Portfolio;

namespace Regfin.Core.Reports;

/// <summary>
/// The finansrapport of a period as a self-contained HTML page: allocation against min/normal/max,
/// returns against benchmark and the requirement, every limit check with status and detail, debt
/// with the maturity profile, and liquidity with the projected balance over the forecast horizon.
/// </summary>
public static class FinanceReportPage
{
    /// <summary>Renders the page.</summary>
    public static string Render(ReportData data)
    {
        var p = data.Period;
        var html = Html.Page($"Finansrapport per {p.LastDay.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("sv-SE"))}",
            $"Period {p} · finanspolicy {data.PolicyVersion ?? "–"} · pensionsmedel, skuld och likviditet");

        var summaries = data.Checks.Where(c => c.S("Kind") == "Summary").OrderBy(c => c.RowKey, StringComparer.Ordinal).ToList();
        if (summaries.Count > 0)
        {
            html.Append("<h2>Sammanfattning</h2>\n<ul id=\"summary\">\n");
            foreach (var s in summaries)
            {
                var sentence = (s.S("Detail") ?? "").Split("; ")[0];
                html.Append("<li>").Append(Html.Status(s.S("Status"))).Append(' ').Append(Html.Text(sentence)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (data.Allocation.Count > 0)
        {
            html.Append("<h2>Pensionsmedel: allokering</h2>\n");
            var rows = data.Allocation.OrderBy(a => Order(a.S("Segment"))).ToList();
            Html.Table(html, "allocation", ["Tillgångsslag", "Marknadsvärde, MSEK", "Andel", "Min", "Normal", "Max", "Status"],
                rows.Select(a => (IReadOnlyList<string>)[Html.Text(Segments.Swedish(a.S("Segment") ?? "")), Html.Msek(a.D("MarketValue"), 1), Html.Percent(a.D("Share")),
                    Html.Percent(a.D("Min")), Html.Percent(a.D("Normal")), Html.Percent(a.D("Max")), Html.Status(a.S("Status"))]));
            var segments = rows.Where(a => a.S("Segment") != PensionPortfolio.Total)
                .Select(a => (Segments.Swedish(a.S("Segment") ?? ""), a.D("Share") ?? 0, a.D("Min"), a.D("Max"), a.D("Normal"))).ToList();
            Html.Figure(html, "chart-allocation", Charts.Allocation(segments), "Staplar: andel av portföljen. Grå linje: tillåtet intervall. Romb: normalläge.");
        }

        if (data.Returns.Count > 0)
        {
            html.Append("<h2>Pensionsmedel: avkastning</h2>\n");
            var rows = data.Returns.OrderBy(r => Order(r.S("Segment"))).ToList();
            Html.Table(html, "returns", ["Tillgångsslag", "Månaden", "Jämförelseindex", "Aktiv", "Hittills i år", "Index i år", "Aktiv i år"],
                rows.Select(r => (IReadOnlyList<string>)[Html.Text(Segments.Swedish(r.S("Segment") ?? "")), Html.Percent(r.D("Return")), Html.Percent(r.D("Benchmark")),
                    Html.Percent(r.D("Active")), Html.Percent(r.D("ReturnYtd")), Html.Percent(r.D("BenchmarkYtd")), Html.Percent(r.D("ActiveYtd"))]));
            if (rows.FirstOrDefault(r => r.S("Segment") == PensionPortfolio.Total) is { } total)
            {
                html.Append("<p id=\"requirement\">Avkastningskrav hittills i år (real avkastning plus inflation ")
                    .Append(Html.Percent(total.D("Inflation"))).Append("): <strong>").Append(Html.Percent(total.D("RequirementYtd")))
                    .Append("</strong>; avkastning över kravet: <strong>").Append(Html.Percent(total.D("ExcessYtd"))).Append("</strong>.</p>\n");
                if (total.S("Reason") is { } reason)
                {
                    html.Append("<p class=\"note\">").Append(Html.Text(reason)).Append("</p>\n");
                }
            }
        }

        var rules = data.Checks.Where(c => c.S("Kind") != "Summary").OrderBy(c => c.S("Area"), StringComparer.Ordinal).ThenBy(c => c.RowKey, StringComparer.Ordinal).ToList();
        if (rules.Count > 0)
        {
            html.Append("<h2>Limitar enligt finanspolicyn</h2>\n");
            Html.Table(html, "limits", ["Område", "Regel", "Utfall", "Min", "Max", "Status", "Detalj"],
                rules.Select(c => (IReadOnlyList<string>)[Html.Text(ComplianceEngine.AreaSwedish(c.S("Area") ?? "")), Html.Text(c.S("Description")),
                    Html.InUnit(c.D("Measured"), c.S("Unit")), Html.InUnit(c.D("Min"), c.S("Unit")), Html.InUnit(c.D("Max"), c.S("Unit")),
                    Html.Status(c.S("Status")), Html.Text(c.S("Detail"))]), firstNumeric: 2, lastNumeric: 4);
        }

        if (data.Debt is { } debt)
        {
            html.Append("<h2>Skuldförvaltning</h2>\n");
            Html.Table(html, "debt", ["Nyckeltal", "Värde"],
            [
                [Html.Text("Totala lån, MSEK"), Html.Msek(debt.D("TotalDebt"))],
                [Html.Text("Genomsnittlig ränta"), Html.Percent(debt.D("AverageRate"), 2)],
                [Html.Text("Genomsnittlig räntebindning"), Html.InUnit(debt.D("AverageFixingYears"), "years")],
                [Html.Text("Genomsnittlig kapitalbindning"), Html.InUnit(debt.D("AverageMaturityYears"), "years")],
                [Html.Text("Räntebindning inom 12 månader"), Html.Percent(debt.D("ShareFixingWithin12Months"))],
                [Html.Text("Förfaller inom 12 månader"), Html.Percent(debt.D("ShareMaturingWithin12Months"))],
                [Html.Text("Största långivare: " + debt.S("LargestLender")), Html.Percent(debt.D("LargestLenderShare"))],
            ]);
            if (data.Maturity.Count > 0)
            {
                Html.Figure(html, "chart-maturity", Charts.MaturityProfile(data.Maturity.Select(m => ((int)(m.GetInt64("Year") ?? 0), (m.D("Principal") ?? 0) / 1_000_000)).ToList()),
                    "Lån som förfaller per kalenderår (MSEK).");
            }
        }

        if (data.Liquidity.Count > 0)
        {
            var day = data.Liquidity[^1];
            html.Append("<h2>Likviditet</h2>\n");
            var readiness = day.D("PaymentReadinessDays") is { } d
                ? (day.GetBoolean("AtLeast") == true ? "minst " : "") + Html.InUnit(d, "days") : "–";
            Html.Table(html, "liquidity", ["Nyckeltal", "Värde"],
            [
                [Html.Text("Likvida medel, MSEK"), Html.Msek(day.D("LiquidFunds"))],
                [Html.Text("Checkräkningskredit, MSEK"), Html.Msek(day.D("CreditFacility"))],
                [Html.Text("Tillgängligt, MSEK"), Html.Msek(day.D("Available"))],
                [Html.Text("Betalningsberedskap, egna medel"), readiness],
                [Html.Text("Betalningsberedskap med kredit"), Html.InUnit(day.D("PaymentReadinessDaysWithCredit"), "days")],
                [Html.Text("Lägsta prognostiserade saldo, MSEK"), Html.Msek(day.D("MinimumProjected"))],
            ]);
            if (data.Projection.Count > 1)
            {
                Html.Figure(html, "chart-liquidity", Charts.ProjectedLiquidity(data.Projection),
                    $"Prognostiserat saldo från {data.Projection[0].Day:yyyy-MM-dd} över prognosens horisont (MSEK).");
            }
        }

        return Html.End(html, $"regfin · beräknad {data.ComputedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "–"} UTC · källor: innehav, flöden, index, KPI, lån, banksaldon, likviditetsprognos, finanspolicy");
    }

    private static int Order(string? segment) => segment switch
    {
        Segments.Equity => 0,
        Segments.FixedIncome => 1,
        Segments.Cash => 2,
        _ => 3,
    };
}
