using System.Globalization;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Policy;

/// <summary>
/// The version of a finance policy: its validFrom date. The version that judges a period is the
/// newest whose validFrom is on or before the period's last day (policy.md).
/// </summary>
/// <param name="ValidFrom">The first day the version applies.</param>
public readonly record struct PolicyVersion(DateOnly ValidFrom)
{
    /// <summary>The version as written in tables: <c>yyyy-MM-dd</c>.</summary>
    public override string ToString() => ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A bound pair, with an optional normal or target value between.</summary>
/// <param name="Min">The lower bound.</param>
/// <param name="Normal">The normal (allocation) or target (debt) value, if any.</param>
/// <param name="Max">The upper bound.</param>
public sealed record Range(decimal Min, decimal? Normal, decimal Max);

/// <summary>The financial goals (finansiella mål) of the policy; null where the policy sets none.</summary>
/// <param name="ResultShareMin">Verksamhetens resultat / skatter och bidrag, at least.</param>
/// <param name="EquityRatioInclPensionsMin">Soliditet inklusive pensionsförpliktelser, at least.</param>
/// <param name="DebtShareMax">Räntebärande skulder / skatter och bidrag, at most.</param>
/// <param name="SelfFinancingRatioMin">Självfinansieringsgrad av investeringar, at least.</param>
public sealed record Goals(decimal? ResultShareMin, decimal? EquityRatioInclPensionsMin, decimal? DebtShareMax, decimal? SelfFinancingRatioMin);

/// <summary>
/// A committee (nämnd) and its ceilings on full-year net cost growth. A ceiling belongs to a budget
/// year (policy.md: <c>netCostGrowthMax: { 2026: 0.02 }</c>): a 2026 ceiling never judges 2025; a
/// plain number applies to every year.
/// </summary>
/// <param name="Code">The committee code used in the ledger, e.g. RS.</param>
/// <param name="Name">Its Swedish name.</param>
/// <param name="EveryYear">The ceiling of every year without one of its own, if set.</param>
/// <param name="ByYear">The ceilings of given budget years.</param>
public sealed record CommitteePolicy(string Code, string Name, decimal? EveryYear, IReadOnlyDictionary<int, decimal> ByYear)
{
    /// <summary>A committee with one ceiling for every year (or none).</summary>
    public CommitteePolicy(string code, string name, decimal? everyYear = null)
        : this(code, name, everyYear, new Dictionary<int, decimal>())
    {
    }

    /// <summary>The ceiling that judges <paramref name="year"/>, if any.</summary>
    public decimal? CeilingFor(int year) => ByYear.TryGetValue(year, out var ceiling) ? ceiling : EveryYear;
}

/// <summary>One segment of the pension portfolio: its allocation range and benchmark.</summary>
/// <param name="Segment">Equity, FixedIncome or Cash.</param>
/// <param name="Allocation">Min, normal and max share of the portfolio.</param>
/// <param name="Benchmark">Index id → weight (weights sum to 1).</param>
public sealed record SegmentPolicy(string Segment, Range Allocation, IReadOnlyDictionary<string, decimal> Benchmark);

/// <summary>A limit on an issuer's share of the fixed-income segment, by rating.</summary>
/// <param name="ByRating">Rating key (that rating or better) → max share; the strictest key met applies.</param>
/// <param name="Default">The max share for ratings no key covers (or for every rating when no keys).</param>
public sealed record IssuerLimit(IReadOnlyDictionary<string, decimal> ByRating, decimal? Default);

/// <summary>The pension portfolio rules (pensionsmedelsförvaltning).</summary>
public sealed record PensionPolicy(
    string Portfolio,
    decimal RealReturnRequirement,
    string InflationMeasure,
    decimal WarningMargin,
    IReadOnlyList<SegmentPolicy> Segments,
    bool FixedIncomeMustBeHedged,
    bool SupervisedOnly,
    string? MinRating,
    IReadOnlyList<string> RatingExemptIssuerTypes,
    IReadOnlyDictionary<string, IssuerLimit> IssuerLimits,
    decimal? MaxShareOfPortfolioPerFund,
    Range? FixedIncomeDuration,
    IReadOnlyList<string> Exclusions);

/// <summary>The debt rules (skuldförvaltning).</summary>
public sealed record DebtPolicy(
    Range? AverageFixingYears,
    Range? AverageMaturityYears,
    decimal? MaxShareFixingWithin12Months,
    decimal? MaxShareMaturingWithin12Months,
    decimal? MaxShareSingleLender);

/// <summary>The liquidity rules (likviditet).</summary>
public sealed record LiquidityPolicy(decimal? CreditFacilitySek, int? MinPaymentReadinessDays, decimal? MinLiquidFundsSek);

/// <summary>How a SIE file's objects become committees (policy.md, <c>sie:</c>; formats.md, sie).</summary>
/// <param name="CommitteeDimension">The SIE dimension whose objects are the committees (1: kostnadsställe/ansvar). It applies when a file is read.</param>
/// <param name="Committees">Object id or id prefix → committee code, with the committee of amounts without an object; applied when a period is computed.</param>
public sealed record SiePolicy(int CommitteeDimension, SieCommitteeMap Committees)
{
    /// <summary>Dimension 1, no map (object ids stand as committee codes), REGION for amounts without an object.</summary>
    public static SiePolicy Default { get; } = new(1, new SieCommitteeMap());
}

/// <summary>The investment follow-up's rules (policy.md, <c>investments:</c>).</summary>
/// <param name="OverrunMargin">A project whose ForecastTotal exceeds DecidedTotal × (1 + this) is a Warning (never a Breach: the council decides).</param>
public sealed record InvestmentsPolicy(decimal OverrunMargin)
{
    /// <summary>The margin without an <c>investments:</c> section: 5 %.</summary>
    public static InvestmentsPolicy Default { get; } = new(0.05m);
}

/// <summary>Where limit alerts go.</summary>
/// <param name="Name">The channel's name.</param>
/// <param name="Type">webhook or queue.</param>
/// <param name="UrlSetting">For a webhook: the app setting holding its URL (never the URL itself).</param>
/// <param name="Format">For a webhook: teams or generic.</param>
/// <param name="Queue">For a queue: its name.</param>
public sealed record AlertChannel(string Name, string Type, string? UrlSetting, string? Format, string? Queue);

/// <summary>
/// The finance policy (finanspolicy): data, not code, versioned by validFrom (policy.md). Built from
/// a validated policy file by <see cref="PolicyParser"/>.
/// </summary>
/// <param name="Version">The version (validFrom).</param>
/// <param name="Name">The policy's name.</param>
/// <param name="Accounts">The account map of the report lines.</param>
/// <param name="RealisedGains">Accounts of realised gains (balance-requirement adjustment).</param>
/// <param name="UnrealisedSecurities">Accounts of unrealised gains and losses on securities.</param>
/// <param name="Goals">The financial goals.</param>
/// <param name="Committees">The committees by code.</param>
/// <param name="Pension">The pension portfolio rules, if any.</param>
/// <param name="Debt">The debt rules, if any.</param>
/// <param name="Liquidity">The liquidity rules, if any.</param>
/// <param name="AlertChannels">Where alerts go.</param>
public sealed record FinancePolicy(
    PolicyVersion Version,
    string Name,
    AccountMap Accounts,
    IReadOnlyList<AccountRange> RealisedGains,
    IReadOnlyList<AccountRange> UnrealisedSecurities,
    Goals Goals,
    IReadOnlyDictionary<string, CommitteePolicy> Committees,
    PensionPolicy? Pension,
    DebtPolicy? Debt,
    LiquidityPolicy? Liquidity,
    IReadOnlyList<AlertChannel> AlertChannels)
{
    /// <summary>How a SIE file's objects become committees (the default: dimension 1, no map, REGION).</summary>
    public SiePolicy Sie { get; init; } = SiePolicy.Default;

    /// <summary>The investment follow-up's rules (the default: an overrun margin of 5 %).</summary>
    public InvestmentsPolicy Investments { get; init; } = InvestmentsPolicy.Default;

    /// <summary>
    /// The default policy that ships with the product (<c>Policy/default-policy.yaml</c>, the seeds'
    /// figures), in force for every period until a policy file is uploaded.
    /// </summary>
    public static FinancePolicy Default { get; } = PolicyParser.LoadDefault();
}
