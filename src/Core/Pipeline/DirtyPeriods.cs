using Azure;
using Azure.Data.Tables;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>A period waiting to be computed, with the version of its mark.</summary>
/// <param name="Period">The period.</param>
/// <param name="ETag">The mark's version: clearing succeeds only if nobody marked it again since.</param>
public readonly record struct DirtyPeriod(Period Period, ETag ETag);

/// <summary>
/// The work list between ingestion and computation. Ingestion marks periods dirty; the compute step
/// takes them and clears each mark only if it was not renewed while computing, so a file that
/// arrives mid-computation is never missed.
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="time">The clock.</param>
public sealed class DirtyPeriods(StorageAccount storage, TimeProvider time)
{
    private const string Partition = "dirty";
    private TableClient Table => storage.Table(Tables.DirtyPeriods);

    /// <summary>
    /// The periods a change in <paramref name="changed"/> affects (architecture.md): the month itself
    /// to December of its year (year to date) and every month of the next year (prior-year and
    /// rolling-12 figures). Periods without data are skipped by the compute step.
    /// </summary>
    public static IEnumerable<Period> AffectedBy(Period changed)
    {
        for (var p = changed; p.Year == changed.Year; p = p.Next)
        {
            yield return p;
        }

        for (var m = 1; m <= 12; m++)
        {
            yield return new Period(changed.Year + 1, m);
        }
    }

    /// <summary>Marks periods dirty (renewing existing marks).</summary>
    public async Task MarkAsync(IEnumerable<Period> periods, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = periods.Distinct().Select(p => (ITableEntity)new TableEntity(Partition, p.ToString()) { ["MarkedAt"] = now });
        await PartitionWriter.UpsertAsync(Table, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The periods waiting, oldest first.</summary>
    public async Task<IReadOnlyList<DirtyPeriod>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<DirtyPeriod>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DirtyPeriod(Period.Parse(e.RowKey), e.ETag));
        }

        return list.OrderBy(d => d.Period).ToList();
    }

    /// <summary>Clears a mark unless it was renewed after <paramref name="dirty"/> was read.</summary>
    public async Task ClearAsync(DirtyPeriod dirty, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(Partition, dirty.Period.ToString(), dirty.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or marked again meanwhile: then it stays for the next run.
        }
    }
}
