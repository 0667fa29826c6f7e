using System.Globalization;

namespace Regfin.Core.ReportingLines;

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

/// <summary>
/// The parts of the finance policy (finanspolicy) the computation uses. The full policy file and its
/// validation are described in policy.md.
/// </summary>
/// <param name="Version">The version (validFrom).</param>
/// <param name="Name">The policy's name.</param>
/// <param name="Accounts">The account map.</param>
public sealed record FinancePolicy(PolicyVersion Version, string Name, AccountMap Accounts)
{
    /// <summary>
    /// The default policy that ships with the product, in force until a policy file is uploaded:
    /// the default account map of kpis.md.
    /// </summary>
    public static FinancePolicy Default { get; } =
        new(new PolicyVersion(new DateOnly(2000, 1, 1)), "Standardpolicy (inbyggd)", AccountMap.Default);
}
