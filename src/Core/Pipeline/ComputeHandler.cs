using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Core.Policy;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>The outcome of computing one period.</summary>
/// <param name="Period">The period.</param>
/// <param name="HasData">False when no ledger exists for the period (nothing was written).</param>
/// <param name="Kpis">The KPI rows written.</param>
/// <param name="Sources">The imports the figures came from.</param>
public sealed record ComputeResult(Period Period, bool HasData, IReadOnlyList<KpiRow> Kpis, IReadOnlyList<string> Sources)
{
    /// <summary>A KPI's value by id, or null.</summary>
    public decimal? Value(string kpiId) => Kpis.FirstOrDefault(k => k.KpiId == kpiId)?.Value;
}

/// <summary>
/// Computes periods from the staged facts — the handler behind the compute timer and
/// <c>regfin compute</c>. Every run rewrites whole partitions, so computing twice gives the same
/// tables, and the result depends only on the accepted files and the policy in force.
/// </summary>
public sealed class ComputeHandler(
    StorageAccount storage,
    FactStage stage,
    PolicyStore policies,
    DirtyPeriods dirtyPeriods,
    OutputRows outputRows,
    TimeProvider time,
    ILogger<ComputeHandler> logger)
{
    /// <summary>Computes every dirty period, oldest first, clearing each mark when done.</summary>
    public async Task<IReadOnlyList<ComputeResult>> ComputeDirtyAsync(CancellationToken cancellationToken)
    {
        var results = new List<ComputeResult>();
        foreach (var dirty in await dirtyPeriods.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(await ComputeAsync(dirty.Period, cancellationToken).ConfigureAwait(false));
            await dirtyPeriods.ClearAsync(dirty, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Computes one period and writes its rows.</summary>
    public async Task<ComputeResult> ComputeAsync(Period period, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var policy = await policies.ValidAtAsync(period.LastDay, cancellationToken).ConfigureAwait(false);
        var needed = period.YearToDate().Concat(period.SameMonthLastYear.YearToDate()).ToList();
        var loaded = await Task.WhenAll(needed.Select(m => stage.AmountsAsync(InputKind.Ledger, m, cancellationToken))).ConfigureAwait(false);
        var amounts = needed.Zip(loaded).Where(x => x.Second.Count > 0).ToDictionary(x => x.First, x => x.Second);
        if (!amounts.TryGetValue(period, out var current))
        {
            logger.LogInformation("Period {Period} has no ledger: nothing to compute", period);
            return new ComputeResult(period, false, [], []);
        }

        var months = amounts.ToDictionary(a => a.Key, a => MonthLines.From(a.Value.Select(x => (x.Key.Account, x.Amount)), policy.Accounts));
        var kpis = ResultLinesCalculator.Calculate(period, months);
        var sources = amounts.Values.SelectMany(a => a).Select(a => a.Import.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        var computedAt = time.GetUtcNow();
        var version = policy.Version.ToString();
        var partition = period.ToString();

        var kpiRows = new List<ITableEntity>(kpis.Count);
        foreach (var k in kpis)
        {
            var row = new TableEntity(partition, k.KpiId)
            {
                ["Area"] = k.Area,
                ["KpiId"] = k.KpiId,
                ["Label"] = k.Label,
                ["Unit"] = k.Unit,
                ["Value"] = OutputRows.Amount(k.Value),
                ["Month"] = OutputRows.Amount(k.Month),
                ["PriorYear"] = OutputRows.Amount(k.PriorYear),
                ["Budget"] = OutputRows.Amount(k.Budget),
                ["BudgetYear"] = OutputRows.Amount(k.BudgetYear),
                ["Deviation"] = OutputRows.Amount(k.Deviation),
                ["Target"] = null,
                ["Status"] = null,
                ["Reason"] = k.Reason,
            };
            kpiRows.Add(await outputRows.WithCommonAsync(Tables.Kpis, row, period, computedAt, version, sources, cancellationToken).ConfigureAwait(false));
        }

        var factRows = new List<ITableEntity>(current.Count);
        foreach (var fact in current.OrderBy(f => f.Key.Committee, StringComparer.Ordinal).ThenBy(f => f.Key.Account, StringComparer.Ordinal))
        {
            var row = new TableEntity(partition, KeyCodec.Compose(fact.Key.Committee, fact.Key.Account))
            {
                ["Committee"] = fact.Key.Committee,
                ["Account"] = fact.Key.Account,
                ["ReportLine"] = policy.Accounts.LineOf(fact.Key.Account)?.ToString(),
                ["AmountSek"] = OutputRows.Amount(fact.Amount),
            };
            factRows.Add(await outputRows.WithCommonAsync(Tables.LedgerFacts, row, period, computedAt, version, [fact.Import.Value], cancellationToken).ConfigureAwait(false));
        }

        await Task.WhenAll(
            PartitionWriter.ReplacePartitionAsync(storage.Table(Tables.Kpis), partition, kpiRows, cancellationToken),
            PartitionWriter.ReplacePartitionAsync(storage.Table(Tables.LedgerFacts), partition, factRows, cancellationToken)).ConfigureAwait(false);

        var run = new TableEntity(partition, started.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8])
        {
            ["Started"] = started.UtcDateTime,
            ["Completed"] = time.GetUtcNow().UtcDateTime,
            ["Imports"] = await outputRows.CellTextAsync(Tables.Runs, new TableEntity(partition, "run"), "Imports", string.Join(';', sources), cancellationToken).ConfigureAwait(false),
        };
        await storage.Table(Tables.Runs).AddEntityAsync(run, cancellationToken).ConfigureAwait(false);

        var result = new ComputeResult(period, true, kpis, sources);
        logger.LogInformation("Computed {Period}: OperatingResult {OperatingResult} SEK from {Sources} imports",
            period, result.Value("OperatingResult"), sources.Count);
        return result;
    }
}
