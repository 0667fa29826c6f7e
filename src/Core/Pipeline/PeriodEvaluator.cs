using Azure.Data.Tables;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>
/// One computed period: everything the compute step writes for it (through <see cref="PeriodRows"/>)
/// and everything the reports and the console show of it.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="HasData">False when the period has neither a ledger nor finance data (nothing is written).</param>
/// <param name="Kpis">The KPI rows.</param>
/// <param name="Committees">The committee results.</param>
/// <param name="Months">The months of the year to date (the result chart).</param>
/// <param name="Sources">The imports the figures came from.</param>
/// <param name="Finance">The finance report (portfolio, debt, liquidity, limit checks); null when nothing was computed.</param>
/// <param name="LedgerFacts">The period's ledger facts of the winning imports.</param>
/// <param name="BudgetFacts">The period's budget facts.</param>
/// <param name="Policy">The policy version that judged the period; null when nothing was computed.</param>
public sealed record ComputeResult(Period Period, bool HasData, IReadOnlyList<KpiRow> Kpis, IReadOnlyList<CommitteeResult> Committees,
    IReadOnlyList<MonthResult> Months, IReadOnlyList<string> Sources, FinanceResult? Finance, IReadOnlyList<StagedAmount> LedgerFacts,
    IReadOnlyList<StagedAmount> BudgetFacts, FinancePolicy? Policy)
{
    /// <summary>A period with nothing to compute.</summary>
    public static ComputeResult Empty(Period period) => new(period, false, [], [], [], [], null, [], [], null);

    /// <summary>True when the period has a monthly report (a ledger).</summary>
    public bool HasLedger => Kpi(KpiCatalog.OperatingResult) is not null;

    /// <summary>A limit check by rule id, or null.</summary>
    public LimitCheck? Check(string ruleId) => Finance?.Checks.FirstOrDefault(c => c.RuleId == ruleId);

    /// <summary>The row of a figure, or null when the period does not have it.</summary>
    public KpiRow? Kpi(KpiDefinition definition) => Kpis.FirstOrDefault(k => k.Definition == definition);

    /// <summary>The full-year forecast in force per committee and for the region; null without a monthly report.</summary>
    public Forecast.RegionForecast? Forecast { get; init; }

    /// <summary>The 12-month rolling operating result up to the period (the trend chart).</summary>
    public IReadOnlyList<TrendPoint> Trend { get; init; } = [];
}

/// <summary>The restoration of negative balance-requirement results (balancereq, balancereqorigins).</summary>
/// <param name="Years">The restoration table by year.</param>
/// <param name="Origins">What remains of each year's deficit, by year and origin.</param>
/// <param name="Sources">The imports of each year's uploaded result.</param>
public sealed record RestorationResult(IReadOnlyList<RestorationYear> Years, IReadOnlyList<OriginYear> Origins, IReadOnlyDictionary<int, IReadOnlyList<string>> Sources)
{
    /// <summary>No results uploaded or computed.</summary>
    public static RestorationResult None { get; } = new([], [], new Dictionary<int, IReadOnlyList<string>>());
}

/// <summary>What the reports of a period render: its computed result and the restoration.</summary>
/// <param name="Result">The period's result.</param>
/// <param name="Restoration">The restoration of negative balance-requirement results.</param>
public sealed record PeriodReport(ComputeResult Result, RestorationResult Restoration);

/// <summary>
/// Computes periods from the staged facts without writing anything: the one computation behind the
/// compute run (<see cref="ComputeHandler"/>, which writes what this returns) and behind a report
/// rendered on its own (<c>regfin report</c>), so both show the same figures from the same code.
/// </summary>
/// <param name="storage">The storage account (the period's previous limit checks).</param>
/// <param name="stage">The staged facts.</param>
/// <param name="policies">The policy versions.</param>
public sealed class PeriodEvaluator(StorageAccount storage, FactStage stage, PolicyStore policies)
{
    /// <summary>Reads the inputs of a run over <paramref name="periods"/>, once per run (null: every month of the history).</summary>
    public Task<FinanceData> LoadAsync(IReadOnlyCollection<Period>? periods, CancellationToken cancellationToken) => FinanceData.LoadAsync(stage, policies, periods, cancellationToken);

    /// <summary>Computes one period.</summary>
    public async Task<ComputeResult> EvaluateAsync(Period period, FinanceData data, CancellationToken cancellationToken)
    {
        var inputs = await InputsAsync(period, data, cancellationToken).ConfigureAwait(false);
        var hasLedger = inputs.Ledger.TryGetValue(period, out var current);
        if (!hasLedger && !data.HasDataIn(period))
        {
            return ComputeResult.Empty(period);
        }

        var monthly = hasLedger ? MonthlyReport.Compute(inputs) : MonthlyFigures.None;
        var earlier = new List<LimitCheck>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}");
        await foreach (var row in storage.Table(Tables.LimitChecks).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            earlier.Add(PeriodRows.FromRow(row));
        }

        var finance = FinanceReport.Compute(period, inputs.Policy, data, monthly.Kpis, monthly.Committees, inputs.Pension, earlier);
        var sources = inputs.Ledger.Values.Concat(inputs.Budget.Values).SelectMany(a => a).Select(a => a.Import.Value)
            .Concat(monthly.Forecast?.Committees.Select(c => c.Import?.Value).OfType<string>() ?? [])
            .Concat(finance.Sources.Values.SelectMany(s => s))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return new ComputeResult(period, true, monthly.Kpis.Concat(finance.Kpis).ToList(), monthly.Committees, monthly.Months, sources, finance,
            current ?? [], inputs.Budget.GetValueOrDefault(period, []), inputs.Policy)
        {
            Forecast = monthly.Forecast,
            Trend = monthly.Trend,
        };
    }

    /// <summary>
    /// The restoration from the uploaded results (Actual before Forecast before Plan within a year)
    /// and, for the year of the latest ledger without an uploaded row, that period's computed
    /// balance-requirement result as ComputedYtd (shown, never used for restoration). The latest
    /// period's result is taken from <paramref name="computed"/> when this run computed it, else computed here.
    /// </summary>
    public async Task<RestorationResult> RestorationAsync(FinanceData data, IReadOnlyList<ComputeResult> computed, CancellationToken cancellationToken)
    {
        IReadOnlyList<YearResult> all = data.BalanceResults.Select(r => r.Value).ToList();
        if (data.LatestLedger is { } latest && all.All(r => r.Year != latest.Year))
        {
            var result = computed.FirstOrDefault(r => r.Period == latest) ?? await EvaluateAsync(latest, data, cancellationToken).ConfigureAwait(false);
            var brr = result.Kpi(KpiCatalog.BalanceRequirementResult);
            all = Restoration.WithCurrentYear(all, latest.Year, brr?.Forecast?.Value, brr?.Value);
        }

        var (years, origins) = Restoration.Compute(all);
        var sources = data.BalanceResults.GroupBy(r => r.Value.Year)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Import.Value).ToList());
        return new RestorationResult(years, origins, sources);
    }

    /// <summary>
    /// Forecast accuracy (kpis.md) of every year of <see cref="FinanceData.AccuracyYears"/> whose December has
    /// a ledger, from the loaded data alone.
    /// </summary>
    public static IReadOnlyList<Forecast.AccuracyRow> Accuracy(FinanceData data)
    {
        var ledger = data.AccuracyYears is { } years ? data.Ledger.Where(l => years.Contains(l.Key.Year)).ToDictionary() : data.Ledger;
        return Forecast.ForecastAccuracy.Compute(ledger, data.Budget, data.YearForecasts, p => data.Policies.At(p.LastDay).Accounts);
    }

    /// <summary>A period's report computed on its own (nothing is written).</summary>
    public async Task<PeriodReport> ReportAsync(Period period, CancellationToken cancellationToken)
    {
        var data = await LoadAsync([period], cancellationToken).ConfigureAwait(false);
        var result = await EvaluateAsync(period, data, cancellationToken).ConfigureAwait(false);
        return new PeriodReport(result, await RestorationAsync(data, [result], cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Gathers every input of the monthly report of <paramref name="period"/> (only the balance sheet is read per period).</summary>
    private async Task<PeriodInputs> InputsAsync(Period period, FinanceData data, CancellationToken cancellationToken)
    {
        var ledgerMonths = Enumerable.Range(0, 12 + period.Month).Select(i => new Period(period.Year - 1, 1).AddMonths(i));
        var budgetMonths = Enumerable.Range(1, 12).Select(m => new Period(period.Year, m));
        static Dictionary<Period, IReadOnlyList<StagedAmount>> Months(IEnumerable<Period> months, IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> all) =>
            months.Where(all.ContainsKey).ToDictionary(m => m, m => all[m]);

        var balanceRows = await stage.CountingAsync(BalanceKind.Schema, period.ToString(), cancellationToken).ConfigureAwait(false);
        var loans = data.LoansAt(period.LastDay);
        return new PeriodInputs(
            period,
            data.Policies.At(period.LastDay),
            Months(ledgerMonths, data.Ledger),
            Months(budgetMonths, data.Budget),
            balanceRows.Count == 0 ? null : balanceRows.ToDictionary(r => r.Record.Item, r => r.Record.Amount, StringComparer.Ordinal),
            data.PensionAt(period.LastDay),
            loans is null ? null : (loans.Value[0].AsOf, loans.Value.Sum(l => l.Principal)),
            data.YearForecasts.Where(f => f.AsOf.Year == period.Year && f.AsOf <= period).ToList()) { InvestmentsYtd = data.InvestmentsAt(period)?.Total.OutcomeYtd };
    }
}
