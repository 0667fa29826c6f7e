using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;

namespace Regfin.Core.Runtime;

/// <summary>What a replay did.</summary>
/// <param name="Uploads">Uploads re-ingested.</param>
/// <param name="Periods">Periods computed.</param>
public sealed record ReplayResult(int Uploads, int Periods);

/// <summary>
/// Rebuilds the tables from the archive alone (<c>regfin replay</c>): every upload the archive
/// recorded (<c>archive/_uploads/</c>: name, upload time, content hash) is ingested again from its
/// archived bytes with its original name and upload time, in upload order, and every period is
/// computed. Because results depend only on the set of files and their upload times, the tables
/// come out as before, apart from timestamps. The alert outbox is kept: statuses that were alerted
/// are not alerted again.
/// </summary>
public sealed class ReplayHandler(StorageAccount storage, PartitionWriter writer, IngestHandler ingest, ComputeHandler compute, ILogger<ReplayHandler> logger)
{
    /// <summary>The tables a full replay empties first (everything derived; not the alert outbox, nor the runtime's bookkeeping).</summary>
    public static IReadOnlyList<string> Rebuilt { get; } = Tables.All.Except([Tables.Alerts, Tables.AlertDeliveries, Tables.Receipts, Tables.JobRuns]).ToList();

    /// <summary>Replays every upload (emptying the derived tables first), or only those received on or after <paramref name="from"/> (over the current state).</summary>
    public async Task<ReplayResult> ReplayAsync(DateOnly? from, CancellationToken cancellationToken)
    {
        var archive = storage.Container(Containers.Archive);
        var uploads = new List<UploadRecord>();
        await foreach (var item in archive.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None,
            FileArchive.UploadRecords, cancellationToken).ConfigureAwait(false))
        {
            var json = (await archive.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            uploads.Add(JsonSerializer.Deserialize(json, UploadRecordJson.Default.UploadRecord)!);
        }

        var selected = uploads.Where(u => from is null || DateOnly.FromDateTime(u.ReceivedAt) >= from)
            .OrderBy(u => u.ReceivedAt).ThenBy(u => u.BlobName, StringComparer.Ordinal).ToList();
        if (from is null)
        {
            foreach (var table in Rebuilt)
            {
                await writer.ClearAsync(table, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var upload in selected)
        {
            var stream = (await archive.GetBlobClient(upload.Archive).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
            await using (stream.ConfigureAwait(false))
            {
                var result = await ingest.ReplayAsync(upload.BlobName, new DateTimeOffset(DateTime.SpecifyKind(upload.ReceivedAt, DateTimeKind.Utc)), stream, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Replayed {BlobName} ({ReceivedAt:O}): {Status}", upload.BlobName, upload.ReceivedAt, result.Status);
            }
        }

        var computed = await compute.ComputeDirtyAsync(cancellationToken).ConfigureAwait(false);
        return new ReplayResult(selected.Count, computed.Count(c => c.HasData));
    }
}
