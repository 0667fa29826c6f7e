namespace Regfin.Core.Compliance;

/// <summary>The outcome of judging one rule for one period (policy.md).</summary>
public enum LimitStatus
{
    /// <summary>Within the limit (and outside its warning band).</summary>
    Ok,
    /// <summary>Within the limit but close to it, or a goal/target missed before it is due.</summary>
    Warning,
    /// <summary>Outside the limit (a year-end goal: missed in December; a deficit: overdue).</summary>
    Breach,
    /// <summary>Could not be judged: an input is missing; Detail says which.</summary>
    NotEvaluated,
    /// <summary>Summary rows only: no breach, but some rule of the area could not be judged.</summary>
    Incomplete,
}

/// <summary>How a measure's position relative to its bounds becomes a status.</summary>
public enum Judging
{
    /// <summary>A limit: outside is Breach; inside but within the warning band is Warning.</summary>
    Limit,
    /// <summary>A full-year goal: the wrong side is Warning before December and Breach in December.</summary>
    YearEndGoal,
    /// <summary>A target, not a limit: the wrong side is Warning, never Breach (the return requirement).</summary>
    Target,
    /// <summary>A deadline: the wrong side is Breach once the measure is due, Ok before (a deficit within its restoration period).</summary>
    Deadline,
}

/// <summary>Bounds of a rule, with the normal (target) value between them if the policy gives one.</summary>
/// <param name="Min">The lowest allowed value, if any.</param>
/// <param name="Max">The highest allowed value, if any.</param>
/// <param name="Normal">The normal allocation or target; a bound equal to it has no warning band.</param>
public sealed record Bounds(decimal? Min, decimal? Max, decimal? Normal = null);

/// <summary>
/// A figure a range rule judges, computed from the period's data; null with a reason when it cannot
/// be computed.
/// </summary>
/// <param name="Value">The figure.</param>
/// <param name="Reason">Why the value is null.</param>
/// <param name="Detail">What stands behind the value (e.g. the largest lender), for the check's Detail.</param>
/// <param name="Due">For <see cref="Judging.Deadline"/>: whether the deadline has passed.</param>
/// <param name="AtLeast">The value is a lower bound (a forecast horizon that ended first): a shortfall is not judged.</param>
public sealed record Measure(decimal? Value, string? Reason = null, string? Detail = null, bool Due = true, bool AtLeast = false);

/// <summary>One row of the limitchecks table: a rule judged for a period under a policy version.</summary>
/// <param name="RuleId">The rule, e.g. <c>pension.allocation.Equity</c> or <c>pension.issuer.Stadshypotek</c>.</param>
/// <param name="Area">Pension, Debt, Liquidity, Goals, Committee or BalanceRequirement.</param>
/// <param name="Description">What the rule says, in Swedish.</param>
/// <param name="Measured">The measured value.</param>
/// <param name="Min">The lower bound, if any.</param>
/// <param name="Max">The upper bound, if any.</param>
/// <param name="Unit">fraction, years, days or SEK.</param>
/// <param name="Status">The judgement.</param>
/// <param name="Detail">The instruments behind a breach, or why it was not evaluated.</param>
/// <param name="Kind">The rule kind (Range, Exposure, Concentration, WeightedAverage, Summary).</param>
public sealed record LimitCheck(string RuleId, string Area, string Description, decimal? Measured, decimal? Min, decimal? Max, string? Unit,
    LimitStatus Status, string? Detail, string Kind)
{
    /// <summary>The kind of a check that sums up an area (<see cref="IsSummary"/>).</summary>
    public const string SummaryKind = "Summary";

    /// <summary>True for the check that sums up an area's rules ("… ligger inom samtliga limitar").</summary>
    public bool IsSummary => Kind == SummaryKind;
}
