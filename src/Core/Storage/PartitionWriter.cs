using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Regfin.Core.Storage;

/// <summary>What one partition write did.</summary>
/// <param name="Written">Rows upserted (new or changed).</param>
/// <param name="Deleted">Rows deleted (no longer produced).</param>
/// <param name="Unchanged">Rows produced again with the same content, not written.</param>
public readonly record struct PartitionWrite(int Written, int Deleted, int Unchanged)
{
    /// <summary>The sum of two writes.</summary>
    public static PartitionWrite operator +(PartitionWrite a, PartitionWrite b) =>
        new(a.Written + b.Written, a.Deleted + b.Deleted, a.Unchanged + b.Unchanged);
}

/// <summary>
/// Writes whole partitions of an output table so that a partition always equals the latest
/// computation (tables.md): rows upserted in Replace mode in transactions of at most
/// <see cref="MaxBatch"/>, rows a recomputation no longer produces deleted. Only what changed is
/// written: each partition has a manifest in the internal table <c>rowhashes</c> (its row keys with
/// the <see cref="RowHash"/> of their content as last written), so a recompute that gives the same
/// figures writes nothing and never queries the output table itself — which matters for the fact
/// tables, tens of thousands of rows a period. A row that is not rewritten keeps its ComputedAt: the
/// time of the run that last changed it. Without a manifest (an older store, or one cut short while
/// being written) the partition's keys are read from the table and every row is written, as before.
/// </summary>
/// <param name="storage">The storage account.</param>
public sealed class PartitionWriter(StorageAccount storage)
{
    /// <summary>Table Storage's limit on the operations in one transaction.</summary>
    public const int MaxBatch = 100;

    /// <summary>Characters of manifest text per manifest row (a string column holds at most 32 K UTF-16 units).</summary>
    internal const int ManifestChunkChars = 25_000;

    /// <summary>Manifest rows per transaction, so a transaction stays well under its 4 MiB.</summary>
    private const int ManifestRowsPerBatch = 40;

    private TableClient Manifests => storage.Table(Tables.RowHashes);

    /// <summary>
    /// Makes partition <paramref name="partitionKey"/> of table <paramref name="table"/> (its logical
    /// name, <see cref="Tables"/>) hold exactly <paramref name="entities"/>, writing only what changed.
    /// Every entity must carry that partition key; row keys must be distinct.
    /// </summary>
    public Task<PartitionWrite> ReplacePartitionAsync(string table, string partitionKey, IReadOnlyCollection<ITableEntity> entities, CancellationToken cancellationToken) =>
        ReplaceAsync(table, partitionKey, entities, inputs: null, cancellationToken);

    /// <summary>
    /// As <see cref="ReplacePartitionAsync"/>
    /// for a partition whose rows follow from known inputs (<paramref name="inputs"/>: a fingerprint of
    /// everything the rows are built from, <see cref="InputsFingerprint"/>). When the
    /// partition's manifest says it was last written from the same inputs, its rows are neither built
    /// nor hashed nor written (one point read); otherwise <paramref name="build"/> gives them and they
    /// are written as usual, and the manifest remembers the inputs. Tens of thousands of fact rows a
    /// period are what a recompute of unchanged inputs would otherwise map and hash for nothing.
    /// </summary>
    public async Task<PartitionWrite> ReplacePartitionFromInputsAsync(string table, string partitionKey, string inputs,
        Func<CancellationToken, Task<IReadOnlyCollection<ITableEntity>>> build, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputs);
        ArgumentNullException.ThrowIfNull(build);
        var head = await Manifests.GetEntityIfExistsAsync<TableEntity>(ManifestPartition(table, partitionKey), ChunkKey(0),
            select: [RowCountColumn, InputsColumn], cancellationToken).ConfigureAwait(false);
        if (head.HasValue && head.Value is { } stored && stored.GetString(InputsColumn) == inputs && stored.GetInt32(RowCountColumn) is { } count)
        {
            return new PartitionWrite(0, 0, count);
        }

        var entities = await build(cancellationToken).ConfigureAwait(false);
        return await ReplaceAsync(table, partitionKey, entities, inputs, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PartitionWrite> ReplaceAsync(string table, string partitionKey, IReadOnlyCollection<ITableEntity> entities, string? inputs, CancellationToken cancellationToken)
    {
        var next = new Dictionary<string, string>(entities.Count, StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"An entity of partition '{entity.PartitionKey}' was given for '{partitionKey}'.", nameof(entities));
            }

            if (!next.TryAdd(entity.RowKey, RowHash.Of(entity)))
            {
                throw new ArgumentException($"Row key '{entity.RowKey}' is given twice for partition '{partitionKey}' of {table}.", nameof(entities));
            }
        }

        var client = storage.Table(table);
        var manifest = await ReadManifestAsync(table, partitionKey, cancellationToken).ConfigureAwait(false);
        var existing = manifest.Rows ?? await KeysAsync(client, partitionKey, cancellationToken).ConfigureAwait(false);
        var changed = entities.Where(e => !existing.TryGetValue(e.RowKey, out var hash) || hash != next[e.RowKey]).ToList();
        var stale = existing.Keys.Where(k => !next.ContainsKey(k)).Select(k => new TableEntity(partitionKey, k)).ToList();
        var write = new PartitionWrite(changed.Count, stale.Count, entities.Count - changed.Count);
        if (manifest.Rows is not null && changed.Count == 0 && stale.Count == 0)
        {
            if (inputs is not null && manifest.Inputs != inputs)
            {
                // Same rows from new inputs (e.g. a new policy version with the same account map): the
                // head alone learns the inputs, so the next run of these inputs skips the partition.
                var head = new TableEntity(ManifestPartition(table, partitionKey), ChunkKey(0)) { [InputsColumn] = inputs, [RowCountColumn] = next.Count };
                await Manifests.UpdateEntityAsync(head, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }

            return write;
        }

        if (manifest.Chunks > 0)
        {
            // The rows are about to change: until the new manifest is written (its head last), the old
            // one must not be believed — neither its inputs (a later run bringing them back would skip
            // the partition) nor its hashes (a later run would take rows a crash left half-written for
            // unchanged). Without its head it is not; the next write then reads the keys and writes every row.
            await Manifests.DeleteEntityAsync(ManifestPartition(table, partitionKey), ChunkKey(0), ETag.All, cancellationToken).ConfigureAwait(false);
        }

        await SubmitAsync(client, changed.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        await DeleteAsync(client, stale, cancellationToken).ConfigureAwait(false);
        await WriteManifestAsync(table, partitionKey, next, manifest.Chunks, inputs, cancellationToken).ConfigureAwait(false);
        return write;
    }

    /// <summary>
    /// Makes a small table (dimensions, the restoration tables) hold exactly <paramref name="entities"/>:
    /// every partition replaced, partitions no longer produced emptied.
    /// </summary>
    public async Task<PartitionWrite> ReplaceTableAsync(string table, IReadOnlyCollection<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in storage.Table(table).QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            partitions.Add(row.PartitionKey);
        }

        var byPartition = entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyCollection<ITableEntity>)g.ToList(), StringComparer.Ordinal);
        partitions.UnionWith(byPartition.Keys);
        var total = default(PartitionWrite);
        foreach (var partition in partitions.Order(StringComparer.Ordinal))
        {
            total += await ReplacePartitionAsync(table, partition, byPartition.GetValueOrDefault(partition, []), cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>Empties a table and forgets its manifests (replay rebuilds the tables from the archive).</summary>
    public async Task ClearAsync(string table, CancellationToken cancellationToken)
    {
        // The manifests first: a clear cut short must not leave manifests vouching for deleted rows.
        if (table != Tables.RowHashes)
        {
            await DeleteWhereAsync(Manifests, TableClient.CreateQueryFilter($"PartitionKey ge {table + "|"} and PartitionKey lt {table + "}"}"), cancellationToken).ConfigureAwait(false);
        }

        await DeleteWhereAsync(storage.Table(table), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every row a filter selects (null: every row), partition by partition.</summary>
    private static async Task DeleteWhereAsync(TableClient table, string? filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new TableEntity(row.PartitionKey, row.RowKey));
        }

        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            await DeleteAsync(table, partition.ToList(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Upserts entities of one partition in Replace mode, batched (staging, the dirty-period list).</summary>
    public static Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken) =>
        SubmitAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);

    /// <summary>The manifest partition of a table's partition.</summary>
    private static string ManifestPartition(string table, string partitionKey) => table + "|" + KeyCodec.Encode(partitionKey);

    private static string ChunkKey(int index) => index.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The manifest head's columns: how many manifest rows, how many output rows, and the inputs they were built from.</summary>
    private const string ChunksColumn = "Chunks", RowCountColumn = "RowCount", InputsColumn = "Inputs";

    /// <summary>
    /// The manifest of a partition — its rows, null when there is none or it is incomplete (chunk 0000
    /// says how many chunks there are and is written last, so a manifest cut short is never believed) —,
    /// how many manifest rows are stored (incomplete ones included), so a rewrite removes the extra
    /// ones, and the inputs its rows were last built from (null for a plain write).
    /// </summary>
    private async Task<(Dictionary<string, string?>? Rows, int Chunks, string? Inputs)> ReadManifestAsync(string table, string partitionKey, CancellationToken cancellationToken)
    {
        var chunks = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ManifestPartition(table, partitionKey)}");
        await foreach (var row in Manifests.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            chunks[row.RowKey] = row;
        }

        var stored = chunks.Count == 0 ? 0 : int.Parse(chunks.Keys.Last(), CultureInfo.InvariantCulture) + 1;
        if (!chunks.TryGetValue(ChunkKey(0), out var head) || head.GetInt32(ChunksColumn) is not { } count || count != chunks.Count)
        {
            return (null, stored, null);
        }

        var rows = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in chunks.Values)
        {
            foreach (var line in (chunk.GetString("Rows") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                rows[line[..tab]] = line[(tab + 1)..];
            }
        }

        return (rows, stored, head.GetString(InputsColumn));
    }

    private async Task WriteManifestAsync(string table, string partitionKey, Dictionary<string, string> rows, int previousChunks, string? inputs, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        var text = new StringBuilder(ManifestChunkChars + 1_100);
        foreach (var (key, hash) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0 && text.Length + key.Length + hash.Length + 2 > ManifestChunkChars)
            {
                texts.Add(text.ToString());
                text.Clear();
            }

            text.Append(key).Append('\t').Append(hash).Append('\n');
        }

        texts.Add(text.ToString());
        var partition = ManifestPartition(table, partitionKey);
        var chunks = texts.Select((t, i) => new TableEntity(partition, ChunkKey(i)) { ["Rows"] = t }).ToList();
        chunks[0][ChunksColumn] = chunks.Count;
        chunks[0][RowCountColumn] = rows.Count;
        chunks[0][InputsColumn] = inputs;
        var actions = chunks.Skip(1).Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, c))
            .Concat(Enumerable.Range(chunks.Count, Math.Max(0, previousChunks - chunks.Count))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, ChunkKey(i)), ETag.All)))
            .Append(new TableTransactionAction(TableTransactionActionType.UpsertReplace, chunks[0]))
            .ToList();
        if (actions.Count <= ManifestRowsPerBatch)
        {
            await Manifests.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Too large for one transaction: the head (taken away before the rows were written) goes last,
        // so until it is written the manifest is incomplete and not believed.
        foreach (var batch in actions.Chunk(ManifestRowsPerBatch))
        {
            await Manifests.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<string, string?>> KeysAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, string?>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys[row.RowKey] = null;
        }

        return keys;
    }

    /// <summary>Deletes rows of one partition, batched; a row already gone is no error.</summary>
    private static async Task DeleteAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxBatch))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                foreach (var row in chunk)
                {
                    try
                    {
                        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                        // already gone
                    }
                }
            }
        }
    }

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
