using System.Globalization;
using Azure.Data.Tables;
using Regfin.Core.Ingestion.Ledger;
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
/// <param name="Row">The stored row (its columns are the file's typed values).</param>
public sealed record CountingRow(string Scope, ImportId Import, TableEntity Row)
{
    /// <summary>A decimal column.</summary>
    public decimal? Number(string column) =>
        Row.GetString(column) is { } text ? decimal.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>A date column.</summary>
    public DateOnly? Date(string column) =>
        Row.GetString(column) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    /// <summary>A text column.</summary>
    public string? Text(string column) => Row.GetString(column);
}

/// <summary>
/// The staged facts of every accepted import, all kinds in one internal table: one partition per
/// (kind, scope) — <c>{kind}|{scope}</c>, the unit a newer file replaces — and one row per (import,
/// row key). What counts for a scope is the rows of its largest import id (the newest upload, ties
/// by hash), so results depend only on the set of accepted files, never on processing order or
/// repetition. Rows of superseded imports stay, as their raw files stay in the archive.
/// </summary>
/// <param name="storage">The storage account.</param>
public sealed class FactStage(StorageAccount storage)
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

    /// <summary>Every import with rows in each partition of <paramref name="kind"/>, read with one range query of keys only.</summary>
    public async Task<IReadOnlyDictionary<string, HashSet<ImportId>>> ImportsByPartitionAsync(InputKind kind, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, HashSet<ImportId>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {kind.Name() + "|"} and PartitionKey lt {kind.Name() + "}"}");
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
    public async Task<IReadOnlyList<CountingRow>> CountingAsync(InputKind kind, string? scopePrefix, CancellationToken cancellationToken)
    {
        // The scope itself, or the scopes under it: '}' sorts right after '|', so [prefix|, prefix}) holds
        // exactly the scopes that continue with a further segment (a date scope 2025-10-31 is not under 2025-10).
        var exact = kind.Name() + "|" + scopePrefix;
        var from = (scopePrefix is null ? kind.Name() : exact) + "|";
        var to = from[..^1] + "}";
        var filter = scopePrefix is null
            ? TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {exact} or (PartitionKey ge {from} and PartitionKey lt {to})");
        var byScope = new Dictionary<string, List<(ImportId Import, TableEntity Row)>>(StringComparer.Ordinal);
        await foreach (var e in Stage.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!byScope.TryGetValue(e.PartitionKey, out var rows))
            {
                byScope[e.PartitionKey] = rows = [];
            }

            rows.Add((ImportOf(e.RowKey), e));
        }

        var result = new List<CountingRow>();
        foreach (var (partition, rows) in byScope.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var winner = rows.Max(r => r.Import);
            var scope = partition[(kind.Name().Length + 1)..];
            result.AddRange(rows.Where(r => r.Import == winner).OrderBy(r => r.Row.RowKey, StringComparer.Ordinal).Select(r => new CountingRow(scope, winner, r.Row)));
        }

        return result;
    }

    /// <summary>The ledger or budget amounts that count for <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<StagedAmount>> AmountsAsync(InputKind kind, Period period, CancellationToken cancellationToken)
    {
        var rows = await CountingAsync(kind, period.ToString(), cancellationToken).ConfigureAwait(false);
        return rows.SelectMany(r => AmountsOf(r, period)).ToList();
    }

    /// <summary>
    /// The periods a report can be made for: months with a staged ledger, holdings, loans or bank
    /// balances (the periods a new policy version re-judges).
    /// </summary>
    public async Task<IReadOnlySet<Period>> DataPeriodsAsync(CancellationToken cancellationToken)
    {
        var set = new HashSet<Period>();
        foreach (var kind in new[] { InputKind.Ledger, InputKind.Holdings, InputKind.Loans, InputKind.Cash })
        {
            var from = kind.Name() + "|";
            var to = kind.Name() + "}";
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
            await foreach (var e in Stage.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var first = e.PartitionKey.Split('|')[1];
                set.Add(Period.Parse(first[..7]));
            }
        }

        return set;
    }

    /// <summary>The ledger or budget amounts of a staged row (packed "account=amount" lines).</summary>
    public static IEnumerable<StagedAmount> AmountsOf(CountingRow row, Period period)
    {
        var committee = row.Text("Committee")!;
        foreach (var line in row.Text("Amounts")!.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            yield return new StagedAmount(new AccountKey(period, committee, line[..equals]),
                decimal.Parse(line.AsSpan(equals + 1), NumberStyles.Number, CultureInfo.InvariantCulture), row.Import);
        }
    }

    private static ImportId ImportOf(string rowKey) => ImportId.Parse(rowKey[..rowKey.IndexOf('|', StringComparison.Ordinal)]);
}

/// <summary>A staged ledger or budget amount as it counts.</summary>
/// <param name="Key">Period, committee and account.</param>
/// <param name="Amount">The monthly amount in the ledger sign.</param>
/// <param name="Import">The import it came from.</param>
public readonly record struct StagedAmount(AccountKey Key, decimal Amount, ImportId Import);
