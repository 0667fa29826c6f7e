using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Regfin.Core.Alerts;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Compliance;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>
/// The compute run — the handler behind the compute timer and <c>regfin compute</c>: computes the
/// dirty periods with <see cref="PeriodEvaluator"/>, writes each result through <see cref="PeriodRows"/>
/// (whole partitions, so computing twice gives the same tables), raises the alerts of status
/// changes, logs the run, then writes the restoration, the dimensions and the reports from the same
/// results. The result depends only on the accepted files and the policy in force.
/// </summary>
public sealed class ComputeHandler(
    StorageAccount storage,
    PeriodEvaluator evaluator,
    DirtyPeriods dirtyPeriods,
    OutputRows outputRows,
    PartitionWriter writer,
    AlertOutbox alerts,
    AlertDispatcher dispatcher,
    RunLog runs,
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

        var data = await LoadAsync(dirty.Select(d => d.Period).ToArray(), cancellationToken).ConfigureAwait(false);
        foreach (var mark in dirty)
        {
            results.Add(await ComputePeriodAsync(mark.Period, data, cancellationToken).ConfigureAwait(false));
            await dirtyPeriods.ClearAsync(mark, cancellationToken).ConfigureAwait(false);
        }

        // The alerts were raised with their periods; delivering them needs nothing of the run's finish.
        await Task.WhenAll(FinishRunAsync(data, results, cancellationToken), DispatchAlertsAsync(cancellationToken)).ConfigureAwait(false);
        return results;
    }

    /// <summary>Computes one period and the restoration.</summary>
    public async Task<ComputeResult> ComputeAsync(Period period, CancellationToken cancellationToken)
    {
        var data = await LoadAsync([period], cancellationToken).ConfigureAwait(false);
        var result = await ComputePeriodAsync(period, data, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(FinishRunAsync(data, [result], cancellationToken), DispatchAlertsAsync(cancellationToken)).ConfigureAwait(false);
        return result;
    }

    private async Task<FinanceData> LoadAsync(Period[] periods, CancellationToken cancellationToken)
    {
        var clock = new PhaseClock();
        var data = await evaluator.LoadAsync(periods, cancellationToken).ConfigureAwait(false);
        clock.Lap("load");
        logger.LogInformation("Loaded the inputs of {Count} periods: ledger of {LedgerMonths} months, budget of {BudgetMonths} months ({Steps})",
            periods.Length, data.Ledger.Count, data.Budget.Count, clock);
        return data;
    }

    private async Task<ComputeResult> ComputePeriodAsync(Period period, FinanceData data, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = new PhaseClock();
        var result = await evaluator.EvaluateAsync(period, data, cancellationToken).ConfigureAwait(false);
        clock.Lap("evaluate");
        if (!result.HasData)
        {
            logger.LogInformation("Period {Period} has neither ledger nor holdings, loans or balances: nothing to compute", period);
            return result;
        }

        var computedAt = time.GetUtcNow();
        var version = result.Policy!.Version.ToString();
        var partition = period.ToString();

        // A row as it is stored: a long Detail cut (the whole text kept aside) and the common columns added.
        async Task<ITableEntity> Stored(string table, TableEntity row, IReadOnlyList<string> rowSources, CancellationToken ct)
        {
            if (row.GetString("Detail") is { } detail)
            {
                row["Detail"] = await outputRows.CellTextAsync(table, row, "Detail", detail, ct).ConfigureAwait(false);
            }

            return await outputRows.WithCommonAsync(table, row, period, computedAt, version, rowSources, ct).ConfigureAwait(false);
        }

        // Every period table is replaced whole (only changed rows are written), also when the period now has no rows in it.
        var rows = PeriodRows.PeriodTables.ToDictionary(t => t, _ => new List<ITableEntity>(), StringComparer.Ordinal);
        foreach (var (table, row, rowSources) in PeriodRows.Of(result))
        {
            rows[table].Add(await Stored(table, row, rowSources, cancellationToken).ConfigureAwait(false));
        }

        clock.Lap("rows");
        // The fact tables' rows are built only when their inputs changed since they were last written.
        async Task<IReadOnlyCollection<ITableEntity>> FactRows(FactPartition facts, CancellationToken ct)
        {
            var built = new List<ITableEntity>();
            foreach (var (row, rowSources) in facts.Rows())
            {
                built.Add(await Stored(facts.Table, row, rowSources, ct).ConfigureAwait(false));
            }

            return built;
        }

        var writes = await Task.WhenAll(rows.Select(t => writer.ReplacePartitionAsync(t.Key, partition, t.Value, cancellationToken))
            .Concat(PeriodRows.Facts(result).Select(f => writer.ReplacePartitionFromInputsAsync(f.Table, partition, f.Inputs, ct => FactRows(f, ct), cancellationToken)))).ConfigureAwait(false);
        var written = writes.Aggregate(default(PartitionWrite), (a, b) => a + b);
        clock.Lap("facts and write");

        // The outbox: status changes since the period's latest alerts, written before any delivery.
        var raised = AlertDetector.Detect(period, result.Finance!.Checks, await alerts.LatestAsync(period, cancellationToken).ConfigureAwait(false), version, computedAt);
        await alerts.RaiseAsync(raised, cancellationToken).ConfigureAwait(false);

        await runs.RecordAsync(period, started, time.GetUtcNow(), result.Sources, cancellationToken).ConfigureAwait(false);
        clock.Lap("alerts and run");

        logger.LogInformation("Computed {Period} under policy {PolicyVersion}: OperatingResult {OperatingResult} SEK from {Sources} imports; rows {Written} written, {Deleted} deleted, {Unchanged} unchanged ({Steps})",
            period, version, result.Kpi(KpiCatalog.OperatingResult)?.Value, result.Sources.Count, written.Written, written.Deleted, written.Unchanged, clock);
        return result;
    }

    /// <summary>
    /// What follows the periods of a run, independent of which periods were computed and in what
    /// order: the restoration tables, the dimensions, and the reports of the computed periods.
    /// </summary>
    private async Task FinishRunAsync(FinanceData data, List<ComputeResult> results, CancellationToken cancellationToken)
    {
        var clock = new PhaseClock();
        // The dimensions need nothing of the restoration or the accuracy (they read limitchecks and
        // committeeresults, which the periods wrote): they are read and written alongside them.
        var latest = data.LatestLedger?.LastDay ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var dimensionsTime = new PhaseClock();
        var dimensions = DimensionsAsync();
        await Task.WhenAll(RestorationAndAccuracyAsync(), dimensions).ConfigureAwait(false);
        logger.LogInformation("Finished the run of {Count} periods ({Steps}; alongside: {Dimensions})", results.Count, clock, dimensionsTime);

        async Task DimensionsAsync()
        {
            await Task.WhenAll(WriteDimensionsAsync(data.Policies.At(latest), latest.Year, cancellationToken), WriteRuleDimensionAsync(cancellationToken)).ConfigureAwait(false);
            dimensionsTime.Lap("dimensions");
        }

        async Task RestorationAndAccuracyAsync()
        {
            var restoration = await evaluator.RestorationAsync(data, results, cancellationToken).ConfigureAwait(false);
            clock.Lap("restoration");
            // The pages are rendered (our CPU) while the tables below are written (storage round trips),
            // and published after them, so a page never shows figures the tables do not hold yet.
            var rendering = Task.Run(() => results.Where(r => r.HasData).Select(r => reports.Render(new PeriodReport(r, restoration))).ToList(), cancellationToken);
            var computedAt = time.GetUtcNow().UtcDateTime;
            var (years, origins) = PeriodRows.Of(restoration, computedAt);
            await writer.ReplaceTableAsync(Tables.BalanceReq, years, cancellationToken).ConfigureAwait(false);
            await writer.ReplaceTableAsync(Tables.BalanceReqOrigins, origins, cancellationToken).ConfigureAwait(false);
            clock.Lap("restoration written");
            // Forecast accuracy of the years this run's periods belong to (any input of a year dirties a period of it).
            var accuracy = PeriodRows.Of(PeriodEvaluator.Accuracy(data), year => data.Policies.At(new Period(year, 12).LastDay).Version.ToString(), computedAt);
            clock.Lap("accuracy");
            if (data.AccuracyYears is { } accuracyYears)
            {
                foreach (var year in accuracyYears.Order())
                {
                    var key = year.ToString("0000", CultureInfo.InvariantCulture);
                    await writer.ReplacePartitionAsync(Tables.ForecastAccuracy, key, accuracy.Where(a => a.PartitionKey == key).ToList(), cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await writer.ReplaceTableAsync(Tables.ForecastAccuracy, accuracy, cancellationToken).ConfigureAwait(false);
            }

            clock.Lap("accuracy written");
            var pages = await rendering.ConfigureAwait(false);
            await dimensions.ConfigureAwait(false); // the pages are published after every table of the run
            foreach (var page in pages)
            {
                await reports.UploadAsync(page, cancellationToken).ConfigureAwait(false);
            }

            clock.Lap("reports");
        }
    }

    /// <summary>Delivers pending alerts; a failing channel is logged and retried on the next run, never thrown.</summary>
    private async Task DispatchAlertsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var clock = new PhaseClock();
            var dispatched = await dispatcher.DispatchAsync(cancellationToken).ConfigureAwait(false);
            clock.Lap("dispatch");
            logger.LogInformation("Alert dispatch: {Delivered} delivered, {Failed} failed, {Pending} pending ({Steps})", dispatched.Delivered, dispatched.Failed, dispatched.Pending, clock);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Alert dispatch failed; the alerts stay in the outbox for the next run");
        }
    }

    /// <summary>
    /// dimrule: every rule id that appears in limitchecks, with its Swedish and English label. The
    /// dimension describes the fact table across every period, also those this run did not compute,
    /// so it is read from that table (key and label columns only).
    /// </summary>
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
        await writer.ReplacePartitionAsync(Tables.DimRule, "all", dim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// dimkpi (the catalogue) and dimcommittee (the latest policy's committees and every committee in
    /// committeeresults, read from that table for the same reason as dimrule), each with the ceiling
    /// of <paramref name="year"/>, the year of the latest ledger.
    /// </summary>
    private async Task WriteDimensionsAsync(FinancePolicy policy, int year, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in storage.Table(Tables.CommitteeResults).QueryAsync<TableEntity>(select: ["Committee"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            seen.Add(row.GetString("Committee")!);
        }

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
            ["NetCostGrowthMax"] = OutputRows.Measure(policy.Committees.GetValueOrDefault(code)?.CeilingFor(year)),
        }).ToList();
        await writer.ReplacePartitionAsync(Tables.DimKpi, "all", kpis, cancellationToken).ConfigureAwait(false);
        await writer.ReplacePartitionAsync(Tables.DimCommittee, "all", committees, cancellationToken).ConfigureAwait(false);
    }
}
