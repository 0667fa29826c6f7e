using Regfin.Core.Ingestion;
using Regfin.Core.Policy;

namespace Regfin.Core.Tests.Policy;

/// <summary>The policy's <c>investments:</c> section (policy.md): the overrun margin, its default and its validation.</summary>
public class InvestmentsPolicyTests
{
    private static (FinancePolicy? Policy, ValidationErrors Errors) Parse(string text)
    {
        var errors = new ValidationErrors();
        return (PolicyParser.Parse(text, errors), errors);
    }

    [Theory]
    [InlineData("validFrom: 2025-01-01\ninvestments:\n  overrunMargin: 0.10\n", 0.10)]
    [InlineData("validFrom: 2025-01-01\ninvestments: { overrunMargin: 0 }\n", 0.0)]
    [InlineData("{\"validFrom\": \"2025-01-01\", \"investments\": {\"overrunMargin\": 0.02}}", 0.02)]
    [InlineData("validFrom: 2025-01-01\n", 0.05)]                 // no section: the default 5 %
    [InlineData("validFrom: 2025-01-01\ninvestments: {}\n", 0.05)] // a section without the margin: the default
    public void The_overrun_margin_is_read_or_defaults_to_five_percent(string text, double margin)
    {
        var (policy, errors) = Parse(text);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Listed));
        Assert.Equal((decimal)margin, policy!.Investments.OverrunMargin);
    }

    [Fact]
    public void A_negative_margin_is_refused_naming_the_field()
    {
        var (policy, errors) = Parse("validFrom: 2025-01-01\ninvestments:\n  overrunMargin: -0.01\n");
        Assert.Null(policy);
        var error = Assert.Single(errors.Listed);
        Assert.Equal(("investments.overrunMargin", "-0.01"), (error.Column, error.Value));
        Assert.StartsWith("cannot be negative", error.Reason);
    }

    [Fact]
    public void An_unknown_field_in_the_section_is_refused()
    {
        var (policy, errors) = Parse("validFrom: 2025-01-01\ninvestments:\n  overrunMarginal: 0.05\n");
        Assert.Null(policy);
        Assert.Contains("unknown field 'overrunMarginal'", Assert.Single(errors.Listed).Reason);
    }

    [Fact]
    public void The_built_in_default_policy_has_the_five_percent_margin() =>
        Assert.Equal(0.05m, FinancePolicy.Default.Investments.OverrunMargin);
}
