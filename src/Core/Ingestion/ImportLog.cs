using Azure;
using Azure.Data.Tables;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion;

/// <summary>One row of the <c>imports</c> table (tables.md).</summary>
/// <param name="Kind">The input kind (the partition).</param>
/// <param name="Id">The import id (the row key).</param>
/// <param name="BlobName">The inbox blob name as received.</param>
/// <param name="Sha256">The hash of the raw bytes.</param>
/// <param name="SizeBytes">The size of the raw bytes.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Rows">Data rows read (null when the file could not be read as a table).</param>
/// <param name="Scopes">The number of scopes the file covers.</param>
/// <param name="ErrorCount">Validation errors found.</param>
/// <param name="ReportBlob">The rejection report's blob, when rejected.</param>
/// <param name="ReceivedAt">The blob's upload time.</param>
/// <param name="ProcessedAt">When ingestion finished.</param>
public sealed record ImportRecord(
    string Kind, ImportId Id, string BlobName, string Sha256, long SizeBytes, ImportStatus Status,
    long? Rows, long? Scopes, long ErrorCount, string? ReportBlob, DateTimeOffset ReceivedAt, DateTimeOffset ProcessedAt)
{
    internal TableEntity ToEntity() => new(Kind, Id.Value)
    {
        ["BlobName"] = BlobName,
        ["Sha256"] = Sha256,
        ["SizeBytes"] = SizeBytes,
        ["Status"] = Status.ToString(),
        ["Rows"] = Rows,
        ["Scopes"] = Scopes,
        ["ErrorCount"] = ErrorCount,
        ["ReportBlob"] = ReportBlob,
        ["ReceivedAt"] = ReceivedAt.UtcDateTime,
        ["ProcessedAt"] = ProcessedAt.UtcDateTime,
    };

    internal static ImportRecord FromEntity(TableEntity e) => new(
        e.PartitionKey, ImportId.Parse(e.RowKey), e.GetString("BlobName") ?? "", e.GetString("Sha256") ?? "",
        e.GetInt64("SizeBytes") ?? 0, Enum.Parse<ImportStatus>(e.GetString("Status") ?? nameof(ImportStatus.Rejected)),
        e.GetInt64("Rows"), e.GetInt64("Scopes"), e.GetInt64("ErrorCount") ?? 0, e.GetString("ReportBlob"),
        e.GetDateTimeOffset("ReceivedAt") ?? default, e.GetDateTimeOffset("ProcessedAt") ?? default);
}

/// <summary>The <c>imports</c> table: what arrived, when, and what became of it.</summary>
/// <param name="storage">The storage account.</param>
public sealed class ImportLog(StorageAccount storage)
{
    private TableClient Table => storage.Table(Tables.Imports);

    /// <summary>Writes or replaces an import row.</summary>
    public Task WriteAsync(ImportRecord record, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(record.ToEntity(), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The import with this id, if logged.</summary>
    public async Task<ImportRecord?> FindAsync(InputKind kind, ImportId id, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(kind.Name(), id.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ImportRecord.FromEntity(response.Value!) : null;
    }

    /// <summary>The accepted or superseded imports of this kind with these bytes (a duplicate finds one).</summary>
    public async Task<ImportRecord?> FindAcceptedBySha256Async(InputKind kind, string sha256, CancellationToken cancellationToken)
    {
        var kindName = kind.Name();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {kindName} and Sha256 eq {sha256}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var record = ImportRecord.FromEntity(e);
            if (record.Status is ImportStatus.Accepted or ImportStatus.Superseded)
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>
    /// The imports of <paramref name="kind"/> whose staged rows count: those logged Accepted or
    /// Superseded. The log record is an import's commit — it is written only once the raw bytes are
    /// archived and every row is staged — so rows of an import that has none (an ingestion still
    /// under way, or one that failed midway and will be retried) count for nothing.
    /// </summary>
    public async Task<IReadOnlySet<ImportId>> CommittedAsync(InputKind kind, CancellationToken cancellationToken)
    {
        var kindName = kind.Name();
        var accepted = nameof(ImportStatus.Accepted);
        var superseded = nameof(ImportStatus.Superseded);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {kindName} and (Status eq {accepted} or Status eq {superseded})");
        var ids = new HashSet<ImportId>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(ImportId.Parse(e.RowKey));
        }

        return ids;
    }

    /// <summary>Sets the status of an existing import (Accepted ↔ Superseded).</summary>
    public async Task SetStatusAsync(InputKind kind, ImportId id, ImportStatus status, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(kind.Name(), id.Value) { ["Status"] = status.ToString() };
        try
        {
            await Table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Its import row is not written yet (it is still being ingested): that ingestion sets it.
        }
    }

    /// <summary>Every import, newest first.</summary>
    public async Task<IReadOnlyList<ImportRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<ImportRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ImportRecord.FromEntity(e));
        }

        return list.OrderByDescending(r => r.Id).ToList();
    }
}
