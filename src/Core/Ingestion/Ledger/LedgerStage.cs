using System.Globalization;
using Azure.Data.Tables;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Ledger;

/// <summary>A staged amount as it counts: from the import that wins its scope.</summary>
/// <param name="Key">Period, committee and account.</param>
/// <param name="Amount">The monthly amount in the ledger sign.</param>
/// <param name="Import">The import it came from.</param>
public readonly record struct StagedAmount(AccountKey Key, decimal Amount, ImportId Import);

/// <summary>
/// The staged ledger: the totals of every accepted ledger import, one partition per scope
/// (<c>{period}|{committee}</c>) and one row per (import, account). What counts for a scope is the
/// rows of its largest import id (the newest upload, ties by hash), so the result depends only on
/// the set of accepted files, never on the order they were processed in. Superseded rows stay, as
/// the raw files stay in the archive.
/// </summary>
/// <param name="storage">The storage account.</param>
public sealed class LedgerStage(StorageAccount storage)
{
    private TableClient Stage => storage.Table(Tables.LedgerStage);
    private TableClient Scopes => storage.Table(Tables.ImportScopes);

    /// <summary>The partition key of a scope.</summary>
    public static string ScopeKey(CommitteeMonth scope) => scope.Period + "|" + KeyCodec.Encode(scope.Committee);

    /// <summary>Stages every total of <paramref name="file"/> under <paramref name="import"/> (idempotent).</summary>
    public async Task StageAsync(ImportId import, AccountAmountFile file, CancellationToken cancellationToken)
    {
        var byScope = file.Totals.GroupBy(t => new CommitteeMonth(t.Key.Period, t.Key.Committee));
        await Parallel.ForEachAsync(byScope, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (scope, ct) =>
        {
            var partition = ScopeKey(scope.Key);
            var rows = scope.Select(t => (ITableEntity)new TableEntity(partition, import.Value + "|" + KeyCodec.Encode(t.Key.Account))
            {
                ["Period"] = t.Key.Period.ToString(),
                ["Committee"] = t.Key.Committee,
                ["Account"] = t.Key.Account,
                ["Amount"] = t.Value.ToString(CultureInfo.InvariantCulture),
            }).ToList();
            await PartitionWriter.UpsertAsync(Stage, rows, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var scopeRows = file.Scopes.Select(s => (ITableEntity)new TableEntity(import.Value, ScopeKey(s))
        {
            ["Period"] = s.Period.ToString(),
            ["Committee"] = s.Committee,
        });
        await PartitionWriter.UpsertAsync(Scopes, scopeRows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The scopes (partition keys) an import staged.</summary>
    public async Task<IReadOnlyList<string>> ScopesOfAsync(ImportId import, CancellationToken cancellationToken)
    {
        var list = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {import.Value}");
        await foreach (var e in Scopes.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(e.RowKey);
        }

        return list;
    }

    /// <summary>Every import that staged rows in a scope.</summary>
    public async Task<IReadOnlySet<ImportId>> ImportsInScopeAsync(string scopeKey, CancellationToken cancellationToken)
    {
        var set = new HashSet<ImportId>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {scopeKey}");
        await foreach (var e in Stage.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            set.Add(ImportId.Parse(e.RowKey[..e.RowKey.IndexOf('|', StringComparison.Ordinal)]));
        }

        return set;
    }

    /// <summary>The amounts that count for <paramref name="period"/>: per scope, the rows of its winning import.</summary>
    public async Task<IReadOnlyList<StagedAmount>> CountingAmountsAsync(Period period, CancellationToken cancellationToken)
    {
        var from = period + "|";
        var to = period + "}"; // '}' follows '|': the range holds exactly this period's scopes
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        var byScope = new Dictionary<string, List<(ImportId Import, TableEntity Row)>>(StringComparer.Ordinal);
        await foreach (var e in Stage.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var import = ImportId.Parse(e.RowKey[..e.RowKey.IndexOf('|', StringComparison.Ordinal)]);
            if (!byScope.TryGetValue(e.PartitionKey, out var rows))
            {
                byScope[e.PartitionKey] = rows = [];
            }

            rows.Add((import, e));
        }

        var result = new List<StagedAmount>();
        foreach (var rows in byScope.Values)
        {
            var winner = rows.Max(r => r.Import);
            foreach (var (import, row) in rows)
            {
                if (import == winner)
                {
                    var key = new AccountKey(period, row.GetString("Committee")!, row.GetString("Account")!);
                    result.Add(new StagedAmount(key, decimal.Parse(row.GetString("Amount")!, CultureInfo.InvariantCulture), import));
                }
            }
        }

        return result;
    }
}
