namespace Regfin.Core.Policy;

// The policy file as written (YAML or JSON), field names as in policy.md. Deserialised by YamlDotNet,
// which refuses unknown fields; PolicyParser validates it and builds the immutable FinancePolicy.
#pragma warning disable CA2227, CA1002 // settable collections are the deserialiser's contract

/// <summary>The policy file's root.</summary>
public sealed class PolicyDocument
{
    /// <summary>First day of validity, YYYY-MM-DD.</summary>
    public string? ValidFrom { get; set; }
    /// <summary>The policy's name.</summary>
    public string? Name { get; set; }
    /// <summary>Report line or adjustment list → account ranges.</summary>
    public Dictionary<string, List<string>>? Accounts { get; set; }
    /// <summary>The financial goals.</summary>
    public GoalsDocument? Goals { get; set; }
    /// <summary>Committee code → name and ceiling.</summary>
    public Dictionary<string, CommitteeDocument>? Committees { get; set; }
    /// <summary>The pension portfolio rules.</summary>
    public PensionDocument? PensionPortfolio { get; set; }
    /// <summary>The debt rules.</summary>
    public DebtDocument? Debt { get; set; }
    /// <summary>The liquidity rules.</summary>
    public LiquidityDocument? Liquidity { get; set; }
    /// <summary>The investment follow-up's rules.</summary>
    public InvestmentsDocument? Investments { get; set; }
    /// <summary>How a SIE file's objects become committees.</summary>
    public SieDocument? Sie { get; set; }
    /// <summary>Alert channels.</summary>
    public AlertsDocument? Alerts { get; set; }
}

/// <summary>investments:</summary>
public sealed class InvestmentsDocument
{
    /// <summary>overrunMargin: a project's ForecastTotal above its DecidedTotal by more than this fraction is a Warning (default 0.05).</summary>
    public decimal? OverrunMargin { get; set; }
}

/// <summary>sie:</summary>
public sealed class SieDocument
{
    /// <summary>committeeDimension: the SIE dimension whose objects are the committees (default 1, kostnadsställe).</summary>
    public int? CommitteeDimension { get; set; }
    /// <summary>committeeMap: object id or id prefix → committee code.</summary>
    public Dictionary<string, string>? CommitteeMap { get; set; }
    /// <summary>defaultCommittee: where amounts without such an object go (default REGION).</summary>
    public string? DefaultCommittee { get; set; }
}

/// <summary>goals:</summary>
public sealed class GoalsDocument
{
    /// <summary>resultShareMin</summary>
    public decimal? ResultShareMin { get; set; }
    /// <summary>equityRatioInclPensionsMin</summary>
    public decimal? EquityRatioInclPensionsMin { get; set; }
    /// <summary>debtShareMax</summary>
    public decimal? DebtShareMax { get; set; }
    /// <summary>selfFinancingRatioMin</summary>
    public decimal? SelfFinancingRatioMin { get; set; }
}

/// <summary>committees.{code}:</summary>
public sealed class CommitteeDocument
{
    /// <summary>The Swedish name.</summary>
    public string? Name { get; set; }
    /// <summary>Ceiling on full-year net cost growth: a number (every year) or budget year → ceiling.</summary>
    public object? NetCostGrowthMax { get; set; }
}

/// <summary>A min/normal/max (or min/target/max) triple.</summary>
public sealed class RangeDocument
{
    /// <summary>min</summary>
    public decimal? Min { get; set; }
    /// <summary>normal</summary>
    public decimal? Normal { get; set; }
    /// <summary>target</summary>
    public decimal? Target { get; set; }
    /// <summary>max</summary>
    public decimal? Max { get; set; }
    /// <summary>benchmark: index → weight (allocation only)</summary>
    public Dictionary<string, decimal>? Benchmark { get; set; }
}

/// <summary>pensionPortfolio:</summary>
public sealed class PensionDocument
{
    /// <summary>The portfolio name in holdings files.</summary>
    public string? Portfolio { get; set; }
    /// <summary>Real return requirement per year.</summary>
    public decimal? RealReturnRequirement { get; set; }
    /// <summary>yoy or annualAverage.</summary>
    public string? InflationMeasure { get; set; }
    /// <summary>Warning band near a bound.</summary>
    public decimal? WarningMargin { get; set; }
    /// <summary>Segment → range and benchmark.</summary>
    public Dictionary<string, RangeDocument>? Allocation { get; set; }
    /// <summary>Fixed income must be currency-hedged.</summary>
    public bool? FixedIncomeMustBeHedged { get; set; }
    /// <summary>Only supervised instruments.</summary>
    public bool? SupervisedOnly { get; set; }
    /// <summary>Rating floor for fixed income.</summary>
    public string? MinRating { get; set; }
    /// <summary>Issuer types exempt from the rating floor.</summary>
    public List<string>? RatingExemptIssuerTypes { get; set; }
    /// <summary>Issuer type → number or rating map.</summary>
    public Dictionary<string, object>? IssuerLimits { get; set; }
    /// <summary>Max share of the portfolio per fund.</summary>
    public decimal? MaxShareOfPortfolioPerFund { get; set; }
    /// <summary>Range of MV-weighted fixed-income duration.</summary>
    public RangeDocument? FixedIncomeDuration { get; set; }
    /// <summary>Excluded categories.</summary>
    public List<string>? Exclusions { get; set; }
}

/// <summary>debt:</summary>
public sealed class DebtDocument
{
    /// <summary>Räntebindningstid, years.</summary>
    public RangeDocument? AverageFixingYears { get; set; }
    /// <summary>Kapitalbindningstid, years.</summary>
    public RangeDocument? AverageMaturityYears { get; set; }
    /// <summary>Max share fixing within 12 months.</summary>
    public decimal? MaxShareFixingWithin12Months { get; set; }
    /// <summary>Max share maturing within 12 months.</summary>
    public decimal? MaxShareMaturingWithin12Months { get; set; }
    /// <summary>Max share of one lender.</summary>
    public decimal? MaxShareSingleLender { get; set; }
}

/// <summary>liquidity:</summary>
public sealed class LiquidityDocument
{
    /// <summary>Credit facility (checkkredit), SEK.</summary>
    public decimal? CreditFacilitySek { get; set; }
    /// <summary>Minimum payment readiness (betalningsberedskap), days.</summary>
    public int? MinPaymentReadinessDays { get; set; }
    /// <summary>Minimum liquid funds, SEK.</summary>
    public decimal? MinLiquidFundsSek { get; set; }
}

/// <summary>alerts:</summary>
public sealed class AlertsDocument
{
    /// <summary>The channels.</summary>
    public List<AlertChannelDocument>? Channels { get; set; }
}

/// <summary>alerts.channels[]:</summary>
public sealed class AlertChannelDocument
{
    /// <summary>name</summary>
    public string? Name { get; set; }
    /// <summary>webhook or queue</summary>
    public string? Type { get; set; }
    /// <summary>The app setting holding the webhook URL.</summary>
    public string? UrlSetting { get; set; }
    /// <summary>teams or generic</summary>
    public string? Format { get; set; }
    /// <summary>The queue name.</summary>
    public string? Queue { get; set; }
}
#pragma warning restore CA2227, CA1002
