using Regfin.Core.Ingestion;
using Regfin.Core.Policy;

namespace Regfin.Core.Tests.Policy;

/// <summary>Committee ceilings belong to a budget year (policy.md): a map per year or a plain number for every year.</summary>
public sealed class CeilingTests
{
    private static FinancePolicy? Parse(string committees, ValidationErrors? errors = null) =>
        PolicyParser.Parse("validFrom: 2025-01-01\nname: T\ncommittees:\n" + committees, errors ?? new ValidationErrors());

    [Fact]
    public void A_map_gives_each_budget_year_its_ceiling_and_a_plain_number_every_year()
    {
        var policy = Parse("  RS: { name: Regionstyrelsen, netCostGrowthMax: { 2026: 0.02, 2027: 0.025 } }\n  HSN: { name: HSN, netCostGrowthMax: 0.03 }\n  RUN: { name: RUN }\n")!;

        Assert.Equal((0.02m, 0.025m, (decimal?)null), (policy.Committees["RS"].CeilingFor(2026)!.Value, policy.Committees["RS"].CeilingFor(2027)!.Value, policy.Committees["RS"].CeilingFor(2025)));
        Assert.Equal((0.03m, 0.03m), (policy.Committees["HSN"].CeilingFor(2025)!.Value, policy.Committees["HSN"].CeilingFor(2030)!.Value));
        Assert.Null(policy.Committees["RUN"].CeilingFor(2026));
    }

    [Theory]
    [InlineData("{ nästa: 0.02 }", "a key is a budget year")]
    [InlineData("{ 2026: hög }", "a ceiling is a growth rate as a fraction")]
    [InlineData("\"0,02\"", "a ceiling is a fraction")] // a decimal comma is not 2 (200 %)
    [InlineData("2", "a ceiling is a fraction")]
    [InlineData("[0.02]", "a ceiling is a fraction")]
    public void A_ceiling_that_is_not_a_fraction_is_refused_naming_the_field(string value, string reason)
    {
        var errors = new ValidationErrors();
        Assert.Null(Parse($"  RS: {{ name: Regionstyrelsen, netCostGrowthMax: {value} }}\n", errors));
        var error = Assert.Single(errors.Listed);
        Assert.StartsWith("committees.RS.netCostGrowthMax", error.Column, StringComparison.Ordinal);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
