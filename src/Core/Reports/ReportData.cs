using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Reports;

/// <summary>One day of the projected liquidity (the cash forecast added to the day's funds).</summary>
/// <param name="Day">The day.</param>
/// <param name="Own">Own funds projected.</param>
/// <param name="WithCredit">With the credit facility.</param>
public readonly record struct ProjectedDay(DateOnly Day, decimal Own, decimal WithCredit);

/// <summary>
/// What the reports of a period show, read from the output tables (the same contract Power BI reads)
/// and, for the projected liquidity, the cash forecast the liquidity row names.
/// </summary>
public sealed class ReportData
{
    private ReportData(Period period) => Period = period;

    /// <summary>The period.</summary>
    public Period Period { get; }

    /// <summary>kpis of the period, by KpiId.</summary>
    public IReadOnlyDictionary<string, TableEntity> Kpis { get; private init; } = new Dictionary<string, TableEntity>();

    /// <summary>kpis of every month of the year to the period (for the monthly charts).</summary>
    public IReadOnlyDictionary<Period, IReadOnlyDictionary<string, TableEntity>> YearKpis { get; private init; } = new Dictionary<Period, IReadOnlyDictionary<string, TableEntity>>();

    /// <summary>committeeresults of the period.</summary>
    public IReadOnlyList<TableEntity> Committees { get; private init; } = [];

    /// <summary>balancereq rows, by year.</summary>
    public IReadOnlyList<TableEntity> Restoration { get; private init; } = [];

    /// <summary>allocation rows.</summary>
    public IReadOnlyList<TableEntity> Allocation { get; private init; } = [];

    /// <summary>returns rows.</summary>
    public IReadOnlyList<TableEntity> Returns { get; private init; } = [];

    /// <summary>The debt row, if any.</summary>
    public TableEntity? Debt { get; private init; }

    /// <summary>maturityprofile rows.</summary>
    public IReadOnlyList<TableEntity> Maturity { get; private init; } = [];

    /// <summary>liquidity rows of the period, by date.</summary>
    public IReadOnlyList<TableEntity> Liquidity { get; private init; } = [];

    /// <summary>limitchecks rows.</summary>
    public IReadOnlyList<TableEntity> Checks { get; private init; } = [];

    /// <summary>The projected balance over the forecast horizon from the period's last day with balances.</summary>
    public IReadOnlyList<ProjectedDay> Projection { get; private init; } = [];

    /// <summary>The policy version that judged the period.</summary>
    public string? PolicyVersion => Kpis.Values.Concat(Checks).Select(r => r.GetString("PolicyVersion")).FirstOrDefault(v => v is not null);

    /// <summary>When the period was computed.</summary>
    public DateTimeOffset? ComputedAt => Kpis.Values.Select(r => r.GetDateTimeOffset("ComputedAt")).Max();

    /// <summary>True when the period has a monthly report (a ledger).</summary>
    public bool HasLedger => Kpis.ContainsKey("OperatingResult");

    /// <summary>True when the period has anything for the finance report.</summary>
    public bool HasFinance => Allocation.Count > 0 || Debt is not null || Liquidity.Count > 0 || Checks.Count > 0;

    /// <summary>Reads the period's rows.</summary>
    public static async Task<ReportData> LoadAsync(StorageAccount storage, FactStage stage, Period period, CancellationToken cancellationToken)
    {
        async Task<List<TableEntity>> Partition(string table, string partition)
        {
            var rows = new List<TableEntity>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            await foreach (var row in storage.Table(table).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }

            return rows;
        }

        var p = period.ToString();
        var months = period.YearToDate().ToList();
        var yearKpis = await Task.WhenAll(months.Select(m => Partition(Tables.Kpis, m.ToString()))).ConfigureAwait(false);
        var restoration = new List<TableEntity>();
        await foreach (var row in storage.Table(Tables.BalanceReq).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            restoration.Add(row);
        }

        var liquidity = (await Partition(Tables.Liquidity, p).ConfigureAwait(false)).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        var projection = new List<ProjectedDay>();
        if (liquidity.LastOrDefault() is { } last && last.GetDateTimeOffset("ForecastAsOf") is { } forecastAsOf)
        {
            var day = DateOnly.FromDateTime(last.GetDateTimeOffset("Date")!.Value.UtcDateTime);
            var own = (decimal)(last.GetDouble("LiquidFunds") ?? 0);
            var credit = (decimal)(last.GetDouble("CreditFacility") ?? 0);
            var scope = forecastAsOf.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var flows = (await stage.CountingAsync(Ingestion.Kinds.CashForecastKind.Schema, scope, cancellationToken).ConfigureAwait(false))
                .Select(r => (r.Record.Date, r.Record.Amount)).Where(f => f.Date > day).ToList();
            projection.Add(new ProjectedDay(day, own, own + credit));
            if (flows.Count > 0)
            {
                for (var d = day.AddDays(1); d <= flows.Max(f => f.Date); d = d.AddDays(1))
                {
                    own += flows.Where(f => f.Date == d).Sum(f => f.Amount);
                    projection.Add(new ProjectedDay(d, own, own + credit));
                }
            }
        }

        var debt = await Partition(Tables.Debt, p).ConfigureAwait(false);
        return new ReportData(period)
        {
            Kpis = yearKpis[^1].ToDictionary(r => r.RowKey, StringComparer.Ordinal),
            YearKpis = months.Zip(yearKpis).Where(x => x.Second.Count > 0)
                .ToDictionary(x => x.First, x => (IReadOnlyDictionary<string, TableEntity>)x.Second.ToDictionary(r => r.RowKey, StringComparer.Ordinal)),
            Committees = (await Partition(Tables.CommitteeResults, p).ConfigureAwait(false)).OrderBy(r => r.GetString("Committee"), StringComparer.Ordinal).ToList(),
            Restoration = restoration.OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList(),
            Allocation = await Partition(Tables.Allocation, p).ConfigureAwait(false),
            Returns = await Partition(Tables.Returns, p).ConfigureAwait(false),
            Debt = debt.FirstOrDefault(),
            Maturity = (await Partition(Tables.MaturityProfile, p).ConfigureAwait(false)).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList(),
            Liquidity = liquidity,
            Checks = await Partition(Tables.LimitChecks, p).ConfigureAwait(false),
            Projection = projection,
        };
    }
}
