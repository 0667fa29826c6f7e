using Regfin.Core.BalanceRequirement;

namespace Regfin.Core.Tests.BalanceRequirement;

public class RestorationTests
{
    private const decimal M = 1_000_000m;

    // Seed 000: Region Västerbotten, åtgärdsplan 2025–2028 (MSEK).
    private static readonly YearResult[] Seed000 =
    [
        new(2023, ResultKind.Actual, -753 * M, 514 * M, 2026),
        new(2024, ResultKind.Actual, -1085 * M, 892 * M, 2027),
        new(2025, ResultKind.Forecast, -427 * M, 0, 2028),
        new(2026, ResultKind.Plan, 240 * M, 0, null),
        new(2027, ResultKind.Plan, 308 * M, 0, null),
        new(2028, ResultKind.Plan, 336 * M, 0, null),
    ];

    [Fact]
    public void Seed_000s_restoration_table_comes_out_exactly()
    {
        var (years, origins) = Restoration.Compute(Seed000);

        Assert.Equal([0m, -239m, -432m, -859m, -619m, -311m], years.Select(y => y.Opening!.Value / M));
        Assert.Equal([-239m, -432m, -859m, -619m, -311m, 0m], years.Select(y => y.Closing!.Value / M));
        Assert.Equal([0m, 0m, 0m, 240m, 308m, 311m], years.Select(y => y.Restored!.Value / M)); // 2028: 25 left over restores nothing

        decimal Remaining(int year, int origin) => origins.Single(o => o.Year == year && o.Origin == origin).Remaining / M;
        // "Varav från 2023, återställs senast 2026": −239 −239 −239 0
        Assert.Equal([-239m, -239m, -239m, 0m], new[] { 2023, 2024, 2025, 2026 }.Select(y => Remaining(y, 2023)));
        // "Varav från 2024, återställs senast 2027": −193 −193 −192 0 — 2024's origin is −192 after 2026
        Assert.Equal([-193m, -193m, -192m, 0m], new[] { 2024, 2025, 2026, 2027 }.Select(y => Remaining(y, 2024)));
        // "Varav från 2025, återställs senast 2028": −427 −427 −311 0
        Assert.Equal([-427m, -427m, -311m, 0m], new[] { 2025, 2026, 2027, 2028 }.Select(y => Remaining(y, 2025)));

        Assert.Equal(OriginStatus.Restored, origins.Single(o => o.Year == 2026 && o.Origin == 2023).Status);
        Assert.DoesNotContain(origins, o => o.Year == 2027 && o.Origin == 2023); // restored earlier: no further rows
        Assert.All(origins, o => Assert.NotEqual(OriginStatus.Overdue, o.Status));
        Assert.Equal(2027, origins.Single(o => o.Year == 2024 && o.Origin == 2024).Deadline);
    }

    [Fact]
    public void A_deficit_not_restored_by_the_end_of_its_deadline_year_is_overdue()
    {
        var (years, origins) = Restoration.Compute(
        [
            new(2021, ResultKind.Actual, -100, 0, null),
            new(2022, ResultKind.Actual, 30, 0, null),
            new(2024, ResultKind.Actual, 20, 0, null),
        ]);

        Assert.Equal(2024, origins.Single(o => o.Year == 2021).Deadline); // default: origin + 3
        Assert.Equal(OriginStatus.Open, origins.Single(o => o.Year == 2022).Status);
        var overdue = origins.Single(o => o.Year == 2024);
        Assert.Equal((-50m, OriginStatus.Overdue), (overdue.Remaining, overdue.Status));
        Assert.Equal(-50m, years[^1].Closing);
    }

    [Fact]
    public void A_waiver_reduces_the_deficit_and_a_fully_waived_deficit_leaves_none()
    {
        var (years, origins) = Restoration.Compute([new(2023, ResultKind.Actual, -80, 80, null), new(2024, ResultKind.Actual, -50, 20, null)]);
        Assert.Equal([0m, -30m], years.Select(y => y.Closing!.Value));
        Assert.Equal(2024, Assert.Single(origins).Origin);
    }

    [Fact]
    public void The_computed_year_to_date_is_shown_but_never_restores_anything()
    {
        var (years, origins) = Restoration.Compute([new(2024, ResultKind.Actual, -100, 0, null), new(2025, ResultKind.ComputedYtd, 500, 0, null)]);
        var ytd = years.Single(y => y.Kind == ResultKind.ComputedYtd);
        Assert.Equal((-100m, 500m), (ytd.Opening!.Value, ytd.Result));
        Assert.Null(ytd.Closing);
        Assert.Equal(-100m, Assert.Single(origins).Remaining);
    }

    [Fact]
    public void Positive_results_restore_the_oldest_deficit_first()
    {
        var (_, origins) = Restoration.Compute(
        [
            new(2020, ResultKind.Actual, -10, 0, null),
            new(2021, ResultKind.Actual, -20, 0, null),
            new(2022, ResultKind.Actual, 15, 0, null),
        ]);
        Assert.Equal(0m, origins.Single(o => o.Year == 2022 && o.Origin == 2020).Remaining);
        Assert.Equal(-15m, origins.Single(o => o.Year == 2022 && o.Origin == 2021).Remaining);
    }
}
