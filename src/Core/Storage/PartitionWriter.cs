using Azure;
using Azure.Data.Tables;

namespace Regfin.Core.Storage;

/// <summary>
/// Writes whole partitions of an output table: upserts in Replace mode in transactions of at most
/// <see cref="MaxBatch"/> entities, then deletes the rows a recomputation no longer produces, so a
/// partition always equals the latest computation (tables.md).
/// </summary>
public static class PartitionWriter
{
    /// <summary>Table Storage's limit on the operations in one transaction.</summary>
    public const int MaxBatch = 100;

    /// <summary>
    /// Makes partition <paramref name="partitionKey"/> of <paramref name="table"/> hold exactly
    /// <paramref name="entities"/>. Every entity must carry that partition key.
    /// </summary>
    public static async Task ReplacePartitionAsync(TableClient table, string partitionKey, IReadOnlyCollection<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var keep = new HashSet<string>(entities.Count, StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"An entity of partition '{entity.PartitionKey}' was given for '{partitionKey}'.", nameof(entities));
            }

            keep.Add(entity.RowKey);
        }

        var stale = new List<ITableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!keep.Contains(row.RowKey))
            {
                stale.Add(new TableEntity(partitionKey, row.RowKey) { ETag = ETag.All });
            }
        }

        await SubmitAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        await SubmitAsync(table, stale.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes a small table (dimensions, the restoration tables) hold exactly <paramref name="entities"/>:
    /// every partition replaced, partitions no longer produced emptied.
    /// </summary>
    public static async Task ReplaceTableAsync(TableClient table, IReadOnlyCollection<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            partitions.Add(row.PartitionKey);
        }

        var byPartition = entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyCollection<ITableEntity>)g.ToList(), StringComparer.Ordinal);
        partitions.UnionWith(byPartition.Keys);
        foreach (var partition in partitions)
        {
            await ReplacePartitionAsync(table, partition, byPartition.GetValueOrDefault(partition, []), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Upserts entities of one partition in Replace mode, batched.</summary>
    public static Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken) =>
        SubmitAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);

    private static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            if (chunk is [{ ActionType: TableTransactionActionType.UpsertReplace } single])
            {
                // One entity: a plain upsert is the same atomic write without a batch envelope to build and parse.
                await table.UpsertEntityAsync(single.Entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
