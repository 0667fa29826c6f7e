using System.Globalization;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Forecast;
using Regfin.Core.Investments;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Reports;

/// <summary>
/// The månadsrapport of a period as a self-contained HTML page, rendered from the period's computed
/// result as a regional board reads it: the full-year forecast against the budget first (total and
/// per committee, with the committees' comments), the committees' driftredovisning, then the year to
/// date with its charts (monthly and cumulative result, the 12-month trend), the financial goals in
/// their own words and the balance-requirement restoration per origin.
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

    /// <summary>The forecast table's rows.</summary>
    private static readonly KpiDefinition[] ForecastLines =
    [
        KpiCatalog.OperatingIncome, KpiCatalog.OperatingCosts, KpiCatalog.Depreciation, KpiCatalog.NetOperatingCost,
        KpiCatalog.TaxAndGrants, KpiCatalog.OperatingResult, KpiCatalog.FinancialNet, KpiCatalog.Result, KpiCatalog.BalanceRequirementResult,
    ];

    /// <summary>The goals and ratios table's rows.</summary>
    private static readonly KpiDefinition[] GoalRows =
    [
        KpiCatalog.ResultShare, KpiCatalog.EquityRatioInclPensions, KpiCatalog.DebtShare, KpiCatalog.SelfFinancingRatio,
        KpiCatalog.EquityRatio, KpiCatalog.NetCostShare, KpiCatalog.NetCostGrowth, KpiCatalog.TaxAndGrantsGrowth,
    ];

    /// <summary>The month's name in Swedish, e.g. "oktober 2025".</summary>
    public static string MonthName(Period period) => period.FirstDay.ToString("MMMM yyyy", Swedish);

    /// <summary>Renders the page: the full-year forecast first, then the committees' driftredovisning, the year to date, the goals and the restoration.</summary>
    public static string Render(PeriodReport report, DateTimeOffset renderedAt)
    {
        var result = report.Result;
        var p = result.Period;
        var html = Html.Page($"Månadsrapport per {MonthName(p)}",
            $"Period {p} · finanspolicy {result.Policy?.Version.ToString() ?? "–"} · belopp i miljoner kronor (MSEK)");

        if (result.Kpi(KpiCatalog.OperatingResult) is { } operating)
        {
            Lead(html, p, operating);
            ForecastTable(html, result);
        }

        if (result.Committees.Count > 0)
        {
            Committees(html, result);
        }

        html.Append("<h2>Resultaträkning hittills i år</h2>\n");
        Html.Table(html, "results", ["MSEK", "Ack. utfall", "Månaden", "Fg år", "Budget ack.", "Avvikelse"],
            Lines.Select(result.Kpi).OfType<KpiRow>().Select(row => (IReadOnlyList<string>)
                [Html.Text(row.Label), Html.Msek(row.Value), Html.Msek(row.Month), Html.Msek(row.PriorYear), Html.Msek(row.Budget), Html.Msek(row.Deviation)]));

        var series = result.Months.Select(m => (m.Month.FirstDay.ToString("MMM", Swedish), ToMsek(m.Result), ToMsek(m.ResultYtd), ToMsek(m.BudgetYtd))).ToList();
        Html.Figure(html, "chart-monthly-result", Charts.MonthlyResult(series),
            "Staplar: verksamhetens resultat per månad. Linjer: ackumulerat utfall och ackumulerad budget (MSEK).");
        if (result.Trend.Any(t => t.Rolling12 is not null))
        {
            Html.Figure(html, "chart-trend", Charts.Trend(result.Trend.Select(t => (t.Month.FirstDay.ToString("MMM yy", Swedish), ToMsek(t.Rolling12))).ToList()),
                "Verksamhetens resultat under de tolv månader som slutar med respektive månad (MSEK): trenden bakom årets utfall.");
        }

        Goals(html, result);
        Investments(html, result);
        Restoration(html, report.Restoration, p);

        return Html.End(html, $"regfin · sammanställd {renderedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · källor: huvudbok, budget, prognoser, balansräkning, finanspolicy");
    }

    /// <summary>"Prognosen för helåret visar …", then the year to date.</summary>
    private static void Lead(System.Text.StringBuilder html, Period p, KpiRow operating)
    {
        html.Append("<p class=\"lead\" id=\"lead\">");
        if (operating.Forecast is { Value: { } forecast } f)
        {
            var deviation = f.Deviation ?? 0;
            html.Append("Prognosen för helåret visar ett verksamhetens resultat på <strong>").Append(Html.Msek(forecast)).Append(" MSEK</strong>, ")
                .Append(Html.Msek(Math.Abs(deviation))).Append(" MSEK ").Append(deviation < 0 ? "sämre" : "bättre").Append(" än budget (")
                .Append(Html.Msek(operating.BudgetYear)).Append(" MSEK). ");
        }

        html.Append("Verksamhetens resultat hittills i år är <strong>").Append(Html.Msek(operating.Value))
            .Append(" MSEK</strong>, varav ").Append(Html.Msek(operating.Month)).Append(" MSEK i ").Append(Html.Text(p.FirstDay.ToString("MMMM", Swedish)))
            .Append(" (").Append(Html.Msek(operating.PriorYear)).Append(" MSEK samma period föregående år).</p>\n");
        if (operating.Forecast is { } figure)
        {
            html.Append("<p class=\"note\" id=\"forecast-source\">Prognos: ").Append(Html.Text(ForecastSources.Describe(figure.Source, figure.AsOf)))
                .Append(figure.Reason is { } why ? " — " + Html.Text(why) : "").Append(".</p>\n");
        }

        if (operating.Reason is { } reason)
        {
            html.Append("<p class=\"note\">Obs: ").Append(Html.Text(reason)).Append("</p>\n");
        }
    }

    /// <summary>The full-year forecast against the budget for the year, line by line.</summary>
    private static void ForecastTable(System.Text.StringBuilder html, ComputeResult result)
    {
        var rows = ForecastLines.Select(result.Kpi).OfType<KpiRow>().Where(r => r.Forecast is not null).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        html.Append("<h2>Helårsprognos</h2>\n");
        Html.Table(html, "forecast", ["MSEK", "Prognos helår", "Årsbudget", "Avvikelse", "Ack. utfall"],
            rows.Select(row => (IReadOnlyList<string>)
                [Html.Text(row.Label), Html.Msek(row.Forecast!.Value), Html.Msek(row.BudgetYear), Html.Msek(row.Forecast.Deviation), Html.Msek(row.Value)]));
    }

    /// <summary>Driftredovisning per committee: prior year, year to date, budget, forecast and deviation; their comments; the chart.</summary>
    private static void Committees(System.Text.StringBuilder html, ComputeResult result)
    {
        var p = result.Period;
        var committees = result.Committees.OrderBy(c => c.Committee, StringComparer.Ordinal).ToList();
        html.Append("<h2>Nämndernas driftredovisning</h2>\n");
        // Net cost, so the figures are negative; the ceiling columns only when a committee has a ceiling for the year.
        var ceilings = committees.Any(c => c.GrowthCeiling is not null);
        IReadOnlyList<string> header = ["Nämnd", "Fg år ack.", "Ack. utfall", "Årsbudget", "Prognos helår", "Prognosavvikelse", "Utveckling enl. prognos",
            .. ceilings ? new[] { "Tak", "Status" } : []];
        Html.Table(html, "committees", header,
            committees.Select(c => (IReadOnlyList<string>)[Html.Text(c.Name), Html.Msek(c.PriorYear), Html.Msek(c.NetCost), Html.Msek(c.BudgetYear),
                Html.Msek(c.Forecast?.Value), Html.Msek(c.Forecast?.Deviation), Html.Percent(c.ForecastGrowth),
                .. ceilings ? new[] { Html.Percent(c.GrowthCeiling), Html.Status(RuleFamily.Committee, c.Status, p.Month < 12 && c.ForecastGrowth is not null, p) } : []]),
            lastNumeric: 7);

        var notes = committees.Where(c => c.Forecast is not null).ToList();
        if (notes.Count > 0)
        {
            html.Append("<ul id=\"committee-comments\">\n");
            foreach (var c in notes)
            {
                html.Append("<li><strong>").Append(Html.Text(c.Name)).Append("</strong> (").Append(Html.Text(ForecastSources.Describe(c.Forecast!.Source, c.Forecast.AsOf)))
                    .Append(')').Append(c.Comment is { } comment ? ": " + Html.Text(comment) : "").Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        var deviations = committees.Where(c => c.Forecast?.Deviation is not null).Select(c => (c.Name, ToMsek(c.Forecast!.Deviation)!.Value)).ToList();
        if (deviations.Count > 0)
        {
            Html.Figure(html, "chart-committees", Charts.CommitteeDeviations(deviations),
                "Nämndernas helårsprognos mot årsbudget (MSEK): positiv är bättre än budget.");
        }
    }

    /// <summary>The financial goals and ratios: the year to date, the forecast, the goal and its status in the goal's words.</summary>
    private static void Goals(System.Text.StringBuilder html, ComputeResult result)
    {
        var p = result.Period;
        html.Append("<h2>Finansiella mål och nyckeltal</h2>\n");
        Html.Table(html, "goals", ["Nyckeltal", "Utfall", "Prognos helår", "Mål", "Status"],
            GoalRows.Select(result.Kpi).OfType<KpiRow>().Select(row =>
            {
                var target = row.Target is { } t ? (row.Definition == KpiCatalog.DebtShare ? "högst " : "lägst ") + Html.Percent(t) : "–";
                var onForecast = p.Month < 12 && row.Definition == KpiCatalog.ResultShare && row.Forecast?.Value is not null;
                return (IReadOnlyList<string>)[Html.Text(row.Label), Html.Percent(row.Value), Html.Percent(row.Forecast?.Value), target,
                    row.Status is { } s ? Html.Status(RuleFamily.Goal, s, onForecast, p) : Html.Text(row.Value is null ? row.Reason : "")];
            }), lastNumeric: 3);
    }

    /// <summary>Investments against plan: per committee and category and in total, and the projects forecast over their decided total.</summary>
    private static void Investments(System.Text.StringBuilder html, ComputeResult result)
    {
        if (result.Finance?.Investments is not { } investments)
        {
            return;
        }

        var names = result.Committees.ToDictionary(c => c.Committee, c => c.Name, StringComparer.Ordinal);
        string Name(string? code) => code is null ? "" : names.GetValueOrDefault(code) ?? result.Policy?.Committees.GetValueOrDefault(code)?.Name ?? code;
        var total = investments.Total;
        html.Append("<h2>Investeringar mot plan</h2>\n<p id=\"investments-lead\">Investeringarna hittills i år uppgår till <strong>")
            .Append(Html.Msek(total.OutcomeYtd)).Append(" MSEK</strong> av årets budget ").Append(Html.Msek(total.BudgetYear))
            .Append(" MSEK; prognosen för året är ").Append(Html.Msek(total.ForecastYear)).Append(" MSEK (uppföljning per ")
            .Append(Html.Text(investments.AsOf.ToString())).Append(").</p>\n");
        Html.Table(html, "investments", ["Nämnd", "Kategori", "Årsbudget", "Utfall ack.", "Prognos år", "Avvikelse mot budget"],
            investments.Groups.Append(total).Select(g => (IReadOnlyList<string>)[g.Committee is null ? "<strong>Totalt</strong>" : Html.Text(Name(g.Committee)),
                Html.Text(InvestmentCategories.Swedish(g.Category)), Html.Msek(g.BudgetYear), Html.Msek(g.OutcomeYtd), Html.Msek(g.ForecastYear), Html.Msek(g.DeviationYear)]),
            firstNumeric: 2);

        var over = investments.Projects.Where(x => x.Overrun > 0).OrderByDescending(x => x.Overrun).ToList();
        if (over.Count > 0)
        {
            html.Append("<h3>Projekt med prognos över beslutad totalutgift</h3>\n");
            Html.Table(html, "investment-overruns", ["Projekt", "Nämnd", "Beslutad totalutgift", "Prognos totalutgift", "Överskridande", "Status"],
                over.Select(x => (IReadOnlyList<string>)[Html.Text($"{x.ProjectId} {x.ProjectName}"), Html.Text(Name(x.Committee)), Html.Msek(x.DecidedTotal, 1),
                    Html.Msek(x.ForecastTotal, 1), Html.Msek(x.Overrun, 1),
                    result.Check(PolicyRules.OverrunRuleId(x.ProjectId!)) is { } check ? Html.Status(check, result.Period) : ""]), firstNumeric: 2, lastNumeric: 4);
        }
    }

    /// <summary>The restoration per year with the deficits of each origin still open under it ("Varav från 2023, återställs senast 2026").</summary>
    private static void Restoration(System.Text.StringBuilder html, RestorationResult restoration, Period p)
    {
        if (restoration.Years.Count == 0)
        {
            return;
        }

        html.Append("<h2>Återställande av negativa balanskravsresultat</h2>\n");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var y in restoration.Years.OrderBy(y => y.Year))
        {
            var origins = restoration.Origins.Where(o => o.Year == y.Year && o.Remaining < 0).OrderBy(o => o.Origin).ToList();
            var badge = y.Closing is not { } closing ? ""
                : origins.Any(o => o.Status == OriginStatus.Overdue) ? Html.Badge("breach", "återställs inte i tid")
                : closing < 0 ? Html.Badge("warning", "återstår att återställa")
                : Html.Badge("ok", "återställt");
            rows.Add([Html.Text(y.Year.ToString("0000", CultureInfo.InvariantCulture)), Html.Text(Kind(y.Kind)), Html.Msek(y.Opening), Html.Msek(y.Result),
                Html.Msek(y.Waiver), Html.Msek(y.Restored), Html.Msek(y.Closing), badge]);
            foreach (var o in origins)
            {
                rows.Add(["", Html.Text($"Varav från {o.Origin}, återställs senast {o.Deadline}"), "", "", "", "", Html.Msek(o.Remaining),
                    o.Status == OriginStatus.Overdue ? Html.Badge("breach", "återställs inte i tid") : Html.Badge("warning", "återställs enligt plan")]);
            }
        }

        Html.Table(html, "restoration", ["År", "Slag", "Ingående", "Årets resultat", "Synnerliga skäl", "Återställt", "Utgående", "Status"], rows,
            firstNumeric: 2, lastNumeric: 6);
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
