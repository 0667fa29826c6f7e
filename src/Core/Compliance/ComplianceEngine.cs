using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;

namespace Regfin.Core.Compliance;

/// <summary>What the rules of one period are judged on.</summary>
/// <param name="Period">The period.</param>
/// <param name="Positions">The pension portfolio's holdings at the period's holdings date; null when there are none.</param>
/// <param name="PositionsMissing">Why <paramref name="Positions"/> is null.</param>
/// <param name="Figures">The period's computed figures, which the range rules measure.</param>
/// <param name="WarningMargin">The policy's warning margin for shares.</param>
public sealed record ComplianceContext(Period Period, IReadOnlyList<Holding>? Positions, string? PositionsMissing,
    PeriodFigures Figures, decimal WarningMargin);

/// <summary>
/// Judges the rules of a policy for a period (policy.md): each rule kind computes its measured value
/// from the positions or the period's figures, and one judgement turns value and bounds into a status.
/// Then the rules produced for the period before but not now are written Ok with Measured 0 (a sold
/// breaching holding is resolved, not forgotten), and a summary row per area is added.
/// </summary>
public static class ComplianceEngine
{
    /// <summary>The Detail of a group whose positions are gone.</summary>
    public const string Resolved = "inga positioner omfattas längre (no positions any more: resolved)";

    /// <summary>Judges <paramref name="rules"/>.</summary>
    /// <param name="rules">The rules of the policy in force.</param>
    /// <param name="context">The period's positions and figures.</param>
    /// <param name="earlier">The checks of this period's previous evaluation.</param>
    public static IReadOnlyList<LimitCheck> Evaluate(IEnumerable<LimitRule> rules, ComplianceContext context, IEnumerable<LimitCheck>? earlier = null)
    {
        var checks = new List<LimitCheck>();
        foreach (var rule in rules)
        {
            switch (rule)
            {
                case RangeRule range:
                    checks.Add(Range(range, context));
                    break;
                case ExposureRule exposure:
                    checks.Add(Exposure(exposure, context));
                    break;
                case ConcentrationRule concentration:
                    checks.AddRange(Concentration(concentration, context));
                    break;
                case WeightedAverageRule average:
                    checks.Add(WeightedAverage(average, context));
                    break;
                default:
                    throw new NotSupportedException($"no judgement for rule kind {rule.Kind}");
            }
        }

        // A group that disappeared (a breaching holding sold) is resolved, not forgotten: written Ok
        // with Measured 0 while its rule stands. Only groups that were not Ok, so that a clean run and
        // a run that saw the breach agree on everything else.
        var produced = checks.Select(c => c.RuleId).ToHashSet(StringComparer.Ordinal);
        var prefixes = rules.OfType<ConcentrationRule>().Select(r => r.RuleId + ".").ToList();
        foreach (var gone in (earlier ?? []).Where(e => e.Kind == "Concentration" && !produced.Contains(e.RuleId)
            && prefixes.Any(p => e.RuleId.StartsWith(p, StringComparison.Ordinal))
            && (e.Status is LimitStatus.Warning or LimitStatus.Breach || e.Detail == Resolved)))
        {
            checks.Add(gone with { Measured = 0, Status = LimitStatus.Ok, Detail = Resolved });
        }

        checks.AddRange(Summaries(checks));
        return checks;
    }

    /// <summary>
    /// The status of <paramref name="value"/> against <paramref name="bounds"/>. Warning band (policy.md):
    /// for shares the policy's margin, for years, days and SEK 10 % of the interval (of the bound when
    /// there is one bound); no band on a bound equal to the normal value or at a natural end (0, or 1 for a share).
    /// </summary>
    public static LimitStatus Judge(decimal value, Bounds bounds, string unit, decimal margin, Judging judging, bool due)
    {
        var below = bounds.Min is { } min && value < min;
        var above = bounds.Max is { } max && value > max;
        if (below || above)
        {
            return judging switch
            {
                Judging.Limit => LimitStatus.Breach,
                Judging.YearEndGoal => due ? LimitStatus.Breach : LimitStatus.Warning,
                Judging.Target => LimitStatus.Warning,
                _ => due ? LimitStatus.Breach : LimitStatus.Ok,
            };
        }

        if (judging != Judging.Limit)
        {
            return LimitStatus.Ok;
        }

        var width = unit == "fraction" ? margin
            : bounds is { Min: { } lo, Max: { } hi } ? (hi - lo) / 10
            : Math.Abs(bounds.Min ?? bounds.Max ?? 0) / 10;
        bool Banded(decimal? bound) =>
            bound is { } b && b != bounds.Normal && b != 0 && !(unit == "fraction" && b == 1) && Math.Abs(value - b) <= width;
        return width > 0 && (Banded(bounds.Min) || Banded(bounds.Max)) ? LimitStatus.Warning : LimitStatus.Ok;
    }

    private static LimitCheck Range(RangeRule rule, ComplianceContext context)
    {
        var measure = rule.MeasureOf(context.Figures);
        LimitCheck Row(decimal? measured, LimitStatus status, string? detail) =>
            new(rule.RuleId, rule.Area, rule.Description, measured, rule.Bounds.Min, rule.Bounds.Max, rule.Unit, status, detail, rule.Kind);

        if (measure?.Value is not { } value)
        {
            return Row(null, LimitStatus.NotEvaluated, measure?.Reason ?? "värdet saknas (no value for the period)");
        }

        var due = rule.Judging == Judging.YearEndGoal ? context.Period.Month == 12 : measure.Due;
        var status = Judge(value, rule.Bounds, rule.Unit, context.WarningMargin, rule.Judging, due);
        if (measure.AtLeast && rule.Bounds.Min is { } min && value < min)
        {
            return Row(value, LimitStatus.NotEvaluated,
                $"prognosen räcker bara {SwedishFormat.InUnit(value, rule.Unit)}, kortare än minimum {SwedishFormat.InUnit(min, rule.Unit)} (forecast horizon shorter than the minimum)");
        }

        return Row(value, status, measure.Detail);
    }

    private static LimitCheck Exposure(ExposureRule rule, ComplianceContext context)
    {
        LimitCheck Row(decimal? measured, LimitStatus status, string? detail) =>
            new(rule.RuleId, rule.Area, rule.Description, measured, null, 0, rule.Unit, status, detail, rule.Kind);

        if (context.Positions is not { } positions)
        {
            return Row(null, LimitStatus.NotEvaluated, context.PositionsMissing);
        }

        var applies = positions.Where(rule.AppliesTo).ToList();
        var offending = applies.Where(rule.Offends).ToList();
        var unknown = rule.Unknown is null ? [] : applies.Where(rule.Unknown).ToList();
        var exposure = offending.Sum(h => h.MarketValue);
        if (exposure > 0)
        {
            return Row(exposure, LimitStatus.Breach, Instruments(offending));
        }

        return unknown.Count > 0
            ? Row(exposure, LimitStatus.NotEvaluated, "uppgift saknas för " + Instruments(unknown) + " (value missing)")
            : Row(0, LimitStatus.Ok, null);
    }

    private static IEnumerable<LimitCheck> Concentration(ConcentrationRule rule, ComplianceContext context)
    {
        if (context.Positions is not { } positions)
        {
            yield break;
        }

        var universe = positions.Where(rule.Universe).ToList();
        var total = universe.Sum(h => h.MarketValue);
        var groups = universe.Select(h => (Group: rule.GroupOf(h), Holding: h)).Where(g => g.Group is not null)
            .GroupBy(g => g.Group!, g => g.Holding, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var holdings = group.ToList();
            if (rule.LimitOf(holdings) is not { } limit)
            {
                continue;
            }

            var id = rule.RuleId + "." + group.Key;
            var description = rule.Description.Replace("{0}", group.Key, StringComparison.Ordinal);
            if (total == 0)
            {
                yield return new LimitCheck(id, rule.Area, description, null, null, limit, rule.Unit, LimitStatus.NotEvaluated, "marknadsvärdet är noll (zero market value)", rule.Kind);
                continue;
            }

            var share = holdings.Sum(h => h.MarketValue) / total;
            var status = Judge(share, new Bounds(null, limit), rule.Unit, context.WarningMargin, Judging.Limit, true);
            yield return new LimitCheck(id, rule.Area, description, share, null, limit, rule.Unit, status, Instruments(holdings), rule.Kind);
        }
    }

    private static LimitCheck WeightedAverage(WeightedAverageRule rule, ComplianceContext context)
    {
        LimitCheck Row(decimal? measured, LimitStatus status, string? detail) =>
            new(rule.RuleId, rule.Area, rule.Description, measured, rule.Bounds.Min, rule.Bounds.Max, rule.Unit, status, detail, rule.Kind);

        if (context.Positions is not { } positions)
        {
            return Row(null, LimitStatus.NotEvaluated, context.PositionsMissing);
        }

        var applies = positions.Where(rule.AppliesTo).ToList();
        var unknown = applies.Where(h => rule.Value(h) is null).ToList();
        if (unknown.Count > 0)
        {
            return Row(null, LimitStatus.NotEvaluated, "uppgift saknas för " + Instruments(unknown) + " (value missing)");
        }

        var weight = applies.Sum(h => h.MarketValue);
        if (weight == 0)
        {
            return Row(null, LimitStatus.NotEvaluated, "inga positioner att väga (no positions)");
        }

        var average = applies.Sum(h => h.MarketValue * rule.Value(h)!.Value) / weight;
        var status = Judge(average, rule.Bounds, rule.Unit, context.WarningMargin, Judging.Limit, true);
        var outside = status == LimitStatus.Ok ? null
            : string.Join(", ", applies.OrderByDescending(h => rule.Value(h)).Take(5).Select(h => $"{h.Label} ({SwedishFormat.Number(rule.Value(h)!.Value, 1)})"));
        return Row(average, status, outside);
    }

    /// <summary><c>summary.{area}</c>: Breach if any rule is Breach, else Incomplete if any is NotEvaluated, else Ok.</summary>
    private static IEnumerable<LimitCheck> Summaries(IReadOnlyList<LimitCheck> checks)
    {
        foreach (var area in checks.GroupBy(c => c.Area, StringComparer.Ordinal).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var breaches = area.Where(c => c.Status == LimitStatus.Breach).Select(c => c.RuleId).ToList();
            var open = area.Where(c => c.Status == LimitStatus.NotEvaluated).Select(c => c.RuleId).ToList();
            var warnings = area.Where(c => c.Status == LimitStatus.Warning).Select(c => c.RuleId).ToList();
            var status = breaches.Count > 0 ? LimitStatus.Breach : open.Count > 0 ? LimitStatus.Incomplete : LimitStatus.Ok;
            var parts = new List<string>();
            if (breaches.Count > 0) parts.Add("brott: " + string.Join(", ", breaches));
            if (open.Count > 0) parts.Add("ej bedömda: " + string.Join(", ", open));
            if (warnings.Count > 0) parts.Add("varningar: " + string.Join(", ", warnings));
            parts.Insert(0, status switch
            {
                LimitStatus.Breach => $"{AreaSwedish(area.Key)}: minst en limit är överskriden",
                LimitStatus.Incomplete => $"{AreaSwedish(area.Key)}: inga överskridanden, men allt kunde inte bedömas",
                _ => $"{AreaSwedish(area.Key)} ligger inom samtliga limitar",
            });
            yield return new LimitCheck("summary." + area.Key.ToLowerInvariant(), area.Key, $"{AreaSwedish(area.Key)}: sammanfattning av samtliga regler",
                area.Count(), null, null, "rules", status, string.Join("; ", parts), LimitCheck.SummaryKind);
        }
    }

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

    private static string Instruments(IEnumerable<Holding> holdings) =>
        string.Join(", ", holdings.OrderByDescending(h => h.MarketValue).ThenBy(h => h.InstrumentId, StringComparer.Ordinal)
            .Select(h => $"{h.Label} ({SwedishFormat.Msek(h.MarketValue)})"));
}
