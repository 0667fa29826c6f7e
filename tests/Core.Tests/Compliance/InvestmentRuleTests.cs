using Regfin.Core.Compliance;
using Regfin.Core.Investments;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Compliance;

/// <summary>investment.{project}.overrun (policy.md): ForecastTotal against DecidedTotal × (1 + overrunMargin), a Warning, never a Breach.</summary>
public class InvestmentRuleTests
{
    private static readonly Period October = new(2025, 10);

    private static InvestmentFollowUp FollowUp(Period period, params (string Id, decimal? Decided, decimal? Forecast)[] projects) =>
        InvestmentFollowUp.Compute(period, projects.Select(p => new InvestmentProject(new Period(period.Year, 1), p.Id, "Projekt " + p.Id, "RS",
            InvestmentCategories.Property, 0, 0, 0, p.Decided, p.Forecast, null, null)))!;

    private static IReadOnlyList<LimitCheck> Judge(InvestmentFollowUp? followUp, decimal? margin = null, Period? period = null)
    {
        var p = period ?? October;
        var policy = margin is { } m ? FinancePolicy.Default with { Investments = new InvestmentsPolicy(m) } : FinancePolicy.Default;
        return ComplianceEngine.Evaluate(PolicyRules.From(policy, p.Year, [], followUp?.Projects),
            new ComplianceContext(p, null, "inga innehav", PeriodFigures.None(p) with { Investments = followUp }, 0.02m));
    }

    [Theory]
    [InlineData(100_000_000, "Ok")]
    [InlineData(104_999_999, "Ok")]
    [InlineData(105_000_000, "Ok")]       // exactly DecidedTotal × 1.05: within
    [InlineData(105_000_001, "Warning")]  // a krona over the margin
    [InlineData(90_000_000, "Ok")]        // under the decided total
    public void A_forecast_total_at_just_under_and_just_over_the_margin(long forecastTotal, string expected)
    {
        var check = Judge(FollowUp(October, ("P1", 100_000_000m, forecastTotal))).Single(c => c.RuleId == "investment.P1.overrun");

        Assert.Equal(expected, check.Status.ToString());
        Assert.Equal(forecastTotal, check.Measured);
        Assert.Equal(105_000_000m, check.Max); // 100 000 000 × (1 + 0.05), the default margin
        Assert.Null(check.Min);
        Assert.Equal(("Investments", "Range", "SEK"), (check.Area, check.Kind, check.Unit));
    }

    [Theory]
    [InlineData(105_000_001)]
    [InlineData(250_000_000)]
    public void Over_the_margin_in_December_is_still_a_warning_never_a_breach(long forecastTotal)
    {
        var december = new Period(2025, 12);
        var check = Judge(FollowUp(december, ("P1", 100_000_000m, forecastTotal)), period: december).Single(c => c.RuleId == "investment.P1.overrun");
        Assert.Equal(LimitStatus.Warning, check.Status);
    }

    [Theory]
    [InlineData(0.10, 110_000_000, "Ok")]
    [InlineData(0.10, 110_000_001, "Warning")]
    [InlineData(0.0, 100_000_000, "Ok")]
    [InlineData(0.0, 100_000_001, "Warning")]
    public void The_policys_margin_sets_the_bound(double margin, long forecastTotal, string expected)
    {
        var check = Judge(FollowUp(October, ("P1", 100_000_000m, forecastTotal)), (decimal)margin).Single(c => c.RuleId == "investment.P1.overrun");
        Assert.Equal(expected, check.Status.ToString());
        Assert.Equal(100_000_000m * (1 + (decimal)margin), check.Max);
    }

    [Fact]
    public void Without_a_decided_or_a_forecast_total_the_rule_is_not_evaluated_and_the_summary_incomplete()
    {
        var checks = Judge(FollowUp(October, ("P1", null, 120_000_000m), ("P2", 100_000_000m, null), ("P3", 100_000_000m, 100_000_000m)));

        var p1 = checks.Single(c => c.RuleId == "investment.P1.overrun");
        Assert.Equal((LimitStatus.NotEvaluated, (decimal?)null, (decimal?)null), (p1.Status, p1.Measured, p1.Max));
        Assert.Contains("beslutad totalutgift saknas", p1.Detail);
        var p2 = checks.Single(c => c.RuleId == "investment.P2.overrun");
        Assert.Equal(LimitStatus.NotEvaluated, p2.Status);
        Assert.Contains("prognos för totalutgiften saknas", p2.Detail);
        var summary = checks.Single(c => c.RuleId == "summary.investments");
        Assert.Equal((LimitStatus.Incomplete, 3m), (summary.Status, summary.Measured));
        Assert.Contains("kan inte bedömas: " + p1.Description + ", " + p2.Description, summary.Detail);
    }

    [Fact]
    public void A_warning_leaves_the_summary_ok_and_is_named_in_it_with_the_figures_in_the_detail()
    {
        var checks = Judge(FollowUp(October, ("IT-VIS", 310_000_000m, 342_000_000m), ("FA-10F", 131_200_000m, 131_200_000m)));

        var vis = checks.Single(c => c.RuleId == "investment.IT-VIS.overrun");
        Assert.Equal(LimitStatus.Warning, vis.Status);
        Assert.Equal(325_500_000m, vis.Max); // 310 × 1.05
        // 342 / 310 − 1 = +10.3 %.
        Assert.Equal("prognos 342,0\u00A0mnkr mot beslutad 310,0\u00A0mnkr (+10,3\u00A0%), per 2025-01", vis.Detail);
        Assert.StartsWith("IT-VIS Projekt IT-VIS: prognostiserad totalutgift högst beslutad totalutgift + 5,0", vis.Description);
        var summary = checks.Single(c => c.RuleId == "summary.investments");
        Assert.Equal(LimitStatus.Ok, summary.Status);
        // A target in its own words (policy.md): never "inom samtliga limitar", the project named.
        Assert.Equal("Investeringsprojekten: över beslutad totalutgift: " + vis.Description, summary.Detail);
    }

    [Fact]
    public void Without_a_follow_up_there_are_no_investment_rules()
    {
        var checks = Judge(null);
        Assert.DoesNotContain(checks, c => c.Area == "Investments");
    }

    [Theory]
    [InlineData("investment.IT-VIS.overrun", "Investment project IT-VIS: forecast total within the decided total plus the overrun margin")]
    [InlineData("investment.P.1.overrun", "Investment project P.1: forecast total within the decided total plus the overrun margin")]
    [InlineData("summary.investments", "Summary of investments: within all limits")]
    public void Rules_have_English_labels(string ruleId, string label) => Assert.Equal(label, RuleLabels.English(ruleId));
}
