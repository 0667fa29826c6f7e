using System.Globalization;
using Azure.Data.Tables;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Staging;

/// <summary>A row to stage: its scope, its key within the scope, its values (already in stored form).</summary>
/// <param name="Scope">The scope key, e.g. <c>2025-10|RS</c>.</param>
/// <param name="RowKey">The row's key within the scope.</param>
/// <param name="Values">Column → value (string, bool, int, long, double or null).</param>
public sealed record StageRow(string Scope, string RowKey, IReadOnlyList<KeyValuePair<string, object?>> Values);

/// <summary>A staged row as it counts: from the import that wins its scope.</summary>
/// <param name="Scope">The scope key.</param>
/// <param name="Import">The winning import.</param>
/// <param name="Row">The stored row (its columns are the file's typed values in <see cref="StagedForm"/>).</param>
public sealed record CountingRow(string Scope, ImportId Import, TableEntity Row)
{
    /// <summary>A text column of a row the stage writes itself (packed amounts, policy versions).</summary>
    public string? Text(string column) => Row.GetString(column);
}

/// <summary>A record of a tabular kind as it counts, with its scope and the import it came from.</summary>
/// <typeparam name="T">The kind's record.</typeparam>
/// <param name="Scope">The scope key.</param>
/// <param name="Import">The winning import of the scope.</param>
/// <param name="Record">The record.</param>
public sealed record Counted<T>(string Scope, ImportId Import, T Record);

/// <summary>A staged row's typed values, decoded from their stored form by each column's type.</summary>
/// <param name="row">The stored row.</param>
public sealed class StagedValues(TableEntity row) : IRowValues
{
    /// <inheritdoc />
    public T Value<T>(Column<T> column)
    {
        var value = StagedForm.Decode(column.Type, row.TryGetValue(column.Name, out var stored) ? stored : null);
        if (value is null && column.Required)
        {
            throw new InvalidOperationException(
                $"The staged row {row.PartitionKey} / {row.RowKey} has no {column.Name}, a required column: it was staged before the column was required; re-import the file (regfin replay)");
        }

        return (T)value!;
    }
}

/// <summary>
/// The staged facts of every accepted import, all kinds in one internal table: one partition per
/// (kind, scope) — <c>{kind}|{scope}</c>, the unit a newer file replaces — and one row per (import,
/// row key). What counts for a scope is the rows of its largest committed import id (the newest
/// upload, ties by hash), so results depend only on the set of accepted files, never on processing
/// order or repetition. An import is committed when the import log holds it as Accepted or
/// Superseded (<see cref="ImportLog.CommittedAsync"/>): that record is written only after the
/// archive and the staging, so rows staged by an ingestion still under way — or cut short — are
/// never read, and a reader sees a file's rows all at once or not at all. Rows of superseded imports
/// stay, as their raw files stay in the archive.
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="imports">The import log, which says which imports are committed.</param>
public sealed class FactStage(StorageAccount storage, ImportLog imports)
{
    private TableClient Stage => storage.Table(Tables.Stage);

    /// <summary>The partition of a scope (the scope is already composed by <see cref="KeyCodec.Compose"/>).</summary>
    public static string Partition(InputKind kind, string scope) => kind.Name() + "|" + scope;

    /// <summary>Stages <paramref name="rows"/> of <paramref name="import"/> (idempotent: the same rows again change nothing).</summary>
    public async Task StageAsync(InputKind kind, ImportId import, IEnumerable<StageRow> rows, CancellationToken cancellationToken)
    {
        var byScope = rows.GroupBy(r => Partition(kind, r.Scope)).ToList();
        await Parallel.ForEachAsync(byScope, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (scope, ct) =>
        {
            var entities = scope.Select(r =>
            {
                var entity = new TableEntity(scope.Key, import.Value + "|" + KeyCodec.Encode(r.RowKey));
                foreach (var (column, value) in r.Values)
                {
                    entity[column] = value;
                }

                return (ITableEntity)entity;
            });
            await PartitionWriter.UpsertAsync(Stage, entities, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

    }

    /// <summary>
    /// Every import with rows in each partition of <paramref name="kind"/>, committed or not, read
    /// with one range query of keys only (settling statuses counts an ingestion under way alongside).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, HashSet<ImportId>>> ImportsByPartitionAsync(InputKind kind, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, HashSet<ImportId>>(StringComparer.Ordinal);
        var filter = EveryScopeOf(kind);
        await foreach (var e in Stage.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!result.TryGetValue(e.PartitionKey, out var imports))
            {
                result[e.PartitionKey] = imports = [];
            }

            imports.Add(ImportOf(e.RowKey));
        }

        return result;
    }

    /// <summary>
    /// The counting rows of <paramref name="kind"/> in every scope that starts with the given whole,
    /// encoded segments (e.g. <c>2025-10</c> for the ledger's October scopes); null: every scope.
    /// </summary>
    public Task<IReadOnlyList<CountingRow>> CountingAsync(InputKind kind, string? scopePrefix, CancellationToken cancellationToken)
    {
        // The scope itself, or the scopes under it: '}' sorts right after '|', so [prefix|, prefix}) holds
        // exactly the scopes that continue with a further segment (a date scope 2025-10-31 is not under 2025-10).
        var exact = kind.Name() + "|" + scopePrefix;
        var from = (scopePrefix is null ? kind.Name() : exact) + "|";
        var to = from[..^1] + "}";
        var filter = scopePrefix is null
            ? EveryScopeOf(kind)
            : TableClient.CreateQueryFilter($"PartitionKey eq {exact} or (PartitionKey ge {from} and PartitionKey lt {to})");
        return CountingWhereAsync(kind, filter, cancellationToken);
    }

    /// <summary>
    /// The counting rows of a kind whose scopes start with a period (ledger, budget, sie) in the months
    /// <paramref name="first"/> to <paramref name="last"/>, with one range query: a compute run reads
    /// only the months its periods need, not a region's whole history.
    /// </summary>
    public Task<IReadOnlyList<CountingRow>> CountingAsync(InputKind kind, Period first, Period last, CancellationToken cancellationToken) =>
        CountingInRangesAsync(kind, [(first, last)], cancellationToken);

    /// <summary>
    /// As <see cref="CountingAsync(InputKind, Period, Period, CancellationToken)"/> for several runs of
    /// months at once: one range query each, all in flight together, against one read of the committed imports.
    /// </summary>
    public Task<IReadOnlyList<CountingRow>> CountingInRangesAsync(InputKind kind, IEnumerable<(Period First, Period Last)> ranges, CancellationToken cancellationToken) =>
        CountingWhereAsync(kind, ranges.Select(r => TableClient.CreateQueryFilter(
            $"PartitionKey ge {kind.Name() + "|" + r.First.ToString() + "|"} and PartitionKey lt {kind.Name() + "|" + r.Last.ToString() + "}"}")).ToList(), cancellationToken);

    /// <summary>The months with a committed ledger, as a CSV ledger or the ledger part of a SIE file (keys only).</summary>
    public async Task<IReadOnlySet<Period>> LedgerPeriodsAsync(CancellationToken cancellationToken)
    {
        var perKind = await Task.WhenAll(DataPeriodsAsync(InputKind.Ledger, cancellationToken), DataPeriodsAsync(InputKind.Sie, cancellationToken)).ConfigureAwait(false);
        return perKind.SelectMany(p => p).ToHashSet();
    }

    private Task<IReadOnlyList<CountingRow>> CountingWhereAsync(InputKind kind, string filter, CancellationToken cancellationToken) =>
        CountingWhereAsync(kind, [filter], cancellationToken);

    private async Task<IReadOnlyList<CountingRow>> CountingWhereAsync(InputKind kind, IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        var (staged, committed) = await StagedAndCommittedAsync(kind, filters, null, cancellationToken).ConfigureAwait(false);
        var byScope = new Dictionary<string, List<(ImportId Import, TableEntity Row)>>(StringComparer.Ordinal);
        foreach (var e in staged)
        {
            var import = ImportOf(e.RowKey);
            if (!committed.Contains(import))
            {
                continue;
            }

            if (!byScope.TryGetValue(e.PartitionKey, out var rows))
            {
                byScope[e.PartitionKey] = rows = [];
            }

            rows.Add((import, e));
        }

        var result = new List<CountingRow>();
        foreach (var (partition, rows) in byScope.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var winner = rows.Max(r => r.Import);
            var scope = ScopeOf(kind, partition);
            result.AddRange(rows.Where(r => r.Import == winner).OrderBy(r => r.Row.RowKey, StringComparer.Ordinal).Select(r => new CountingRow(scope, winner, r.Row)));
        }

        return result;
    }

    /// <summary>
    /// The records of a tabular kind that count, in every scope that starts with <paramref name="scopePrefix"/>
    /// (null: every scope), read back through the kind's own columns.
    /// </summary>
    public async Task<IReadOnlyList<Counted<T>>> CountingAsync<T>(KindSchema<T> schema, string? scopePrefix, CancellationToken cancellationToken)
    {
        var rows = await CountingAsync(schema.Kind, scopePrefix, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new Counted<T>(r.Scope, r.Import, schema.Read(new StagedValues(r.Row)))).ToList();
    }

    /// <summary>The ledger or budget amounts that count for <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<StagedAmount>> AmountsAsync(InputKind kind, Period period, CancellationToken cancellationToken)
    {
        var rows = await CountingAsync(kind, period.ToString(), cancellationToken).ConfigureAwait(false);
        return rows.SelectMany(PackedAmounts.Unpack).ToList();
    }

    /// <summary>
    /// The periods a report can be made for: months with a committed ledger (CSV or SIE), holdings,
    /// loans or bank balances (the periods a new policy version re-judges).
    /// </summary>
    public async Task<IReadOnlySet<Period>> DataPeriodsAsync(CancellationToken cancellationToken)
    {
        var perKind = await Task.WhenAll(new[] { InputKind.Ledger, InputKind.Sie, InputKind.Holdings, InputKind.Loans, InputKind.Cash }
            .Select(kind => DataPeriodsAsync(kind, cancellationToken))).ConfigureAwait(false);
        return perKind.SelectMany(p => p).ToHashSet();
    }

    private async Task<IReadOnlyList<Period>> DataPeriodsAsync(InputKind kind, CancellationToken cancellationToken)
    {
        var filter = EveryScopeOf(kind);
        var (staged, committed) = await StagedAndCommittedAsync(kind, [filter], ["PartitionKey", "RowKey"], cancellationToken).ConfigureAwait(false);
        // A SIE file's budget months are not data periods (a #PBUDGET for next year is no ledger).
        return staged.Where(e => committed.Contains(ImportOf(e.RowKey)))
            .Where(e => kind != InputKind.Sie || PackedAmounts.PartOf(ScopeOf(kind, e.PartitionKey)) == PackedAmounts.LedgerPart)
            .Select(e => Period.Parse(e.PartitionKey.Split('|')[1][..7])).Distinct().ToList();
    }

    /// <summary>Every partition of <paramref name="kind"/>: '}' sorts right after '|'.</summary>
    private static string EveryScopeOf(InputKind kind) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {kind.Name() + "|"} and PartitionKey lt {kind.Name() + "}"}");

    /// <summary>
    /// The committed imports of the kind and the stage rows the filters select (one query each, in
    /// flight together). The imports are read first, on purpose: an import commits (its log row) only
    /// after all its rows are staged, so every import in that list has all its rows in the stage read
    /// that follows — read the other way round, an import committing in between could count with
    /// part of its rows. A kind with no committed import has no row that counts, so its stage is not
    /// read at all: a run's load asks for every kind, and most regions send only some of them.
    /// </summary>
    private async Task<(List<TableEntity> Staged, IReadOnlySet<ImportId> Committed)> StagedAndCommittedAsync(InputKind kind, IReadOnlyList<string> filters,
        IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var committed = await imports.CommittedAsync(kind, cancellationToken).ConfigureAwait(false);
        if (committed.Count == 0)
        {
            return ([], committed);
        }

        var parts = await Task.WhenAll(filters.Select(ReadAsync)).ConfigureAwait(false);
        return (parts.SelectMany(p => p).ToList(), committed);

        async Task<List<TableEntity>> ReadAsync(string filter)
        {
            var rows = new List<TableEntity>();
            await foreach (var e in Stage.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(e);
            }

            return rows;
        }
    }

    /// <summary>The scope of a partition of <paramref name="kind"/> (the partition is <c>{kind}|{scope}</c>).</summary>
    private static string ScopeOf(InputKind kind, string partition) => partition[(kind.Name().Length + 1)..];

    private static ImportId ImportOf(string rowKey) => ImportId.Parse(rowKey[..rowKey.IndexOf('|', StringComparison.Ordinal)]);
}

/// <summary>A staged ledger or budget amount as it counts.</summary>
/// <param name="Key">Period, committee and account.</param>
/// <param name="Amount">The monthly amount in the ledger sign.</param>
/// <param name="Import">The import it came from.</param>
public readonly record struct StagedAmount(AccountKey Key, decimal Amount, ImportId Import);
