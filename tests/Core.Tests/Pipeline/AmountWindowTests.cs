using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Pipeline;

public sealed class AmountWindowTests
{
    private static IEnumerable<Period> Months(Period first, Period last)
    {
        for (var m = first; m <= last; m = m.AddMonths(1))
        {
            yield return m;
        }
    }

    [Fact]
    public void One_December_reads_the_ledger_of_its_year_and_the_year_before_and_its_year_s_budget()
    {
        var window = AmountWindow.For([new Period(2025, 12)], new Period(2025, 12));

        Assert.Equal(Months(new Period(2024, 1), new Period(2025, 12)), window.LedgerMonths.Order());
        Assert.Equal(Months(new Period(2025, 1), new Period(2025, 12)), window.BudgetMonths.Order());
        Assert.Equal([2025], window.AccuracyYears);
    }

    [Fact]
    public void A_month_reads_to_the_month_for_its_figures_and_the_whole_year_for_its_accuracy()
    {
        var window = AmountWindow.For([new Period(2025, 3)], new Period(2025, 3));

        // 2024-01…2025-03 for the prior year and the rolling 12 months; 2025-04…12 for the accuracy of 2025.
        Assert.Equal(Months(new Period(2024, 1), new Period(2025, 12)), window.LedgerMonths.Order());
        Assert.Equal(24, window.LedgerMonths.Count);
    }

    [Fact]
    public void An_old_period_reads_its_own_years_and_those_of_the_latest_ledger_month_not_the_years_between()
    {
        var window = AmountWindow.For([new Period(2016, 5)], new Period(2025, 10));

        Assert.Equal(Months(new Period(2015, 1), new Period(2016, 12)).Concat(Months(new Period(2024, 1), new Period(2025, 10))), window.LedgerMonths.Order());
        Assert.Equal(Months(new Period(2016, 1), new Period(2016, 12)).Concat(Months(new Period(2025, 1), new Period(2025, 12))), window.BudgetMonths.Order());
        Assert.Equal([2016], window.AccuracyYears); // the latest month is evaluated for the restoration, its accuracy is not rewritten
    }

    [Fact]
    public void Two_open_years_read_three_years_of_ledger_and_two_of_budget()
    {
        var window = AmountWindow.For(Months(new Period(2024, 1), new Period(2025, 12)), new Period(2025, 12));

        Assert.Equal(36, window.LedgerMonths.Count);
        Assert.Equal(new Period(2023, 1), window.LedgerMonths.Min());
        Assert.Equal(24, window.BudgetMonths.Count);
        Assert.Equal([2024, 2025], window.AccuracyYears.Order());
    }
}
