using Regfin.Core.Portfolio;

namespace Regfin.Core.Compliance;

/// <summary>
/// A rule of the finance policy, of one of a few kinds (in the manner of a compliance engine over
/// positions: a rule is a measure, a filter and bounds, not code per policy sentence).
/// </summary>
/// <param name="RuleId">The rule's id in limitchecks (for a concentration rule, the prefix before the group).</param>
/// <param name="Area">The policy area.</param>
/// <param name="Description">What it says, in Swedish.</param>
/// <param name="Unit">fraction, years, days or SEK.</param>
public abstract record LimitRule(string RuleId, string Area, string Description, string Unit)
{
    /// <summary>The kind's name, as written in limitchecks and dimrule.</summary>
    public abstract string Kind { get; }
}

/// <summary>A figure of the period, which the rule itself picks from the period's figures, kept within bounds.</summary>
/// <param name="RuleId">The rule id.</param>
/// <param name="Area">The area.</param>
/// <param name="Description">Swedish description.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Bounds">Min, max and normal.</param>
/// <param name="MeasureOf">The rule's measure: its figure of the period, or null when the period has none (NotEvaluated).</param>
/// <param name="Judging">Limit, year-end goal, target or deadline.</param>
public sealed record RangeRule(string RuleId, string Area, string Description, string Unit, Bounds Bounds, Func<PeriodFigures, Measure?> MeasureOf,
    Judging Judging = Judging.Limit)
    : LimitRule(RuleId, Area, Description, Unit)
{
    /// <inheritdoc />
    public override string Kind => "Range";
}

/// <summary>
/// Market value that must be zero: the positions <paramref name="Offends"/> selects among those
/// <paramref name="AppliesTo"/> selects (unhedged foreign fixed income, unsupervised, below the rating
/// floor, excluded categories). A position for which <paramref name="Unknown"/> is true lacks the
/// value the rule needs and makes the rule NotEvaluated.
/// </summary>
/// <param name="RuleId">The rule id.</param>
/// <param name="Area">The area.</param>
/// <param name="Description">Swedish description.</param>
/// <param name="AppliesTo">The positions the rule looks at.</param>
/// <param name="Offends">Those that breach it.</param>
/// <param name="Unknown">Those it cannot judge (null: none).</param>
public sealed record ExposureRule(string RuleId, string Area, string Description, Func<Holding, bool> AppliesTo, Func<Holding, bool> Offends,
    Func<Holding, bool>? Unknown = null) : LimitRule(RuleId, Area, Description, "SEK")
{
    /// <inheritdoc />
    public override string Kind => "Exposure";
}

/// <summary>
/// The share of each group (issuer, fund manager) in a universe of positions, each group against its
/// own limit; one limit-check row per group, <c>{RuleId}.{group}</c>.
/// </summary>
/// <param name="RuleId">The id prefix, e.g. <c>pension.issuer</c>.</param>
/// <param name="Area">The area.</param>
/// <param name="Description">Swedish description; <c>{0}</c> is replaced by the group.</param>
/// <param name="Universe">The positions the share is of (the denominator).</param>
/// <param name="GroupOf">The group of a position in the universe, or null when the rule does not apply to it.</param>
/// <param name="LimitOf">A group's limit from its positions, or null when no limit applies (no row).</param>
public sealed record ConcentrationRule(string RuleId, string Area, string Description, Func<Holding, bool> Universe, Func<Holding, string?> GroupOf,
    Func<IReadOnlyList<Holding>, decimal?> LimitOf) : LimitRule(RuleId, Area, Description, "fraction")
{
    /// <inheritdoc />
    public override string Kind => "Concentration";
}

/// <summary>The market-value-weighted average of a position value (duration) within bounds.</summary>
/// <param name="RuleId">The rule id.</param>
/// <param name="Area">The area.</param>
/// <param name="Description">Swedish description.</param>
/// <param name="Unit">The value's unit.</param>
/// <param name="AppliesTo">The positions averaged.</param>
/// <param name="Value">The value of a position, null when unknown (the rule is then NotEvaluated).</param>
/// <param name="Bounds">The allowed range.</param>
public sealed record WeightedAverageRule(string RuleId, string Area, string Description, string Unit, Func<Holding, bool> AppliesTo,
    Func<Holding, decimal?> Value, Bounds Bounds) : LimitRule(RuleId, Area, Description, Unit)
{
    /// <inheritdoc />
    public override string Kind => "WeightedAverage";
}
