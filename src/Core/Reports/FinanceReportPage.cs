using System.Globalization;
using Regfin.Core.Compliance;
using Regfin.Core.Pipeline;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Reports;

/// <summary>
/// The finansrapport of a period as a self-contained HTML page: allocation against min/normal/max,
/// returns against benchmark and the requirement, every limit check with status and detail, debt
/// with the maturity profile, and liquidity with the projected balance over the forecast horizon —
/// rendered from the period's computed result.
/// </summary>
public static class FinanceReportPage
{
    /// <summary>Renders the page.</summary>
    public static string Render(PeriodReport report, DateTimeOffset renderedAt)
    {
        var result = report.Result;
        var finance = result.Finance!;
        var p = result.Period;
        var html = Html.Page($"Finansrapport per {p.LastDay.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("sv-SE"))}",
            $"Period {p} · finanspolicy {result.Policy?.Version.ToString() ?? "–"} · pensionsmedel, skuld och likviditet");

        var summaries = finance.Checks.Where(c => c.IsSummary).OrderBy(c => c.RuleId, StringComparer.Ordinal).ToList();
        if (summaries.Count > 0)
        {
            html.Append("<h2>Sammanfattning</h2>\n<ul id=\"summary\">\n");
            foreach (var s in summaries)
            {
                // The badge says the worst of the area's rules in the area's words (an Ok summary may hold warnings).
                var worst = BoardWords.Worst(finance.Checks.Where(c => c.Area == s.Area));
                var badge = worst is null ? "" : Html.Status(worst, p);
                html.Append("<li>").Append(badge).Append(' ').Append(Html.Text(s.Detail)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (finance.Allocation.Count > 0)
        {
            html.Append("<h2>Pensionsmedel: allokering</h2>\n");
            var rows = finance.Allocation.OrderBy(a => Order(a.Segment)).ToList();
            Html.Table(html, "allocation", ["Tillgångsslag", "Marknadsvärde, MSEK", "Andel", "Min", "Normal", "Max", "Status"],
                rows.Select(a => (IReadOnlyList<string>)[Html.Text(Segments.Swedish(a.Segment)), Html.Msek(a.MarketValue, 1), Html.Percent(a.Share),
                    Html.Percent(a.Range?.Min), Html.Percent(a.Range?.Normal), Html.Percent(a.Range?.Max),
                    result.Check(PolicyRules.AllocationRuleId(a.Segment)) is { } check ? Html.Status(check, p) : ""]));
            var segments = rows.Where(a => a.Segment != PensionPortfolio.Total)
                .Select(a => (Segments.Swedish(a.Segment), (double)(a.Share ?? 0), Double(a.Range?.Min), Double(a.Range?.Max), Double(a.Range?.Normal))).ToList();
            Html.Figure(html, "chart-allocation", Charts.Allocation(segments), "Staplar: andel av portföljen. Grå linje: tillåtet intervall. Romb: normalläge.");
        }

        if (finance.Returns.Count > 0)
        {
            html.Append("<h2>Pensionsmedel: avkastning</h2>\n");
            var rows = finance.Returns.OrderBy(r => Order(r.Segment)).ToList();
            Html.Table(html, "returns", ["Tillgångsslag", "Månaden", "Jämförelseindex", "Aktiv, procentenheter", "Hittills i år", "Index i år", "Aktiv i år, procentenheter"],
                rows.Select(r => (IReadOnlyList<string>)[Html.Text(Segments.Swedish(r.Segment)), Html.Percent(r.Return), Html.Percent(r.Benchmark),
                    Html.Points(r.Active), Html.Percent(r.ReturnYtd), Html.Percent(r.BenchmarkYtd), Html.Points(r.ActiveYtd)]));
            if (rows.FirstOrDefault(r => r.Segment == PensionPortfolio.Total) is { } total)
            {
                html.Append("<p id=\"requirement\">Avkastningskrav hittills i år (real avkastning plus inflation ")
                    .Append(Html.Percent(finance.Inflation)).Append("): <strong>").Append(Html.Percent(total.RequirementYtd))
                    .Append("</strong>; avkastning över kravet: <strong>").Append(total.ExcessYtd is { } excess ? Html.Text(SwedishFormat.PercentagePoints(excess)) : "–").Append("</strong>.</p>\n");
                if (total.Reason is { } reason)
                {
                    html.Append("<p class=\"note\">").Append(Html.Text(BoardWords.Swedish(reason))).Append("</p>\n");
                }
            }
        }

        var rules = finance.Checks.Where(c => !c.IsSummary).OrderBy(c => c.Area, StringComparer.Ordinal).ThenBy(c => c.RuleId, StringComparer.Ordinal).ToList();
        if (rules.Count > 0)
        {
            html.Append("<h2>Regler enligt finanspolicyn: limitar, mål, nämnder, balanskrav och investeringar</h2>\n");
            Html.Table(html, "limits", ["Område", "Regel", "Utfall", "Min", "Max", "Status", "Detalj"],
                rules.Select(c => (IReadOnlyList<string>)[Html.Text(BoardWords.AreaSwedish(c.Area)), Html.Text(c.Description),
                    Html.InUnit(c.Measured, c.Unit), Html.InUnit(c.Min, c.Unit), Html.InUnit(c.Max, c.Unit),
                    Html.Status(c, p), Html.Text(c.Detail is { } detail ? BoardWords.Swedish(detail) : null)]), firstNumeric: 2, lastNumeric: 4);
        }

        if (finance.Pension is { } pension)
        {
            html.Append("<h2>Pensionsåtagande</h2>\n");
            var marketValue = result.Kpi(KpiCatalog.PortfolioMarketValue)?.Value;
            Html.Table(html, "pension", ["Nyckeltal", "Värde"],
            [
                [Html.Text($"Avsättning för pensioner per {pension.AsOf:yyyy-MM-dd}, MSEK"), Html.Msek(pension.Provision)],
                [Html.Text("Ansvarsförbindelse för pensioner, MSEK"), Html.Msek(pension.ContingentLiability)],
                [Html.Text("Pensionsåtagande totalt, MSEK"), Html.Msek(pension.Provision + pension.ContingentLiability)],
                [Html.Text(KpiCatalog.PortfolioMarketValue.LabelSv + ", MSEK"), Html.Msek(marketValue)],
                [Html.Text(KpiCatalog.ConsolidationRatio.LabelSv), Html.Percent(result.Kpi(KpiCatalog.ConsolidationRatio)?.Value)],
                [Html.Text(KpiCatalog.BorrowedBack.LabelSv + ", MSEK"), Html.Msek(result.Kpi(KpiCatalog.BorrowedBack)?.Value)],
            ]);
        }

        if (finance.Debt is { } debt)
        {
            html.Append("<h2>Skuldförvaltning</h2>\n");
            Html.Table(html, "debt", ["Nyckeltal", "Värde"],
            [
                [Html.Text(KpiCatalog.TotalDebt.LabelSv + ", MSEK"), Html.Msek(debt.TotalDebt)],
                [Html.Text(KpiCatalog.AverageRate.LabelSv), Html.Percent(debt.AverageRate, 2)],
                [Html.Text(KpiCatalog.AverageFixingYears.LabelSv), Html.InUnit(debt.AverageFixingYears, "years")],
                [Html.Text(KpiCatalog.AverageMaturityYears.LabelSv), Html.InUnit(debt.AverageMaturityYears, "years")],
                [Html.Text("Räntebindning inom 12 månader"), Html.Percent(debt.ShareFixingWithin12Months)],
                [Html.Text("Förfaller inom 12 månader"), Html.Percent(debt.ShareMaturingWithin12Months)],
                [Html.Text("Största långivare: " + debt.LargestLender), Html.Percent(debt.LargestLenderShare)],
            ]);
            if (finance.Maturity.Count > 0)
            {
                Html.Figure(html, "chart-maturity", Charts.MaturityProfile(finance.Maturity.OrderBy(m => m.Year).Select(m => (m.Year, (double)(m.Principal / 1_000_000m))).ToList()),
                    "Lån som förfaller per kalenderår (MSEK).");
            }
        }

        if (finance.Liquidity.Count > 0)
        {
            var day = finance.Liquidity.MaxBy(l => l.Day.Date).Day;
            html.Append("<h2>Likviditet</h2>\n");
            var readiness = day.PaymentReadinessDays is { } d
                ? (day.AtLeast == true ? "minst " : "") + Html.InUnit(d, "days") : "–";
            Html.Table(html, "liquidity", ["Nyckeltal", "Värde"],
            [
                [Html.Text(KpiCatalog.LiquidFunds.LabelSv + ", MSEK"), Html.Msek(day.LiquidFunds)],
                [Html.Text("Checkräkningskredit, MSEK"), Html.Msek(day.CreditFacility)],
                [Html.Text("Tillgängligt, MSEK"), Html.Msek(day.Available)],
                [Html.Text("Betalningsberedskap, egna medel"), readiness],
                [Html.Text("Betalningsberedskap med kredit"), day.PaymentReadinessDaysWithCredit is { } withCredit
                    ? (day.HorizonDays is { } horizon && withCredit >= horizon ? "minst " : "") + Html.InUnit(withCredit, "days") : "–"],
                [Html.Text("Lägsta prognostiserade saldo, MSEK"), Html.Msek(day.MinimumProjected)],
            ]);
            if (day.Projection.Count > 1)
            {
                Html.Figure(html, "chart-liquidity", Charts.ProjectedLiquidity(day.Projection),
                    $"Prognostiserat saldo från {day.Projection[0].Day:yyyy-MM-dd} över prognosens horisont (MSEK).");
            }
        }

        return Html.End(html, $"regfin · sammanställd {renderedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · källor: innehav, flöden, index, KPI, lån, banksaldon, likviditetsprognos, finanspolicy");
    }

    private static double? Double(decimal? value) => value is { } v ? (double)v : null;

    private static int Order(string? segment) => segment switch
    {
        Segments.Equity => 0,
        Segments.FixedIncome => 1,
        Segments.Cash => 2,
        _ => 3,
    };
}
