using Regfin.Core.Forecast;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Tests.Forecast;

/// <summary>Forecast accuracy (prognossäkerhet, kpis.md), computed by hand for one committee's year.</summary>
public sealed class ForecastAccuracyTests
{
    private static readonly ImportId Ledger = ImportId.Create(DateTimeOffset.UnixEpoch, new string('a', 64));
    private static readonly ImportId June = ImportId.Create(DateTimeOffset.UnixEpoch, new string('d', 64));

    private static Dictionary<Period, IReadOnlyList<StagedAmount>> Year(Func<int, decimal> costs, int months = 12) =>
        Enumerable.Range(1, months).Select(m => new Period(2025, m)).ToDictionary(p => p, p => (IReadOnlyList<StagedAmount>)
        [
            new StagedAmount(new AccountKey(p, "RS", "8010"), -1000, Ledger),
            new StagedAmount(new AccountKey(p, "RS", "4010"), costs(p.Month), Ledger),
        ]);

    // RS books tax 1 000 a month and costs 990 (December 1 090): outcome 12 000 − 11 980 = 20. It
    // budgets costs of 980 a month, so the computed forecast after month m is 10m + 20(12 − m) = 240 − 10m,
    // 220 − 10m too high. After June it uploads a forecast of 40 (tax 12 000, costs 11 960), carried to November.
    private static readonly Dictionary<Period, IReadOnlyList<StagedAmount>> Actual = Year(m => m == 12 ? 1090 : 990);
    private static readonly Dictionary<Period, IReadOnlyList<StagedAmount>> Budget = Year(_ => 980);
    private static readonly ForecastUpload AfterJune = new(new Period(2025, 6), "RS",
        [new(new Period(2025, 6), "RS", "80", -12000, null), new(new Period(2025, 6), "RS", "4", 11960, null)], June);

    [Fact]
    public void Each_months_forecast_is_set_against_the_outcome_with_the_mean_of_the_error_shares()
    {
        var rows = ForecastAccuracy.Compute(Actual, Budget, [AfterJune], _ => AccountMap.Default);

        var region = rows.Where(r => r.Committee == ForecastAccuracy.Total && r.Line == "OperatingResult").ToList();
        Assert.Equal(12, region.Count); // January–November and the mean
        var january = region[0];
        Assert.Equal((2025, new Period(2025, 1), 230m, 20m, 210m, 10.5m), (january.Year, january.AsOf!.Value, january.Forecast!.Value, january.Outcome, january.Error!.Value, january.ErrorShare!.Value));
        Assert.Equal((40m, 20m, 1m), (region[5].Forecast!.Value, region[5].Error!.Value, region[5].ErrorShare!.Value)); // June: uploaded
        Assert.Equal(40m, region[10].Forecast!.Value); // November: carried
        Assert.Equal([June, Ledger], region[10].Imports); // traceable: the forecast file and the year's ledger and budget
        Assert.Equal([Ledger], region[0].Imports);         // a computed forecast: the ledger and budget alone
        var mean = region[11];
        Assert.Null(mean.AsOf);
        Assert.Null(mean.Forecast);
        Assert.Equal((10.5m + 10m + 9.5m + 9m + 8.5m + 6 * 1m) / 11, mean.ErrorShare);

        // The committee's net cost: outcome −11 980; after January −(990 + 11 × 980) = −11 770.
        var rs = rows.Where(r => r.Committee == "RS" && r.Line == "NetCost").ToList();
        Assert.Equal((-11770m, -11980m, 210m), (rs[0].Forecast!.Value, rs[0].Outcome, rs[0].Error!.Value));
        Assert.Equal(210m / 11980m, rs[0].ErrorShare);
        Assert.Equal(-11960m, rs[5].Forecast);
        Assert.Contains(rows, r => r.Committee == ForecastAccuracy.Total && r.Line == "Result" && r.AsOf is null);
    }

    [Fact]
    public void Before_Decembers_ledger_there_is_nothing_to_measure()
    {
        Assert.Empty(ForecastAccuracy.Compute(Year(_ => 990, months: 11), Budget, [AfterJune], _ => AccountMap.Default));
    }
}
