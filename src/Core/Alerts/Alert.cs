using System.Globalization;
using Regfin.Core.Compliance;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Alerts;

/// <summary>
/// A change of a rule's status in a period (policy.md, Alerts): raised once, written to the
/// <c>alerts</c> table (the outbox) before any delivery, and delivered to every channel until it
/// succeeds.
/// </summary>
/// <param name="Period">The period judged.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Area">Its area.</param>
/// <param name="Sequence">The number of this alert among the rule's alerts in the period (1, 2, …).</param>
/// <param name="FromStatus">The status before; null for the period's first evaluation.</param>
/// <param name="ToStatus">The status now: Warning, Breach, or Ok (resolved).</param>
/// <param name="Message">What, how much, against which limit and policy version, in Swedish.</param>
/// <param name="Measured">The measured value.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="PolicyVersion">The policy version that judged it.</param>
/// <param name="RaisedAt">When it was raised.</param>
public sealed record Alert(Period Period, string RuleId, string Area, int Sequence, string? FromStatus, string ToStatus, string Message,
    decimal? Measured, string? Unit, string PolicyVersion, DateTimeOffset RaisedAt)
{
    /// <summary>The alert's id within its period: the rule id (key-encoded) and the sequence number.</summary>
    public string AlertId => KeyCodec.Encode(RuleId) + "-" + Sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The key a receiver deduplicates on, derived from period, rule and sequence only: the same
    /// alert has the same key on every delivery attempt, after a replay and on every host.
    /// </summary>
    public string IdempotencyKey => Storage.KeyCodec.Hash($"{Period}|{RuleId}|{Sequence}", 32);

    /// <summary>True for a Breach or Warning returning to Ok.</summary>
    public bool IsResolution => ToStatus == nameof(LimitStatus.Ok);
}

/// <summary>
/// Decides which alerts an evaluation raises (policy.md): a rule whose status differs from the
/// status its latest alert in the period left (Ok when there is none) raises one. NotEvaluated and
/// summaries never raise; evaluating again without a change raises nothing.
/// </summary>
public static class AlertDetector
{
    /// <summary>The alerts <paramref name="checks"/> raise given each rule's latest alert in the period.</summary>
    /// <param name="period">The period.</param>
    /// <param name="checks">The period's new evaluation.</param>
    /// <param name="latest">Per rule id, the ToStatus and sequence of its latest alert in the period.</param>
    /// <param name="policyVersion">The version that judged.</param>
    /// <param name="now">The time of raising.</param>
    public static IReadOnlyList<Alert> Detect(Period period, IEnumerable<LimitCheck> checks,
        IReadOnlyDictionary<string, (string Status, int Sequence)> latest, string policyVersion, DateTimeOffset now)
    {
        var alerts = new List<Alert>();
        foreach (var check in checks.Where(c => !c.IsSummary && c.Status is LimitStatus.Ok or LimitStatus.Warning or LimitStatus.Breach))
        {
            var known = latest.TryGetValue(check.RuleId, out var last);
            var current = known ? last.Status : nameof(LimitStatus.Ok);
            var status = check.Status.ToString();
            if (status == current)
            {
                continue;
            }

            alerts.Add(new Alert(period, check.RuleId, check.Area, (known ? last.Sequence : 0) + 1, known ? current : null, status,
                Message(period, check, known ? current : null, policyVersion), check.Measured, check.Unit, policyVersion, now));
        }

        return alerts;
    }

    /// <summary>
    /// The Swedish message: what happened in the rule's own words (<see cref="BoardWords.Headline"/>),
    /// the measured value (Prognos or Utfall) against the bound, the policy version, the detail.
    /// </summary>
    public static string Message(Period period, LimitCheck check, string? from, string policyVersion)
    {
        var headline = BoardWords.Headline(check, from);
        var measured = check.Measured is { } m ? SwedishFormat.InUnit(m, check.Unit) : "–";
        var bound = (check.Min, check.Max) switch
        {
            ({ } lo, { } hi) => $"intervallet {SwedishFormat.InUnit(lo, check.Unit)}–{SwedishFormat.InUnit(hi, check.Unit)}",
            ({ } lo, null) => $"lägst {SwedishFormat.InUnit(lo, check.Unit)}",
            (null, { } hi) => $"högst {SwedishFormat.InUnit(hi, check.Unit)}",
            _ => "gränsen",
        };
        var figure = BoardWords.Measured(check);
        var text = $"{headline} {period}: {check.Description}. {figure} {measured} mot {bound} (finanspolicy {policyVersion}).";
        return check.Detail is { Length: > 0 } detail ? $"{text} {detail}" : text;
    }
}
