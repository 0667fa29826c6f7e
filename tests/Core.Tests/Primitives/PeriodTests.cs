using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Primitives;

public class PeriodTests
{
    [Theory]
    [InlineData("2025-10", 2025, 10)]
    [InlineData("202510", 2025, 10)]
    [InlineData(" 2024-01 ", 2024, 1)]
    [InlineData("2024-12", 2024, 12)]
    public void Parses_both_spellings(string text, int year, int month)
    {
        Assert.True(Period.TryParse(text, out var period));
        Assert.Equal(new Period(year, month), period);
    }

    [Theory]
    [InlineData("2025-13")]
    [InlineData("2025-00")]
    [InlineData("2025-1")]
    [InlineData("25-10")]
    [InlineData("2025/10")]
    [InlineData("okt 2025")]
    [InlineData("")]
    [InlineData("1899-12")]
    public void Refuses_impossible_periods(string text) => Assert.False(Period.TryParse(text, out _));

    [Fact]
    public void Cannot_be_constructed_invalid() => Assert.Throws<ArgumentOutOfRangeException>(() => new Period(2025, 13));

    [Fact]
    public void Knows_its_last_day_including_leap_years()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), new Period(2024, 2).LastDay);
        Assert.Equal(new DateOnly(2025, 2, 28), new Period(2025, 2).LastDay);
        Assert.Equal(new DateOnly(2025, 10, 31), new Period(2025, 10).LastDay);
    }

    [Fact]
    public void Moves_across_year_ends()
    {
        Assert.Equal(new Period(2024, 12), new Period(2025, 1).Previous);
        Assert.Equal(new Period(2026, 1), new Period(2025, 12).Next);
        Assert.Equal(new Period(2024, 10), new Period(2025, 10).SameMonthLastYear);
        Assert.Equal(new Period(2023, 11), new Period(2025, 1).AddMonths(-14));
    }

    [Fact]
    public void Year_to_date_runs_from_January()
    {
        Assert.Equal(["2025-01", "2025-02", "2025-03"], new Period(2025, 3).YearToDate().Select(p => p.ToString()));
    }

    [Fact]
    public void Orders_and_formats()
    {
        Assert.True(new Period(2024, 12) < new Period(2025, 1));
        Assert.Equal("2025-03", new Period(2025, 3).ToString());
    }
}
