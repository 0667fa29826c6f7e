using Regfin.Core.Investments;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Investments;

/// <summary>The investment follow-up (kpis.md, "Investments"): which file applies to a period, and the sums, by hand.</summary>
public class InvestmentFollowUpTests
{
    private const decimal M = 1_000_000m;

    private static InvestmentProject Project(Period asOf, string id, string committee, string category, decimal budget, decimal outcome, decimal forecast,
        decimal? decided, decimal? forecastTotal) =>
        new(asOf, id, "Projekt " + id, committee, category, budget * M, outcome * M, forecast * M, decided * M, forecastTotal * M, null, null);

    private static readonly Period Dec2024 = new(2024, 12), Apr = new(2025, 4), Aug = new(2025, 8), Nov = new(2025, 11);

    // Four files: December 2024 (last year), April, August and November 2025. Amounts in MSEK.
    private static readonly InvestmentProject[] Files =
    [
        Project(Dec2024, "A", "RS", InvestmentCategories.Property, 90, 88, 88, 500, 500),
        Project(Apr, "A", "RS", InvestmentCategories.Property, 100, 10, 100, 500, 500),
        Project(Apr, "E", "RUN", InvestmentCategories.Other, 5, 1, 5, 5, 5),          // gone from August on
        Project(Aug, "A", "RS", InvestmentCategories.Property, 100, 40, 110, 500, 540),
        Project(Aug, "B", "RS", InvestmentCategories.Property, 50, 20, 45, 200, null),
        Project(Aug, "C", "RS", InvestmentCategories.IT, 30, 35, 36, null, 80),
        Project(Aug, "D", "HSN", InvestmentCategories.MedicalTechnology, 20, 12.5m, 19, 60, 57),
        Project(Nov, "A", "RS", InvestmentCategories.Property, 100, 90, 105, 500, 545),
    ];

    [Theory]
    [InlineData(2025, 1, null)]      // no file in 2025 yet: December 2024's is last year's and does not count
    [InlineData(2025, 3, null)]
    [InlineData(2025, 4, "2025-04")]
    [InlineData(2025, 7, "2025-04")]
    [InlineData(2025, 10, "2025-08")] // the latest AsOf ≤ October
    [InlineData(2025, 12, "2025-11")]
    [InlineData(2024, 12, "2024-12")]
    [InlineData(2026, 2, null)]      // a new year starts without a file
    public void A_period_takes_the_file_with_the_latest_AsOf_in_its_year_on_or_before_it(int year, int month, string? asOf)
    {
        var followUp = InvestmentFollowUp.Compute(new Period(year, month), Files);
        Assert.Equal(asOf, followUp?.AsOf.ToString());
    }

    [Fact]
    public void Projects_carry_their_deviation_and_overrun_and_only_the_latest_files_projects_count()
    {
        var followUp = InvestmentFollowUp.Compute(new Period(2025, 10), Files)!;

        Assert.Equal(["A", "B", "C", "D"], followUp.Projects.Select(p => p.ProjectId)); // E left the list in August
        var a = followUp.Project("A")!;
        Assert.Equal((100 * M, 40 * M, 110 * M), (a.BudgetYear, a.OutcomeYtd, a.ForecastYear));
        Assert.Equal(10 * M, a.DeviationYear);      // 110 − 100
        Assert.Equal(40 * M, a.Overrun);            // 540 − 500
        Assert.Equal(-5 * M, followUp.Project("B")!.DeviationYear); // 45 − 50
        Assert.Null(followUp.Project("B")!.Overrun); // no ForecastTotal
        Assert.Null(followUp.Project("C")!.Overrun); // no DecidedTotal
        Assert.Equal(-3 * M, followUp.Project("D")!.Overrun); // 57 − 60
        Assert.Equal(("RS", InvestmentCategories.Property, "Projekt A"), (a.Committee, a.Category, a.ProjectName));
    }

    [Fact]
    public void Sums_per_committee_and_category_and_the_total_add_the_nullable_totals_over_the_projects_that_give_them()
    {
        var followUp = InvestmentFollowUp.Compute(new Period(2025, 10), Files)!;

        // By committee, then category: (HSN, MedicalTechnology), (RS, IT), (RS, Property).
        Assert.Equal([("HSN", "MedicalTechnology"), ("RS", "IT"), ("RS", "Property")], followUp.Groups.Select(g => (g.Committee!, g.Category!)));
        Assert.All(followUp.Groups, g => Assert.Null(g.ProjectId));
        var property = followUp.Groups[2];
        Assert.Equal((150 * M, 60 * M, 155 * M, 5 * M), (property.BudgetYear, property.OutcomeYtd, property.ForecastYear, property.DeviationYear));
        Assert.Equal(700 * M, property.DecidedTotal);   // 500 + 200
        Assert.Equal(540 * M, property.ForecastTotal);  // A only: B gives none
        Assert.Equal(40 * M, property.Overrun);         // A's overrun, not 540 − 700
        var it = followUp.Groups[1];
        Assert.Null(it.DecidedTotal);                   // no project of the group gives one
        Assert.Equal(80 * M, it.ForecastTotal);
        Assert.Null(it.Overrun);
        Assert.Equal(-3 * M, followUp.Groups[0].Overrun);

        var total = followUp.Total;
        Assert.Equal((null, null, null, null), (total.ProjectId, total.ProjectName, total.Committee, total.Category));
        Assert.Equal(200 * M, total.BudgetYear);        // 100 + 50 + 30 + 20
        Assert.Equal(107.5m * M, total.OutcomeYtd);     // 40 + 20 + 35 + 12.5
        Assert.Equal(210 * M, total.ForecastYear);      // 110 + 45 + 36 + 19
        Assert.Equal(10 * M, total.DeviationYear);      // 210 − 200
        Assert.Equal(760 * M, total.DecidedTotal);      // 500 + 200 + 60
        Assert.Equal(677 * M, total.ForecastTotal);     // 540 + 80 + 57
        Assert.Equal(37 * M, total.Overrun);            // 40 − 3: the projects that have both
    }

    [Fact]
    public void A_period_without_a_file_in_its_year_has_no_follow_up_and_the_reason_says_so()
    {
        Assert.Null(InvestmentFollowUp.Compute(new Period(2025, 3), Files));
        Assert.Null(InvestmentFollowUp.Compute(new Period(2025, 10), []));
        Assert.Contains("ingen investeringsuppföljning för 2025 med period till och med 2025-03", InvestmentFollowUp.NoneFor(new Period(2025, 3)));
    }
}
