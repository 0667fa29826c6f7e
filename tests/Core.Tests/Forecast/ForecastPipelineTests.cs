using System.Text;
using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Forecast;

/// <summary>
/// The forecast through ingestion and compute on Azurite: a late forecast file recomputes exactly
/// the periods it is in force for, and lands in kpis, committeeresults, forecastaccuracy and the
/// restoration.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class ForecastPipelineTests
{
    private static async Task IngestAsync(TestSession session, string name, string content)
    {
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
        var result = await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        Assert.True(result.Status == ImportStatus.Accepted, string.Join("; ", result.Errors));
    }

    private static async Task<Dictionary<(string Period, string Key), TableEntity>> TableAsync(TestSession session, string table)
    {
        var rows = new Dictionary<(string, string), TableEntity>();
        await foreach (var e in session.Get<StorageAccount>().Table(table).QueryAsync<TableEntity>())
        {
            rows[(e.PartitionKey, e.RowKey)] = e;
        }

        return rows;
    }

    /// <summary>RS's year: tax 1 000 a month and costs 990 (December 1 090), budgeted at 1 000 and 980 (MSEK as SEK).</summary>
    private static (string Ledger, string Budget) Year()
    {
        var ledger = new StringBuilder("Period;Committee;Account;Amount\n");
        var budget = new StringBuilder("Period;Committee;Account;Amount\n");
        for (var m = 1; m <= 12; m++)
        {
            ledger.Append($"2025-{m:00};RS;8010;-1000\n2025-{m:00};RS;4010;{(m == 12 ? 1090 : 990)}\n");
            budget.Append($"2025-{m:00};RS;8010;-1000\n2025-{m:00};RS;4010;980\n");
        }

        return (ledger.ToString(), budget.ToString());
    }

    [Fact]
    public async Task A_late_forecast_changes_exactly_the_periods_it_is_in_force_for()
    {
        await using var session = await TestStorage.OpenAsync();
        var (ledger, budget) = Year();
        await IngestAsync(session, "ledger/2025.csv", ledger);
        await IngestAsync(session, "budget/2025.csv", budget);
        var compute = session.Get<ComputeHandler>();
        await compute.ComputeDirtyAsync(CancellationToken.None);
        var before = await TableAsync(session, Tables.Kpis);

        // Computed after July: 7 × 10 + 5 × 20 = 170.
        var july = before[("2025-07", "OperatingResult")];
        Assert.Equal((170d, "Computed", "2025-07"), (july.GetDouble("Forecast")!.Value, july.GetString("ForecastSource"), july.GetString("ForecastAsOf")));
        Assert.Equal(170d - 240d, july.GetDouble("ForecastDeviation")); // the year's budget: 12 × 20

        // RS forecasts 40 after August, late: August to December are recomputed, nothing before.
        await IngestAsync(session, "prognos/rs-2025-08.csv", "Prognosmånad;Nämnd;Konto;Prognos;Kommentar\n2025-08;RS;80;-12000;Lägre skatteintäkter\n2025-08;RS;4;11960;\n");
        var dirty = (await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None)).Select(d => d.Period).Where(p => p.Year == 2025).ToList();
        Assert.Equal(Enumerable.Range(8, 5).Select(m => new Period(2025, m)), dirty);
        await compute.ComputeDirtyAsync(CancellationToken.None);
        var after = await TableAsync(session, Tables.Kpis);

        foreach (var (key, row) in before.Where(r => string.CompareOrdinal(r.Key.Period, "2025-08") < 0))
        {
            Assert.Equal(row.GetDouble("Forecast"), after[key].GetDouble("Forecast"));
            Assert.Equal(row.GetDateTimeOffset("ComputedAt"), after[key].GetDateTimeOffset("ComputedAt")); // not even rewritten
        }

        Assert.Equal((40d, "Uploaded", "2025-08"), (after[("2025-08", "OperatingResult")].GetDouble("Forecast")!.Value,
            after[("2025-08", "OperatingResult")].GetString("ForecastSource"), after[("2025-08", "OperatingResult")].GetString("ForecastAsOf")));
        Assert.Equal((40d, "Carried", "2025-08"), (after[("2025-11", "OperatingResult")].GetDouble("Forecast")!.Value,
            after[("2025-11", "OperatingResult")].GetString("ForecastSource"), after[("2025-11", "OperatingResult")].GetString("ForecastAsOf")));
        Assert.Equal(40d / 12000d, after[("2025-09", "ResultShare")].GetDouble("Forecast")!.Value, 12);

        var committees = await TableAsync(session, Tables.CommitteeResults);
        var rs = committees[("2025-09", "RS")];
        Assert.Equal((-11960d, "Carried", "2025-08", "Lägre skatteintäkter"),
            (rs.GetDouble("Forecast")!.Value, rs.GetString("ForecastSource"), rs.GetString("ForecastAsOf"), rs.GetString("Comment")));
        Assert.Equal(-11960d - -11760d, rs.GetDouble("ForecastDeviation"));

        // December's ledger is in: accuracy of January–July (computed) and August–November (the upload).
        var accuracy = await TableAsync(session, Tables.ForecastAccuracy);
        var region = accuracy.Where(a => a.Value.GetString("Committee") == "Total" && a.Value.GetString("Line") == "OperatingResult").ToDictionary(a => a.Value.GetString("AsOf")!, a => a.Value);
        Assert.Equal(12, region.Count);
        Assert.Equal((230d, 20d, 210d, 10.5d), (region["2025-01"].GetDouble("Forecast")!.Value, region["2025-01"].GetDouble("Outcome")!.Value,
            region["2025-01"].GetDouble("Error")!.Value, region["2025-01"].GetDouble("ErrorShare")!.Value));
        Assert.Equal((40d, 1d), (region["2025-10"].GetDouble("Forecast")!.Value, region["2025-10"].GetDouble("ErrorShare")!.Value));
        // Mean: January–July (240 − 10m − 20) / 20 = 10.5 … 7.5, and four months of 1.0.
        Assert.Equal((10.5 + 10 + 9.5 + 9 + 8.5 + 8 + 7.5 + 4 * 1.0) / 11, region["mean"].GetDouble("ErrorShare")!.Value, 12);
        Assert.Equal(2025L, region["mean"].GetInt64("Year"));

        // Without an uploaded 2025 row the restoration walks the forecast in force after the latest ledger
        // (December: the August forecast, carried), 40.
        var restoration = await TableAsync(session, Tables.BalanceReq);
        var year = restoration[("current", "2025")];
        Assert.Equal(("Forecast", 40d), (year.GetString("Kind"), year.GetDouble("Result")!.Value));
    }
}
