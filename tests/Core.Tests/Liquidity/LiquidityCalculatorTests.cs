using Regfin.Core.Liquidity;

namespace Regfin.Core.Tests.Liquidity;

public class LiquidityCalculatorTests
{
    private static readonly DateOnly Day = new(2025, 10, 31);

    [Fact]
    public void Readiness_is_the_days_until_own_funds_first_fall_below_zero()
    {
        var forecast = new CashForecast(new DateOnly(2025, 10, 30),
        [
            new(Day, -999m),                 // on the day itself: already in the balance, ignored
            new(Day.AddDays(1), -30m),       // 70
            new(Day.AddDays(2), -50m),       // 20
            new(Day.AddDays(3), -40m),       // −20: runs out after 3 days
            new(Day.AddDays(5), 100m),       // 80
        ]);

        var day = LiquidityCalculator.Compute(Day, 100m, 50m, forecast, -3_650m, 365);

        Assert.Equal(3, day.PaymentReadinessDays);
        Assert.False(day.AtLeast);
        Assert.Equal(5, day.PaymentReadinessDaysWithCredit);   // 150, 120, 70, 30, 30, 130: never below zero → the horizon
        Assert.Equal(-20m, day.MinimumProjected);
        Assert.Equal(Day.AddDays(3), day.MinimumProjectedDate);
        Assert.Equal(150m, day.Available);
        Assert.Equal(5, day.HorizonDays);
        Assert.Equal(10m, day.CashCoverageDays);                // 100 / (3 650 / 365)
    }

    [Fact]
    public void Funds_that_never_run_out_give_the_horizon_as_a_lower_bound()
    {
        var forecast = new CashForecast(Day, [new(Day.AddDays(10), -10m), new(Day.AddDays(20), 5m)]);

        var day = LiquidityCalculator.Compute(Day, 100m, 0m, forecast, null, 304);

        Assert.Equal(20, day.PaymentReadinessDays);
        Assert.True(day.AtLeast);
        Assert.Equal(90m, day.MinimumProjected);
        Assert.Null(day.CashCoverageDays);
        Assert.Contains("kostnader", day.Reason);
    }

    [Fact]
    public void Without_a_forecast_readiness_is_null_with_a_reason()
    {
        var day = LiquidityCalculator.Compute(Day, 100m, 300m, null, -1000m, 304);

        Assert.Null(day.PaymentReadinessDays);
        Assert.Equal(400m, day.Available);
        Assert.Contains("ingen likviditetsprognos", day.Reason);
    }
}
