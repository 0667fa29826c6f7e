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
/// <param name="DuplicateOf">For a Duplicate: the import whose bytes it repeats.</param>
public sealed record ImportRecord(
    string Kind, ImportId Id, string BlobName, string Sha256, long SizeBytes, ImportStatus Status,
    long? Rows, long? Scopes, long ErrorCount, string? ReportBlob, DateTimeOffset ReceivedAt, DateTimeOffset ProcessedAt,
    ImportId? DuplicateOf = null)
{
    /// <summary>
    /// True when the record is keyed by its import id and its blob name (<see cref="RowKey"/>): every
    /// Duplicate, and a rejected blob whose import id another name's record holds already (the same
    /// bytes under two names in one second share the id). Such a record never counts as a commit.
    /// </summary>
    public bool NameKeyed { get; init; }

    /// <summary>
    /// The row key: the import id, or for a <see cref="NameKeyed"/> record the import id, <c>-</c> and
    /// the first 16 hex digits of the SHA-256 of the blob name, so each received blob has its own row.
    /// </summary>
    public string RowKey => NameKeyed || Status == ImportStatus.Duplicate ? Id.Value + "-" + KeyCodec.Hash(BlobName, 16) : Id.Value;

    internal TableEntity ToEntity() => new(Kind, RowKey)
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
        ["DuplicateOf"] = DuplicateOf?.Value,
    };

    internal static ImportRecord FromEntity(TableEntity e) => new(
        e.PartitionKey, IdOf(e.RowKey), e.GetString("BlobName") ?? "", e.GetString("Sha256") ?? "",
        e.GetInt64("SizeBytes") ?? 0, Enum.Parse<ImportStatus>(e.GetString("Status") ?? nameof(ImportStatus.Rejected)),
        e.GetInt64("Rows"), e.GetInt64("Scopes"), e.GetInt64("ErrorCount") ?? 0, e.GetString("ReportBlob"),
        e.GetDateTimeOffset("ReceivedAt") ?? default, e.GetDateTimeOffset("ProcessedAt") ?? default,
        e.GetString("DuplicateOf") is { } of ? ImportId.Parse(of) : null)
    {
        NameKeyed = e.RowKey.Length > ImportIdLength,
    };

    private const int ImportIdLength = 34;

    /// <summary>The import id of a row key (a name-keyed row carries a name hash after it; rows from before it have none).</summary>
    internal static ImportId IdOf(string rowKey) => ImportId.Parse(rowKey.Length > ImportIdLength ? rowKey[..ImportIdLength] : rowKey);
}

/// <summary>The <c>imports</c> table: what arrived, when, and what became of it.</summary>
/// <param name="storage">The storage account.</param>
public sealed class ImportLog(StorageAccount storage)
{
    private TableClient Table => storage.Table(Tables.Imports);

    /// <summary>Writes or replaces an import row (under its <see cref="ImportRecord.RowKey"/>).</summary>
    public Task WriteAsync(ImportRecord record, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(record.ToEntity(), TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Writes the record of an Accepted, Superseded or Rejected blob under its import id — unless another
    /// blob name's record holds that id already (the same bytes under two names in the same second,
    /// ingested one after the other or at once): then this blob gets a record of its own, keyed by id and
    /// name, a Duplicate of that import if it was accepted, else a rejection of its own. The insert is
    /// conditional, so of two at once exactly one holds the id. Returns the record as written.
    /// </summary>
    public async Task<ImportRecord> CommitAsync(ImportRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(record.ToEntity(), cancellationToken).ConfigureAwait(false);
            return record;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Held already: by this blob (a retry, or a retried request whose answer was lost), or by another name.
        }

        var held = await FindAsync(record.Kind, record.Id, cancellationToken).ConfigureAwait(false);
        var written = held is null || string.Equals(held.BlobName, record.BlobName, StringComparison.Ordinal)
            ? record
            : held.Status is ImportStatus.Accepted or ImportStatus.Superseded && record.Status is not ImportStatus.Rejected
                ? record with { Status = ImportStatus.Duplicate, DuplicateOf = held.Id, Rows = held.Rows, Scopes = held.Scopes, NameKeyed = true }
                : record with { NameKeyed = true };
        await WriteAsync(written, cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>The record of this blob under an import id another name holds (<see cref="CommitAsync"/>), if any.</summary>
    public async Task<ImportRecord?> FindNameKeyedAsync(InputKind kind, ImportId id, string blobName, CancellationToken cancellationToken)
    {
        var key = id.Value + "-" + KeyCodec.Hash(blobName, 16);
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(kind.Name(), key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ImportRecord.FromEntity(response.Value!) : null;
    }

    /// <summary>The import with this id, if logged.</summary>
    public Task<ImportRecord?> FindAsync(InputKind kind, ImportId id, CancellationToken cancellationToken) => FindAsync(kind.Name(), id, cancellationToken);

    private async Task<ImportRecord?> FindAsync(string kind, ImportId id, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(kind, id.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
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
            ids.Add(ImportRecord.IdOf(e.RowKey));
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
