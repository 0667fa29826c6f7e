using System.Text.RegularExpressions;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Reports;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Reports;

/// <summary>
/// The reports as the board reads them (issue 22, policy.md "The words the board reads"), opened in
/// headless Chromium: the forecast first, each kind of rule in its own words (a goal is never "inom
/// samtliga limitar"), the committees with their forecasts and comments, investments against plan,
/// the restoration per origin, and every chart label in Swedish.
/// </summary>
[Collection(SampleYearGroup.Name)]
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed partial class BoardReportTests(SampleYear sample)
{
    private async Task<string> DomAsync(string file)
    {
        using var dir = new TempDirectory();
        var written = await sample.Session.Get<ReportWriter>().WriteAsync(new Period(2025, 10), dir.Path, CancellationToken.None);
        var dom = await Chromium.DumpDomAsync(written.Single(w => w.EndsWith(file, StringComparison.Ordinal)));
        return dom.Replace("&nbsp;", " ", StringComparison.Ordinal).Replace('\u00A0', ' ');
    }

    private static string Spaced(string html) => html.Replace('\u00A0', ' ');

    /// <summary>The rendered page's text with the tags removed (what a reader sees, in order).</summary>
    private static string Text(string dom) => Spaces().Replace(Tags().Replace(dom, " "), " ");

    [Fact]
    public async Task The_monthly_report_leads_with_the_forecast_and_shows_each_committees_forecast_and_comment()
    {
        var dom = await DomAsync(PeriodReports.MonthlyFile);
        var text = Text(dom);

        // The forecast first: −148 MSEK for the year, 554 worse than the budget of 406 (kpis.csv), then the year to date of seed 003.
        Assert.StartsWith("Prognosen för helåret visar ett verksamhetens resultat på \u2212148 MSEK , 554 MSEK sämre än budget (406 MSEK).",
            Text(Lead().Match(dom).Value).Trim());
        Assert.True(dom.IndexOf("id=\"forecast\"", StringComparison.Ordinal) < dom.IndexOf("id=\"results\"", StringComparison.Ordinal), "the forecast comes before the year to date");
        Assert.Contains("Verksamhetens resultat hittills i år är 53 MSEK , varav 78 MSEK i oktober (\u2212292 MSEK samma period föregående år)", text);
        Assert.Matches(@"<td>Verksamhetens resultat</td><td class=""num"">\u2212148</td><td class=""num"">406</td><td class=""num"">\u2212554</td><td class=""num"">53</td>", dom);

        // Driftredovisning: every committee with its forecast in force, as computed.
        var result = (await sample.Session.Get<PeriodEvaluator>().ReportAsync(new Period(2025, 10), CancellationToken.None)).Result;
        foreach (var c in result.Committees)
        {
            Assert.Contains(Spaced($"<td>{c.Name}</td><td class=\"num\">{SwedishFormat.Number(c.PriorYear!.Value / 1_000_000m, 0)}</td><td class=\"num\">{SwedishFormat.Number(c.NetCost!.Value / 1_000_000m, 0)}</td>"
                + $"<td class=\"num\">{SwedishFormat.Number(c.BudgetYear!.Value / 1_000_000m, 0)}</td><td class=\"num\">{SwedishFormat.Number(c.Forecast!.Value!.Value / 1_000_000m, 0)}</td>"), dom);
        }

        // The comments of the committees' forecast files, and where each forecast comes from.
        Assert.Contains("Hälso- och sjukvårdsnämnden (senast inlämnade prognos, efter 2025-08): Prognosen förbättrad med 55 mnkr sedan april genom minskad inhyrning. Underskottet mot budget kvarstår.", text);
        Assert.Contains("Regionstyrelsen (inlämnad prognos efter 2025-10): Lägre pensionskostnader än 2024, engångskostnaden i december 2024 återkommer inte. Skatteintäkterna enligt SKR:s prognos i oktober.", text);
        Assert.Contains("Regionala utvecklingsnämnden (beräknad prognos: utfall till och med 2025-10 och återstående budget)", text);

        // Goals in their own words, never as limits.
        Assert.Contains("<span class=\"status warning\">uppfylls inte enligt prognos</span>", dom);
        Assert.Contains("<span class=\"status warning\">ej uppfyllt per 2025-10</span>", dom);
        Assert.DoesNotContain("inom samtliga limitar", dom);
        Assert.DoesNotContain("Inom limit", dom);
    }

    [Fact]
    public async Task The_monthly_report_follows_investments_against_plan_and_the_restoration_per_origin()
    {
        var dom = await DomAsync(PeriodReports.MonthlyFile);
        var text = Text(dom);

        // The follow-up per October 2025 (samples/inbox/investeringar): 905 of 1 113 MSEK, forecast 1 076.
        Assert.Contains("Investeringarna hittills i år uppgår till 905 MSEK av årets budget 1 113 MSEK; prognosen för året är 1 076 MSEK", text);
        Assert.Matches(@"<td><strong>Totalt</strong></td><td></td><td class=""num"">1 113</td><td class=""num"">905</td><td class=""num"">1 076</td><td class=""num"">\u221237</td>", dom);
        // IT-VIS: 342 forecast against 310 decided, over the 5 % margin; NUS Norra's rest at +4,9 % stays within.
        Assert.Matches(@"IT-VIS Nytt vårdinformationssystem[^<]*</td><td>Regionstyrelsen</td><td class=""num"">310,0</td><td class=""num"">342,0</td><td class=""num"">32,0</td><td><span class=""status warning"">över marginalen</span>", dom);
        Assert.Matches(@"50,0</td><td><span class=""status ok"">inom marginalen</span>", dom);

        // Seed 000: the deficits of 2023 and 2024 under each year, −239 and −193 at the end of 2025; 859 still to restore.
        Assert.Matches(@"<td>2025</td><td>Prognos</td><td class=""num"">\u2212432</td><td class=""num"">\u2212427</td>.*?<td class=""num"">\u2212859</td><td><span class=""status warning"">återstår att återställa</span>", dom);
        Assert.Contains("Varav från 2023, återställs senast 2026", dom);
        Assert.Matches(@"Varav från 2024, återställs senast 2027</td><td class=""num""></td><td class=""num""></td><td class=""num""></td><td class=""num""></td><td class=""num"">\u2212193</td>", dom);
        Assert.DoesNotContain("status ok\">återställt</span></td></tr>\n<tr><td>2025", dom); // a deficit never gets a green badge
    }

    [Fact]
    public async Task The_finance_report_words_each_area_in_its_own_terms_and_shows_the_pension_commitment()
    {
        var dom = await DomAsync(PeriodReports.FinanceFile);
        var text = Text(dom);

        // Only the policy's limit areas "ligger inom samtliga limitar"; goals are counted, the balance requirement restored.
        Assert.Contains("Pensionsportföljen ligger inom samtliga limitar; varningar: Avkastning hittills i år minus avkastningskravet", text);
        Assert.Contains("Skuldportföljen ligger inom samtliga limitar", text);
        Assert.Contains("Finansiella mål: 0 av 4 uppfylls; uppfylls inte enligt prognos: Verksamhetens resultat i andel av skatter och bidrag", text);
        Assert.Contains("Balanskravet: underskotten återställs enligt plan (859,0 mnkr återstår att återställa)", text);
        Assert.Contains("Investeringsprojekten: över beslutad totalutgift och marginal: IT-VIS", text);
        Assert.DoesNotMatch("Finansiella mål[^<]*samtliga limitar|Balanskravet[^<]*samtliga limitar", dom);

        // Total active return −0,04 procentenheter (2,14 % against 2,18 %), not "0,0 %".
        Assert.Matches(@"<td>Totalt</td><td class=""num"">2,1 %</td><td class=""num"">2,2 %</td><td class=""num"">\u22120,04</td>", dom);
        Assert.Contains("Aktiv, procentenheter", dom);

        // The policy's exclusion categories in Swedish.
        Assert.Contains("Inga placeringar i exkluderade branscher: vapen, tobak, fossila bränslen", text);

        // The pension commitment, konsolideringsgrad and återlån (KpiCatalog labels).
        Assert.Contains("Avsättning för pensioner per 2025-10-31, MSEK", dom);
        Assert.Contains("<td>Konsolideringsgrad</td>", dom);
        Assert.Contains("<td>Återlånade medel, MSEK</td>", dom);

        // The cash forecast reaches 60 days without running out, so readiness is "minst".
        Assert.Contains("<td>Betalningsberedskap med kredit</td><td class=\"num\">minst 60 dagar</td>", dom);
    }

    [Theory]
    [InlineData(PeriodReports.MonthlyFile)]
    [InlineData(PeriodReports.FinanceFile)]
    public async Task No_chart_label_is_in_a_US_format(string file)
    {
        var dom = await DomAsync(file);
        var labels = SvgText().Matches(dom).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).Where(l => l.Length > 0).ToList();

        Assert.True(labels.Count > 20, $"{labels.Count} chart labels");
        Assert.All(labels, l =>
        {
            Assert.DoesNotMatch(@"\d,\d{3}(\D|$)", l);            // 1,200
            Assert.DoesNotMatch(@"\d\.\d", l);                    // 2.5
            Assert.DoesNotMatch(@"\d{1,2}/\d{1,2}/\d{2,4}", l);   // 10/29/2025
            Assert.DoesNotMatch(@"(^|\s)-\d", l);                 // a hyphen for minus
        });
        if (file == PeriodReports.MonthlyFile)
        {
            Assert.Contains(labels, l => l.StartsWith('\u2212'));                      // negative ticks with U+2212
            Assert.Contains("Hälso- och sjukvårdsnämnden", labels);                    // committees by name, not code
            Assert.DoesNotContain("HSN", labels);
        }
        else
        {
            Assert.Contains(labels, l => Regex.IsMatch(l, @"^\d{1,2} (nov|dec)\.?$")); // Swedish dates on the liquidity axis
        }
    }

    [GeneratedRegex(@"<p class=""lead"" id=""lead"">.*?</p>", RegexOptions.Singleline)]
    private static partial Regex Lead();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"<text[^>]*>([^<]*)</text>")]
    private static partial Regex SvgText();
}
