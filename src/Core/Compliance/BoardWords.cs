using Regfin.Core.Forecast;
using Regfin.Core.Primitives;

namespace Regfin.Core.Compliance;

/// <summary>What a rule judges, which decides the words the board reads for its status (policy.md).</summary>
public enum RuleFamily
{
    /// <summary>A financial goal (area Goals): uppfyllt, uppfylls (inte) enligt prognos, ej uppfyllt.</summary>
    Goal,
    /// <summary>A limit of the finance policy (Pension, Debt, Liquidity): inom limit, varning, limitbrott.</summary>
    Limit,
    /// <summary>A committee's ceiling (area Committee): inom ramen, över ramen enligt prognos, över ramen.</summary>
    Committee,
    /// <summary>The balance requirement (area BalanceRequirement): återställs enligt plan, återställs inte i tid.</summary>
    BalanceRequirement,
    /// <summary>An investment project's total against the decided total: a target the council follows, never a limit.</summary>
    Target,
}

/// <summary>
/// The words the board reads (policy.md): goals, policy limits, committees and the balance
/// requirement each in their own words — in the pages, the console summary, the summary rows of
/// limitchecks and the alerts. The one home of these words: a missed goal is never called a limit
/// breach, and only the policy's limit areas "ligger inom samtliga limitar".
/// </summary>
public static partial class BoardWords
{
    /// <summary>The family of a rule's area.</summary>
    public static RuleFamily FamilyOf(string area) => area switch
    {
        "Goals" => RuleFamily.Goal,
        "Committee" => RuleFamily.Committee,
        "BalanceRequirement" => RuleFamily.BalanceRequirement,
        "Investments" => RuleFamily.Target,
        _ => RuleFamily.Limit,
    };

    /// <summary>True when the check was judged on the full-year forecast (its Detail says so).</summary>
    public static bool OnForecast(LimitCheck check) => check.Detail?.StartsWith(ForecastSources.OnForecast, StringComparison.Ordinal) == true;

    /// <summary>The status of a rule in its family's words, e.g. "uppfylls inte enligt prognos" or "limitbrott".</summary>
    public static string Status(LimitCheck check, Period period) => Status(FamilyOf(check.Area), check.Status, OnForecast(check), period);

    /// <summary>The status of a rule of <paramref name="family"/> in its words.</summary>
    /// <param name="family">What the rule judges.</param>
    /// <param name="status">Its status.</param>
    /// <param name="onForecast">Judged on the full-year forecast (before December).</param>
    /// <param name="period">The period (a goal missed on actuals before December is "ej uppfyllt per" the period).</param>
    public static string Status(RuleFamily family, LimitStatus status, bool onForecast, Period period) => (family, status) switch
    {
        (_, LimitStatus.NotEvaluated) => "kan inte bedömas",
        (_, LimitStatus.Incomplete) => "kan inte bedömas helt",
        (RuleFamily.Goal, LimitStatus.Ok) => onForecast ? "uppfylls enligt prognos" : "uppfyllt",
        (RuleFamily.Goal, LimitStatus.Warning) => onForecast ? "uppfylls inte enligt prognos" : $"ej uppfyllt per {period}",
        (RuleFamily.Goal, _) => "ej uppfyllt",
        (RuleFamily.Committee, LimitStatus.Ok) => "inom ramen",
        (RuleFamily.Committee, LimitStatus.Warning) => onForecast ? "över ramen enligt prognos" : $"över ramen per {period}",
        (RuleFamily.Committee, _) => "över ramen",
        (RuleFamily.BalanceRequirement, LimitStatus.Breach) => "återställs inte i tid",
        (RuleFamily.BalanceRequirement, _) => "återställs enligt plan",
        (RuleFamily.Target, LimitStatus.Ok) => "inom marginalen",
        (RuleFamily.Target, _) => "över marginalen",
        (_, LimitStatus.Ok) => "inom limit",
        (_, LimitStatus.Warning) => "varning",
        _ => "limitbrott",
    };

    /// <summary>
    /// The sentence of an area's summary row (the board's first line about the area): only the
    /// policy's limit areas "ligger inom samtliga limitar"; goals are counted, committees are within or
    /// over their ceilings, the balance requirement is restored as planned or not in time. An Ok
    /// summary that holds warnings names them.
    /// </summary>
    /// <param name="area">The area.</param>
    /// <param name="status">The summary's status (Ok, Breach, Incomplete).</param>
    /// <param name="checks">The area's rules.</param>
    /// <param name="period">The period.</param>
    public static string Summary(string area, LimitStatus status, IReadOnlyList<LimitCheck> checks, Period period)
    {
        string Named(IEnumerable<LimitCheck> rules) => string.Join(", ", rules.Select(c => c.Description));
        string Grouped(IEnumerable<LimitCheck> rules) => string.Join("; ",
            rules.GroupBy(c => Status(c, period)).Select(g => $"{g.Key}: {Named(g)}"));

        var breaches = checks.Where(c => c.Status == LimitStatus.Breach).ToList();
        var warnings = checks.Where(c => c.Status == LimitStatus.Warning).ToList();
        var open = checks.Where(c => c.Status == LimitStatus.NotEvaluated).ToList();
        var name = AreaSwedish(area);
        var sentence = FamilyOf(area) switch
        {
            RuleFamily.Goal => GoalSentence(checks, period),
            RuleFamily.Committee => breaches.Count + warnings.Count == 0 ? "Nämnderna håller sig inom ramen" : "Nämnderna: " + Grouped(breaches.Concat(warnings)),
            RuleFamily.BalanceRequirement => (breaches.Count > 0 ? "Balanskravet: återställs inte i tid: " + Named(breaches) : "Balanskravet: underskotten återställs enligt plan")
                + (checks.Sum(c => c.Measured ?? 0) is < 0 and var remaining ? $" ({SwedishFormat.Msek(-remaining)} återstår att återställa)" : ""),
            RuleFamily.Target => breaches.Count + warnings.Count == 0 ? $"{name} håller sig inom beslutad totalutgift och marginal" : $"{name}: över beslutad totalutgift och marginal: {Named(breaches.Concat(warnings))}",
            _ => status switch
            {
                LimitStatus.Breach => $"{name}: limitbrott: {Named(breaches)}",
                LimitStatus.Incomplete => $"{name}: inga limitbrott, men allt kunde inte bedömas",
                _ => $"{name} ligger inom samtliga limitar",
            },
        };

        var parts = new List<string> { sentence };
        if (FamilyOf(area) == RuleFamily.Limit && warnings.Count > 0)
        {
            parts.Add("varningar: " + Named(warnings));
        }

        if (open.Count > 0)
        {
            parts.Add("kan inte bedömas: " + Named(open));
        }

        return string.Join("; ", parts);
    }

    /// <summary>"Finansiella mål: 1 av 4 uppfylls; uppfylls inte enligt prognos: …".</summary>
    private static string GoalSentence(IReadOnlyList<LimitCheck> checks, Period period)
    {
        var met = checks.Count(c => c.Status == LimitStatus.Ok);
        var judged = checks.Count(c => c.Status != LimitStatus.NotEvaluated);
        if (judged == 0)
        {
            return "Finansiella mål: inget kunde bedömas";
        }

        var missed = checks.Where(c => c.Status is LimitStatus.Warning or LimitStatus.Breach)
            .GroupBy(c => Status(c, period)).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Description))}");
        var head = met == checks.Count ? $"Finansiella mål: samtliga {met} uppfylls"
            : judged == checks.Count ? $"Finansiella mål: {met} av {judged} uppfylls"
            : $"Finansiella mål: {met} av {judged} som kan bedömas uppfylls";
        return string.Join("; ", missed.Prepend(head));
    }

    /// <summary>
    /// The headline of an alert: what happened in the rule's own words, e.g. "Mål uppfylls inte
    /// enligt prognos", "Limitbrott", "Över ramen enligt prognos", "Återställs inte i tid".
    /// </summary>
    public static string Headline(LimitCheck check, string? from)
    {
        var onForecast = OnForecast(check);
        return (FamilyOf(check.Area), check.Status) switch
        {
            (RuleFamily.Goal, LimitStatus.Warning) => onForecast ? "Mål uppfylls inte enligt prognos" : "Mål ej uppfyllt per",
            (RuleFamily.Goal, LimitStatus.Breach) => "Mål ej uppfyllt",
            (RuleFamily.Goal, _) => onForecast ? "Mål uppfylls enligt prognos igen" : "Mål uppfyllt igen",
            (RuleFamily.Committee, LimitStatus.Warning) => onForecast ? "Över ramen enligt prognos" : "Över ramen hittills i år",
            (RuleFamily.Committee, LimitStatus.Breach) => "Över ramen",
            (RuleFamily.Committee, _) => "Inom ramen igen",
            (RuleFamily.BalanceRequirement, LimitStatus.Breach) => "Balanskravet återställs inte i tid",
            (RuleFamily.BalanceRequirement, _) => "Balanskravet återställs enligt plan igen",
            (RuleFamily.Target, LimitStatus.Warning or LimitStatus.Breach) => "Investering över beslutad totalutgift",
            (RuleFamily.Target, _) => "Investering inom beslutad totalutgift igen",
            (_, LimitStatus.Breach) => "Limitbrott",
            (_, LimitStatus.Warning) => "Varning",
            _ => from == nameof(LimitStatus.Breach) ? "Åtgärdat limitbrott" : "Åtgärdad varning",
        };
    }

    /// <summary>
    /// The worst of an area's rules (Breach, then Warning, then NotEvaluated, then Ok): the rule whose
    /// words a summary's badge shows, since an Ok summary may hold warnings; null without rules.
    /// </summary>
    public static LimitCheck? Worst(IEnumerable<LimitCheck> rules) => rules.Where(c => !c.IsSummary).MaxBy(c => c.Status switch
    {
        LimitStatus.Breach => 3,
        LimitStatus.Warning => 2,
        LimitStatus.NotEvaluated => 1,
        _ => 0,
    });

    /// <summary>What a measured value is called in a message: a rule judged on a forecast (the full-year forecast, an investment's forecast total) measured a Prognos.</summary>
    public static string Measured(LimitCheck check) => OnForecast(check) || FamilyOf(check.Area) == RuleFamily.Target ? "Prognos" : "Utfall";

    /// <summary>
    /// A Reason or Detail as the board reads it: the Swedish text without the English gloss that
    /// follows it in brackets ("ingen huvudbok för 2025-03 (no ledger for these months)").
    /// </summary>
    public static string Swedish(string text) => EnglishGloss().Replace(text, "");

    /// <summary>The state of a year's deficit in the balance requirement's words.</summary>
    public static string Deficit(BalanceRequirement.OriginStatus status) => status switch
    {
        BalanceRequirement.OriginStatus.Overdue => "återställs inte i tid",
        BalanceRequirement.OriginStatus.Restored => "återställt",
        _ => "återställs enligt plan",
    };

    /// <summary>The Swedish word for the kind of a year's balance-requirement result.</summary>
    public static string ResultKind(BalanceRequirement.ResultKind kind) => kind switch
    {
        BalanceRequirement.ResultKind.Actual => "Utfall",
        BalanceRequirement.ResultKind.Forecast => "Prognos",
        BalanceRequirement.ResultKind.Plan => "Plan",
        _ => "Hittills i år",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@" \((?:no|a|an|the|not|fewer|accounts|value|zero|forecast|prior|nothing)\b[^()]*\)")]
    private static partial System.Text.RegularExpressions.Regex EnglishGloss();

    /// <summary>A stored status (Ok, Warning, Breach …) of a rule of <paramref name="area"/> in its family's words; "ny" for none.</summary>
    public static string StatusWord(string area, string? status, Period period, bool onForecast = false) =>
        status is null ? "ny" : Enum.TryParse<LimitStatus>(status, out var s) ? Status(FamilyOf(area), s, onForecast, period) : status;

    /// <summary>The Swedish name of an area.</summary>
    public static string AreaSwedish(string area) => area switch
    {
        "Pension" => "Pensionsportföljen",
        "Debt" => "Skuldportföljen",
        "Liquidity" => "Likviditeten",
        "Goals" => "Finansiella mål",
        "Committee" => "Nämndernas kostnadsutveckling",
        "BalanceRequirement" => "Balanskravet",
        "Investments" => "Investeringsprojekten",
        _ => area,
    };
}
