using Azure.Data.Tables;
using Regfin.Core.Alerts;
using Regfin.Core.Compliance;
using Regfin.Core.Forecast;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Compliance;

/// <summary>
/// The words the board reads (policy.md): goals, limits, committees, the balance requirement and
/// investments each in their own words, in summaries, alerts and their payloads.
/// </summary>
public sealed class BoardWordsTests
{
    private static readonly Period October = new(2025, 10);
    private static readonly Period December = new(2025, 12);

    private static LimitCheck Check(string ruleId, string area, LimitStatus status, string description, string? detail = null, decimal? measured = null) =>
        new(ruleId, area, description, measured, null, null, "fraction", status, detail, "Range");

    private static readonly LimitCheck ResultGoal = Check("goal.result", "Goals", LimitStatus.Warning, "Verksamhetens resultat i andel av skatter och bidrag",
        ForecastSources.OnForecast + " (beräknad prognos)", 0.006m);

    private static readonly LimitCheck DebtGoal = Check("goal.debt", "Goals", LimitStatus.Warning, "Räntebärande skulder i andel av skatter och bidrag", null, 0.231m);

    [Fact]
    public void A_goal_is_never_summarised_as_within_every_limit()
    {
        var summary = BoardWords.Summary("Goals", LimitStatus.Ok, [ResultGoal, DebtGoal, Check("goal.equityratio", "Goals", LimitStatus.Ok, "Soliditet")], October);

        Assert.Equal("Finansiella mål: 1 av 3 uppfylls; uppfylls inte enligt prognos: Verksamhetens resultat i andel av skatter och bidrag; "
            + "ej uppfyllt per 2025-10: Räntebärande skulder i andel av skatter och bidrag", summary);
        Assert.DoesNotContain("limit", summary, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Finansiella mål: samtliga 1 uppfylls", BoardWords.Summary("Goals", LimitStatus.Ok, [Check("g", "Goals", LimitStatus.Ok, "Soliditet")], October));

        // Not "samtliga" while a goal cannot be judged, nor when none can.
        var open = Check("goal.selffinancing", "Goals", LimitStatus.NotEvaluated, "Självfinansieringsgrad");
        Assert.StartsWith("Finansiella mål: 1 av 1 som kan bedömas uppfylls; kan inte bedömas: Självfinansieringsgrad",
            BoardWords.Summary("Goals", LimitStatus.Incomplete, [Check("g", "Goals", LimitStatus.Ok, "Soliditet"), open], October), StringComparison.Ordinal);
        Assert.StartsWith("Finansiella mål: inget kunde bedömas", BoardWords.Summary("Goals", LimitStatus.Incomplete, [open], October), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_policy_limit_areas_lie_within_every_limit_and_an_ok_summary_names_its_warnings()
    {
        var requirement = Check("pension.return.requirement", "Pension", LimitStatus.Warning, "Avkastning hittills i år minus avkastningskravet");
        Assert.Equal("Pensionsportföljen ligger inom samtliga limitar; varningar: Avkastning hittills i år minus avkastningskravet",
            BoardWords.Summary("Pension", LimitStatus.Ok, [requirement, Check("pension.supervised", "Pension", LimitStatus.Ok, "Tillsyn")], October));
        Assert.Equal("Skuldportföljen: limitbrott: Största enskilda långivares andel",
            BoardWords.Summary("Debt", LimitStatus.Breach, [Check("debt.lender.single", "Debt", LimitStatus.Breach, "Största enskilda långivares andel")], October));
        Assert.Equal("Nämnderna: över ramen enligt prognos: Regionstyrelsen: nettokostnadsutveckling 2026 högst 2,0 %",
            BoardWords.Summary("Committee", LimitStatus.Ok,
                [Check("committee.RS.netcostgrowth", "Committee", LimitStatus.Warning, "Regionstyrelsen: nettokostnadsutveckling 2026 högst 2,0 %", ForecastSources.OnForecast)], October));
        Assert.Equal("Nämnderna håller sig inom ramen", BoardWords.Summary("Committee", LimitStatus.Ok, [Check("c", "Committee", LimitStatus.Ok, "RS")], October));

        // Seed 000 at the end of 2025: 239 + 193 + 427 = 859 MSEK still to restore, within their deadlines.
        LimitCheck Deficit(int origin, decimal remaining, LimitStatus status) =>
            new($"balancereq.{origin}", "BalanceRequirement", $"Negativt balanskravsresultat {origin}", remaining * 1_000_000m, 0, null, "SEK", status, null, "Range");
        Assert.Equal("Balanskravet: underskotten återställs enligt plan (859,0\u00A0mnkr återstår att återställa)",
            BoardWords.Summary("BalanceRequirement", LimitStatus.Ok, [Deficit(2023, -239, LimitStatus.Ok), Deficit(2024, -193, LimitStatus.Ok), Deficit(2025, -427, LimitStatus.Ok)], October));
        Assert.StartsWith("Balanskravet: återställs inte i tid: Negativt balanskravsresultat 2023",
            BoardWords.Summary("BalanceRequirement", LimitStatus.Breach, [Deficit(2023, -50, LimitStatus.Breach)], new Period(2027, 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Goals", LimitStatus.Ok, true, "uppfylls enligt prognos")]
    [InlineData("Goals", LimitStatus.Ok, false, "uppfyllt")]
    [InlineData("Goals", LimitStatus.Warning, true, "uppfylls inte enligt prognos")]
    [InlineData("Goals", LimitStatus.Breach, false, "ej uppfyllt")]
    [InlineData("Debt", LimitStatus.Ok, false, "inom limit")]
    [InlineData("Pension", LimitStatus.Warning, false, "varning")]
    [InlineData("Liquidity", LimitStatus.Breach, false, "limitbrott")]
    [InlineData("Committee", LimitStatus.Ok, true, "inom ramen")]
    [InlineData("Committee", LimitStatus.Warning, true, "över ramen enligt prognos")]
    [InlineData("Committee", LimitStatus.Breach, false, "över ramen")]
    [InlineData("BalanceRequirement", LimitStatus.Ok, false, "återställs enligt plan")]
    [InlineData("BalanceRequirement", LimitStatus.Breach, false, "återställs inte i tid")]
    [InlineData("Investments", LimitStatus.Warning, false, "över marginalen")]
    [InlineData("Investments", LimitStatus.Ok, false, "inom marginalen")]
    [InlineData("Goals", LimitStatus.NotEvaluated, false, "kan inte bedömas")]
    public void Each_family_has_its_own_status_words(string area, LimitStatus status, bool onForecast, string words) =>
        Assert.Equal(words, BoardWords.Status(BoardWords.FamilyOf(area), status, onForecast, December));

    [Fact]
    public void A_missed_goal_raises_an_alert_in_its_own_words_in_the_message_the_Teams_card_and_the_generic_payload()
    {
        var alert = Assert.Single(AlertDetector.Detect(October, [ResultGoal], new Dictionary<string, (string, int)>(), "2024-12-01", DateTimeOffset.UnixEpoch));
        Assert.StartsWith("Mål uppfylls inte enligt prognos 2025-10: Verksamhetens resultat i andel av skatter och bidrag. Prognos 0,6\u00A0%", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Limitbrott", alert.Message, StringComparison.Ordinal);

        var row = new TableEntity("2025-10", alert.AlertId)
        {
            ["RuleId"] = alert.RuleId, ["Area"] = alert.Area, ["FromStatus"] = alert.FromStatus, ["ToStatus"] = alert.ToStatus,
            ["Message"] = alert.Message, ["IdempotencyKey"] = alert.IdempotencyKey, ["PolicyVersion"] = "2024-12-01",
        };
        var card = System.Text.RegularExpressions.Regex.Unescape(AlertPayloads.Text(AlertPayloads.Teams(row))); // the JSON escapes å, ä, ö
        Assert.Contains("\"text\":\"Mål uppfylls inte enligt prognos (2025-10)\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Status\",\"value\":\"ny \u2192 uppfylls inte enligt prognos\"", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2192 Warning", card, StringComparison.Ordinal);
        var generic = AlertPayloads.Generic(row);
        Assert.Equal(("Mål uppfylls inte enligt prognos", "ny", "uppfylls inte enligt prognos", "Warning"),
            ((string)generic["headline"]!, (string)generic["fromStatusText"]!, (string)generic["toStatusText"]!, (string)generic["toStatus"]!));
    }

    [Fact]
    public void The_English_gloss_of_a_reason_is_left_out_for_the_board()
    {
        Assert.Equal("ingen huvudbok för 2025-03", BoardWords.Swedish("ingen huvudbok för 2025-03 (no ledger for these months)"));
        Assert.Equal("konton utan rad i kontoplanen: 9910", BoardWords.Swedish("konton utan rad i kontoplanen (accounts no report line maps): 9910"));
        Assert.Equal("Stadshypotek (AAA)", BoardWords.Swedish("Stadshypotek (AAA)")); // brackets that are not a gloss stay
    }

    [Fact]
    public void A_limit_keeps_its_words_and_its_resolution_is_named()
    {
        var breach = Check("pension.issuer.X", "Pension", LimitStatus.Breach, "Emittenten X");
        Assert.Equal("Limitbrott", BoardWords.Headline(breach, null));
        Assert.Equal("Åtgärdat limitbrott", BoardWords.Headline(breach with { Status = LimitStatus.Ok }, "Breach"));
        Assert.Equal("Över ramen", BoardWords.Headline(Check("committee.RS.netcostgrowth", "Committee", LimitStatus.Breach, "RS"), null));
        Assert.Equal("Mål ej uppfyllt", BoardWords.Headline(DebtGoal with { Status = LimitStatus.Breach }, "Warning"));
    }
}
