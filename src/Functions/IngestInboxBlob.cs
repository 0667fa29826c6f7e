using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Regfin.Core.Runtime;

namespace Regfin.Functions;

/// <summary>
/// The inbox blob trigger: every file dropped under <c>inbox/</c> is ingested. Event Grid is the
/// only blob source on Flex Consumption; its delivery is at-least-once, which ingestion absorbs
/// (a receipt per blob version; idempotent on the content hash). A file that fails validation is
/// a handled outcome (moved to <c>rejected/</c>); an unexpected failure is rethrown so the event is
/// redelivered, and the fifth failure moves the blob to <c>rejected/</c> with a report.
/// </summary>
/// <param name="inbox">The inbox processor shared with the local host.</param>
/// <param name="logger">The logger.</param>
public sealed class IngestInboxBlob(InboxProcessor inbox, ILogger<IngestInboxBlob> logger)
{
    /// <summary>Ingests one inbox blob.</summary>
    [Function(nameof(IngestInboxBlob))]
    public async Task RunAsync(
        [BlobTrigger("inbox/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] BlobClient blob,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(context);
        Azure.ETag etag;
        try
        {
            etag = (await blob.GetPropertiesAsync(cancellationToken: context.CancellationToken).ConfigureAwait(false)).Value.ETag;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            logger.LogInformation("Inbox blob {BlobName} is gone: already processed", blob.Name);
            return;
        }

        var (outcome, result) = await inbox.ProcessAsync(blob.Name, etag, rethrow: true, context.CancellationToken).ConfigureAwait(false);
        logger.LogInformation("Inbox blob {BlobName}: {Outcome} {Status}, import {ImportId}, {Rows} rows, {ErrorCount} errors",
            blob.Name, outcome, result?.Status, result?.ImportId, result?.Rows, result?.ErrorCount);
    }
}
