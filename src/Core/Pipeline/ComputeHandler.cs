using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Regfin.Core.Alerts;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>
/// One computed period: everything the compute step writes for it (through <see cref="PeriodRows"/>)
/// and everything the reports and the console read of it.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="HasData">False when no ledger exists for the period (nothing was written).</param>
/// <param name="Kpis">The KPI rows.</param>
/// <param name="Committees">The committee results.</param>
/// <param name="Sources">The imports the figures came from.</param>
/// <param name="Finance">The finance report (portfolio, debt, liquidity, limit checks); null when nothing was computed.</param>
/// <param name="LedgerFacts">The period's ledger facts of the winning imports.</param>
/// <param name="BudgetFacts">The period's budget facts.</param>
/// <param name="Policy">The policy version that judged the period; null when nothing was computed.</param>
public sealed record ComputeResult(Period Period, bool HasData, IReadOnlyList<KpiRow> Kpis, IReadOnlyList<CommitteeResult> Committees,
    IReadOnlyList<string> Sources, FinanceResult? Finance, IReadOnlyList<StagedAmount> LedgerFacts, IReadOnlyList<StagedAmount> BudgetFacts,
    FinancePolicy? Policy)
{
    /// <summary>A period with nothing to compute.</summary>
    public static ComputeResult Empty(Period period) => new(period, false, [], [], [], null, [], [], null);

    /// <summary>A limit check by rule id, or null.</summary>
    public LimitCheck? Check(string ruleId) => Finance?.Checks.FirstOrDefault(c => c.RuleId == ruleId);

    /// <summary>A KPI's value by id, or null.</summary>
    public decimal? Value(string kpiId) => Kpis.FirstOrDefault(k => k.KpiId == kpiId)?.Value;
}

/// <summary>
/// Computes periods from the staged facts — the handler behind the compute timer and
/// <c>regfin compute</c>: the monthly report (kpis, committeeresults, ledgerfacts, budgetfacts),
/// the restoration tables and the dimensions. Every run rewrites whole partitions, so computing
/// twice gives the same tables, and the result depends only on the accepted files and the policy in
/// force.
/// </summary>
public sealed class ComputeHandler(
    StorageAccount storage,
    FactStage stage,
    PolicyStore policies,
    DirtyPeriods dirtyPeriods,
    OutputRows outputRows,
    AlertOutbox alerts,
    AlertDispatcher dispatcher,
    Reports.ReportWriter reports,
    TimeProvider time,
    ILogger<ComputeHandler> logger)
{
    /// <summary>Computes every dirty period, oldest first, clearing each mark when done; then the restoration.</summary>
    public async Task<IReadOnlyList<ComputeResult>> ComputeDirtyAsync(CancellationToken cancellationToken)
    {
        var results = new List<ComputeResult>();
        var dirty = await dirtyPeriods.ListAsync(cancellationToken).ConfigureAwait(false);
        if (dirty.Count == 0)
        {
            await DispatchAlertsAsync(cancellationToken).ConfigureAwait(false); // every compute run delivers what is pending
            return results;
        }

        var data = await FinanceData.LoadAsync(stage, policies, cancellationToken).ConfigureAwait(false);
        foreach (var mark in dirty)
        {
            results.Add(await ComputePeriodAsync(mark.Period, data, cancellationToken).ConfigureAwait(false));
            await dirtyPeriods.ClearAsync(mark, cancellationToken).ConfigureAwait(false);
        }

        await FinishRunAsync(data, cancellationToken).ConfigureAwait(false);
        await PublishReportsAsync(results.Where(r => r.HasData).Select(r => r.Period), cancellationToken).ConfigureAwait(false);
        await DispatchAlertsAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Computes one period and the restoration.</summary>
    public async Task<ComputeResult> ComputeAsync(Period period, CancellationToken cancellationToken)
    {
        var data = await FinanceData.LoadAsync(stage, policies, cancellationToken).ConfigureAwait(false);
        var result = await ComputePeriodAsync(period, data, cancellationToken).ConfigureAwait(false);
        await FinishRunAsync(data, cancellationToken).ConfigureAwait(false);
        await PublishReportsAsync(result.HasData ? [period] : [], cancellationToken).ConfigureAwait(false);
        await DispatchAlertsAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<ComputeResult> ComputePeriodAsync(Period period, FinanceData data, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var inputs = await LoadAsync(period, data, cancellationToken).ConfigureAwait(false);
        var hasLedger = inputs.Ledger.TryGetValue(period, out var current);
        if (!hasLedger && !data.HasDataIn(period))
        {
            logger.LogInformation("Period {Period} has neither ledger nor holdings, loans or balances: nothing to compute", period);
            return ComputeResult.Empty(period);
        }

        var (monthlyKpis, committees) = hasLedger ? MonthlyReport.Compute(inputs) : ([], []);
        var earlier = new List<LimitCheck>();
        var partition = period.ToString();
        var limitTable = storage.Table(Tables.LimitChecks);
        await foreach (var row in limitTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            earlier.Add(PeriodRows.FromRow(row));
        }

        var finance = FinanceReport.Compute(period, inputs.Policy, data, monthlyKpis, committees, inputs.Pension, earlier);
        var kpis = monthlyKpis.Concat(finance.Kpis).ToList();
        var sources = inputs.Ledger.Values.Concat(inputs.Budget.Values).SelectMany(a => a).Select(a => a.Import.Value)
            .Concat(finance.Sources.Values.SelectMany(s => s))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var computedAt = time.GetUtcNow();
        var version = inputs.Policy.Version.ToString();

        var result = new ComputeResult(period, true, kpis, committees, sources, finance, current ?? [], inputs.Budget.GetValueOrDefault(period, []), inputs.Policy);

        // Every period table is replaced whole, also when the period now has no rows in it.
        var rows = PeriodRows.PeriodTables.ToDictionary(t => t, _ => new List<ITableEntity>(), StringComparer.Ordinal);
        foreach (var (table, row, rowSources) in PeriodRows.Of(result))
        {
            if (row.GetString("Detail") is { } detail)
            {
                row["Detail"] = await outputRows.CellTextAsync(table, row, "Detail", detail, cancellationToken).ConfigureAwait(false);
            }

            rows[table].Add(await outputRows.WithCommonAsync(table, row, period, computedAt, version, rowSources, cancellationToken).ConfigureAwait(false));
        }

        await Task.WhenAll(rows.Select(t => PartitionWriter.ReplacePartitionAsync(storage.Table(t.Key), partition, t.Value, cancellationToken))).ConfigureAwait(false);

        // The outbox: status changes since the period's latest alerts, written before any delivery.
        var raised = AlertDetector.Detect(period, finance.Checks, await alerts.LatestAsync(period, cancellationToken).ConfigureAwait(false), version, computedAt);
        await alerts.RaiseAsync(raised, cancellationToken).ConfigureAwait(false);

        var run = new TableEntity(partition, started.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8])
        {
            ["Started"] = started.UtcDateTime,
            ["Completed"] = time.GetUtcNow().UtcDateTime,
            ["Imports"] = await outputRows.CellTextAsync(Tables.Runs, new TableEntity(partition, "run"), "Imports", string.Join(';', sources), cancellationToken).ConfigureAwait(false),
        };
        await storage.Table(Tables.Runs).UpsertEntityAsync(run, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

        logger.LogInformation("Computed {Period} under policy {PolicyVersion}: OperatingResult {OperatingResult} SEK from {Sources} imports",
            period, version, result.Value("OperatingResult"), sources.Count);
        return result;
    }

    /// <summary>Writes the HTML reports of the computed periods to <c>reports/{period}/</c>.</summary>
    private async Task PublishReportsAsync(IEnumerable<Period> periods, CancellationToken cancellationToken)
    {
        foreach (var period in periods)
        {
            await reports.PublishAsync(period, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Delivers pending alerts; a failing channel is logged and retried on the next run, never thrown.</summary>
    private async Task DispatchAlertsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await dispatcher.DispatchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Alert dispatch failed; the alerts stay in the outbox for the next run");
        }
    }

    /// <summary>Gathers every input of the monthly report of <paramref name="period"/> (only the balance sheet is read per period).</summary>
    private async Task<PeriodInputs> LoadAsync(Period period, FinanceData data, CancellationToken cancellationToken)
    {
        var ledgerMonths = Enumerable.Range(0, 12 + period.Month).Select(i => new Period(period.Year - 1, 1).AddMonths(i));
        var budgetMonths = Enumerable.Range(1, 12).Select(m => new Period(period.Year, m));
        static Dictionary<Period, IReadOnlyList<StagedAmount>> Months(IEnumerable<Period> months, IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> all) =>
            months.Where(all.ContainsKey).ToDictionary(m => m, m => all[m]);

        var balanceRows = await stage.CountingAsync(InputKind.Balance, period.ToString(), cancellationToken).ConfigureAwait(false);
        var loans = data.LoansAt(period.LastDay);
        return new PeriodInputs(
            period,
            data.Policies.At(period.LastDay),
            Months(ledgerMonths, data.Ledger),
            Months(budgetMonths, data.Budget),
            balanceRows.Count == 0 ? null : balanceRows.ToDictionary(r => r.Text("Item")!, r => r.Number("Amount")!.Value, StringComparer.Ordinal),
            data.PensionAt(period.LastDay),
            loans is null ? null : (loans.Value[0].AsOf, loans.Value.Sum(l => l.Principal)));
    }

    /// <summary>
    /// What follows the periods of a run, independent of which periods were computed and in what
    /// order: the restoration tables and the dimensions.
    /// </summary>
    private async Task FinishRunAsync(FinanceData data, CancellationToken cancellationToken)
    {
        var ledgerPeriods = data.Ledger.Keys.ToList();
        await ComputeRestorationAsync(data, cancellationToken).ConfigureAwait(false);
        var latest = ledgerPeriods.Count > 0 ? ledgerPeriods.Max().LastDay : DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var policy = data.Policies.At(latest);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in storage.Table(Tables.CommitteeResults).QueryAsync<TableEntity>(select: ["Committee"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            seen.Add(row.GetString("Committee")!);
        }

        await WriteDimensionsAsync(policy, seen, cancellationToken).ConfigureAwait(false);
        await WriteRuleDimensionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>dimrule: every rule id that appears in limitchecks, with its Swedish and English label.</summary>
    private async Task WriteRuleDimensionAsync(CancellationToken cancellationToken)
    {
        var rules = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in storage.Table(Tables.LimitChecks).QueryAsync<TableEntity>(select: ["RowKey", "RuleId", "Area", "Kind", "Description", "Unit", "PolicyVersion"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // The newest policy version's wording wins.
            if (rules.TryGetValue(row.RowKey, out var seen) && string.CompareOrdinal(seen.GetString("PolicyVersion"), row.GetString("PolicyVersion")) > 0)
            {
                continue;
            }

            rules[row.RowKey] = row;
        }

        var dim = rules.Select(r => (ITableEntity)new TableEntity("all", r.Key)
        {
            ["RuleId"] = r.Value.GetString("RuleId"),
            ["Area"] = r.Value.GetString("Area"),
            ["Kind"] = r.Value.GetString("Kind"),
            ["LabelSv"] = r.Value.GetString("Description"),
            ["LabelEn"] = RuleLabels.English(r.Value.GetString("RuleId")!),
            ["Unit"] = r.Value.GetString("Unit"),
        }).ToList();
        await PartitionWriter.ReplacePartitionAsync(storage.Table(Tables.DimRule), "all", dim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rewrites balancereq and balancereqorigins from the uploaded results (Actual before Forecast
    /// before Plan within a year) and, for the year of the latest ledger without an uploaded row, the
    /// computed year to date as ComputedYtd (shown, never used for restoration).
    /// </summary>
    private async Task ComputeRestorationAsync(FinanceData data, CancellationToken cancellationToken)
    {
        var ledgerPeriods = data.Ledger.Keys.ToList();
        var results = data.BalanceResults;
        var all = results.Select(r => r.Value).ToList();

        if (ledgerPeriods.Count > 0 && ledgerPeriods.Max() is var latest && all.All(r => r.Year != latest.Year))
        {
            var kpi = await storage.Table(Tables.Kpis).GetEntityIfExistsAsync<TableEntity>(latest.ToString(), "BalanceRequirementResult", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (kpi.HasValue && kpi.Value!.GetDouble("Value") is { } ytd)
            {
                all.Add(new YearResult(latest.Year, ResultKind.ComputedYtd, (decimal)ytd, 0, null));
            }
        }

        var (years, origins) = Restoration.Compute(all);
        var computedAt = time.GetUtcNow().UtcDateTime;
        string Sources(int year) => string.Join(';', results.Where(r => r.Value.Year == year).Select(r => r.Import.Value));
        var yearRows = years.Select(y => (ITableEntity)new TableEntity("current", y.Year.ToString("0000", CultureInfo.InvariantCulture))
        {
            ["Year"] = (long)y.Year,
            ["Kind"] = y.Kind.ToString(),
            ["Opening"] = OutputRows.Amount(y.Opening),
            ["Result"] = OutputRows.Amount(y.Result),
            ["Waiver"] = OutputRows.Amount(y.Waiver),
            ["Restored"] = OutputRows.Amount(y.Restored),
            ["Closing"] = OutputRows.Amount(y.Closing),
            ["ComputedAt"] = computedAt,
            ["Sources"] = Sources(y.Year),
        }).ToList();
        var originRows = origins.Select(o => (ITableEntity)new TableEntity(o.Year.ToString("0000", CultureInfo.InvariantCulture), o.Origin.ToString("0000", CultureInfo.InvariantCulture))
        {
            ["Year"] = (long)o.Year,
            ["Origin"] = (long)o.Origin,
            ["Remaining"] = OutputRows.Amount(o.Remaining),
            ["Deadline"] = (long)o.Deadline,
            ["Status"] = o.Status.ToString(),
            ["ComputedAt"] = computedAt,
            ["Sources"] = Sources(o.Origin),
        }).ToList();
        await PartitionWriter.ReplaceTableAsync(storage.Table(Tables.BalanceReq), yearRows, cancellationToken).ConfigureAwait(false);
        await PartitionWriter.ReplaceTableAsync(storage.Table(Tables.BalanceReqOrigins), originRows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>dimkpi (the catalogue) and dimcommittee (the latest policy's committees and every committee in the results).</summary>
    private async Task WriteDimensionsAsync(FinancePolicy policy, IReadOnlySet<string> seen, CancellationToken cancellationToken)
    {
        var kpis = KpiCatalog.All.Select(k => (ITableEntity)new TableEntity("all", k.KpiId)
        {
            ["KpiId"] = k.KpiId, ["LabelSv"] = k.LabelSv, ["LabelEn"] = k.LabelEn, ["Unit"] = k.Unit, ["Area"] = k.Area, ["Formula"] = k.Formula,
        }).ToList();
        var codes = policy.Committees.Keys.Concat(seen).Distinct().Order(StringComparer.Ordinal);
        var committees = codes.Select(code => (ITableEntity)new TableEntity("all", KeyCodec.Encode(code))
        {
            ["Committee"] = code,
            ["LabelSv"] = policy.Committees.GetValueOrDefault(code)?.Name ?? code,
            ["LabelEn"] = KpiCatalog.CommitteeEnglish(code),
            ["NetCostGrowthMax"] = OutputRows.Measure(policy.Committees.GetValueOrDefault(code)?.NetCostGrowthMax),
        }).ToList();
        await PartitionWriter.ReplacePartitionAsync(storage.Table(Tables.DimKpi), "all", kpis, cancellationToken).ConfigureAwait(false);
        await PartitionWriter.ReplacePartitionAsync(storage.Table(Tables.DimCommittee), "all", committees, cancellationToken).ConfigureAwait(false);
    }
}
