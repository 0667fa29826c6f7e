using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion;

/// <summary>
/// Rejected files: the bytes under <c>rejected/{safe name}</c> with a report in JSON (for tools)
/// and text (for people), the import record of a rejected file, and the poison path for a blob
/// that kept failing. A rejection is a handled outcome: nothing of the file is imported.
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="imports">The import log.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class Rejections(StorageAccount storage, ImportLog imports, TimeProvider time, ILogger<Rejections> logger)
{
    /// <summary>
    /// Moves an inbox blob that kept failing (the poison threshold) to <c>rejected/</c> without reading
    /// it, with a report naming the attempts and the last error, so nothing is lost and staff see it.
    /// </summary>
    public async Task<IngestResult> PoisonAsync(string blobName, int attempts, string lastError, CancellationToken cancellationToken)
    {
        var inbox = storage.Container(Containers.Inbox).GetBlobClient(blobName);
        Azure.Storage.Blobs.Models.BlobProperties properties;
        try
        {
            properties = (await inbox.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new IngestResult(blobName, ImportStatus.Duplicate, null, 0, [], 0, []);
        }

        var errors = new ValidationErrors();
        errors.Add(null, null, $"the file could not be processed after {attempts} attempts; last error: {lastError}");
        return await RejectUnreadableAsync(inbox, properties.ETag, blobName, properties.CreatedOn, errors, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<IngestResult> RejectUnreadableAsync(BlobClient inbox, ETag etag, string blobName, DateTimeOffset receivedAt, ValidationErrors errors, CancellationToken cancellationToken)
    {
        // Too large to capture: move it server-side within the account, without reading it.
        var target = storage.Container(Containers.Rejected).GetBlobClient(RejectedName(blobName));
        var copy = await target.StartCopyFromUriAsync(inbox.Uri, cancellationToken: cancellationToken).ConfigureAwait(false);
        await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        var report = new RejectionReport(blobName, null, "", receivedAt, errors.Count, errors.Listed);
        var reportBlob = await WriteReportAsync(blobName, report, cancellationToken).ConfigureAwait(false);
        await InboxVersion.RemoveAsync(inbox, etag, cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Rejected {BlobName}: {Reason}; report {ReportBlob}", blobName, errors.Listed[0].Reason, reportBlob);
        return new IngestResult(blobName, ImportStatus.Rejected, null, 0, errors.Listed, errors.Count, []);
    }

    internal async Task<IngestResult> RejectAsync(Delivery delivery, InputKind? kind, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var (blobName, receivedAt, raw, id) = (delivery.BlobName, delivery.ReceivedAt, delivery.Raw, delivery.Id);
        var target = storage.Container(Containers.Rejected).GetBlobClient(RejectedName(blobName));
        await using (var bytes = raw.OpenShared())
        {
            await target.UploadAsync(bytes, overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        var report = new RejectionReport(blobName, kind?.Name(), raw.Sha256, receivedAt, errors.Count, errors.Listed);
        var reportBlob = await WriteReportAsync(blobName, report, cancellationToken).ConfigureAwait(false);
        await imports.CommitAsync(new ImportRecord(kind?.Name() ?? "unknown", id, blobName, raw.Sha256, raw.SizeBytes, ImportStatus.Rejected,
            null, null, errors.Count, reportBlob, receivedAt, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await delivery.RemoveFromInboxAsync(cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Rejected {BlobName} with {ErrorCount} errors; report {ReportBlob}", blobName, errors.Count, reportBlob);
        return new IngestResult(blobName, ImportStatus.Rejected, id, 0, errors.Listed, errors.Count, []);
    }

    private async Task<string> WriteReportAsync(string blobName, RejectionReport report, CancellationToken cancellationToken)
    {
        var container = storage.Container(Containers.Rejected);
        var baseName = RejectedName(blobName);
        await container.GetBlobClient(baseName + ".report.json")
            .UploadAsync(BinaryData.FromString(report.ToJson()), overwrite: true, cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(baseName + ".report.txt")
            .UploadAsync(BinaryData.FromString(report.ToText()), overwrite: true, cancellationToken).ConfigureAwait(false);
        return baseName + ".report.json";
    }

    /// <summary>
    /// The name under <c>rejected/</c>: the inbox name with unsafe characters and dot segments
    /// replaced, so a hostile name cannot climb out of its folder or break a listing.
    /// </summary>
    public static string RejectedName(string blobName)
    {
        var safe = new string(blobName.Select(c => char.IsControl(c) || c == '\\' ? '_' : c).ToArray());
        var segments = safe.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s is "." or ".." ? "_" : s);
        var joined = string.Join('/', segments);
        return joined.Length == 0 ? "_" : KeyCodec.Limit(joined, 900);
    }

}

/// <summary>Removes the processed version of an inbox blob.</summary>
internal static class InboxVersion
{
    /// <summary>Deletes <paramref name="inbox"/> only at <paramref name="etag"/>: a newer upload under the same name stays.</summary>
    public static async Task RemoveAsync(BlobClient? inbox, ETag etag, CancellationToken cancellationToken)
    {
        if (inbox is null)
        {
            return; // a replay: nothing in the inbox
        }

        try
        {
            // Only the version we processed: a file re-uploaded under the same name meanwhile stays.
            await inbox.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = etag }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Replaced by a newer upload, which will be ingested on its own.
        }
    }
}
