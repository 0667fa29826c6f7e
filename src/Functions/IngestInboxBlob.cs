using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Regfin.Core.Ingestion;

namespace Regfin.Functions;

/// <summary>
/// The inbox blob trigger: every file dropped under <c>inbox/</c> is ingested. Event Grid is the
/// only blob source on Flex Consumption; its delivery is at-least-once, which the ingest handler
/// absorbs (idempotent on the content hash). A file that fails validation is a handled outcome
/// (moved to <c>rejected/</c>); only unexpected failures throw and are retried up to the poison
/// threshold.
/// </summary>
/// <param name="handler">The ingest handler shared with the local host.</param>
/// <param name="logger">The logger.</param>
public sealed class IngestInboxBlob(IngestHandler handler, ILogger<IngestInboxBlob> logger)
{
    /// <summary>Ingests one inbox blob.</summary>
    [Function(nameof(IngestInboxBlob))]
    public async Task RunAsync(
        [BlobTrigger("inbox/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] BlobClient blob,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(context);
        var result = await handler.IngestAsync(blob.Name, context.CancellationToken).ConfigureAwait(false);
        logger.LogInformation("Inbox blob {BlobName}: {Status}, import {ImportId}, {Rows} rows, {ErrorCount} errors",
            result.BlobName, result.Status, result.ImportId, result.Rows, result.ErrorCount);
    }
}
