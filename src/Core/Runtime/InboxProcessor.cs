using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Regfin.Core.Ingestion;
using Regfin.Core.Storage;

namespace Regfin.Core.Runtime;

/// <summary>What processing an inbox blob came to.</summary>
public enum InboxOutcome
{
    /// <summary>Ingested (accepted, rejected as bad, duplicate …).</summary>
    Processed,
    /// <summary>This version of the blob was already processed (its receipt says so).</summary>
    AlreadyDone,
    /// <summary>It failed; it stays in the inbox for the next attempt.</summary>
    Failed,
    /// <summary>It failed for the last time and was moved to rejected/ with a report.</summary>
    Poisoned,
    /// <summary>Another delivery or host holds the blob's lease and is processing it now; nothing was done.</summary>
    Busy,
}

/// <summary>
/// One processing attempt of an inbox blob, with a receipt per (blob name, ETag) in the internal
/// <c>receipts</c> table: Attempts, LastError, and whether it is done. A new upload under the same
/// name has a new ETag and is processed afresh. After <see cref="PoisonThreshold"/> failed attempts
/// the blob is moved to <c>rejected/</c> with a report (the blob trigger's poison semantics, kept
/// the same on the Functions host and the local host).
/// Every attempt runs under a blob lease named by the blob (<c>locks/inbox/{hash}</c>): Event Grid
/// may deliver one blob twice at once to two instances, and two local hosts may scan one inbox;
/// whoever holds the lease processes the blob; the other waits for it on the Functions host (then
/// finds the version done, or processes a newer one) and returns <see cref="InboxOutcome.Busy"/> on
/// the local host, which scans again.
/// </summary>
public sealed class InboxProcessor(IInboxIngest ingest, Rejections rejections, StorageAccount storage, JobLeases leases, IConfiguration configuration,
    TimeProvider time, ILogger<InboxProcessor> logger)
{
    private TableClient Receipts => storage.Table(Tables.Receipts);

    /// <summary>Failed attempts before a blob is poison (app setting <c>PoisonThreshold</c>, default 5, as the blob trigger's).</summary>
    public int PoisonThreshold => int.TryParse(configuration["PoisonThreshold"], out var n) && n > 0 ? n : 5;

    /// <summary>Processes <c>inbox/<paramref name="blobName"/></c> at version <paramref name="etag"/>.</summary>
    /// <param name="blobName">The blob's name under inbox/.</param>
    /// <param name="etag">Its version.</param>
    /// <param name="rethrow">
    /// The Functions host, which redelivers what fails: a failure below the threshold is rethrown, and
    /// a blob whose lease another delivery holds is waited for (up to the lease duration and a little
    /// more) and then thrown as <see cref="InboxBlobBusyException"/>, never acknowledged unprocessed.
    /// Without it (the local host, which scans again): failures are reported and Busy is returned.
    /// </param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<(InboxOutcome Outcome, IngestResult? Result)> ProcessAsync(string blobName, ETag etag, bool rethrow, CancellationToken cancellationToken)
    {
        // Waiting for another delivery's lease is infrastructure time, not the calendar: a plain stopwatch.
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            (InboxOutcome, IngestResult?)? processed = null;
            try
            {
                await leases.TryRunAsync(LockName(blobName), async held =>
                    processed = await ProcessUnderLeaseAsync(blobName, etag, rethrow, held).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The lease was lost mid-work (JobLeases stopped it): a failed attempt, not a stop of the host.
                logger.LogWarning("Inbox blob {BlobName}: lost its lease while processing; it stays in the inbox for the next attempt", blobName);
                if (rethrow)
                {
                    throw new InboxBlobBusyException(blobName, "lost the blob's lease while processing it");
                }

                return (InboxOutcome.Failed, null);
            }

            if (processed is { } done)
            {
                return done;
            }

            if (!rethrow)
            {
                return (InboxOutcome.Busy, null);
            }

            if (waiting.Elapsed >= leases.LeaseDuration + TimeSpan.FromSeconds(5))
            {
                throw new InboxBlobBusyException(blobName, $"another delivery held the blob's lease for over {leases.LeaseDuration.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lease of one inbox blob, named by a hash: inbox names may hold anything (dot segments, control characters).</summary>
    internal static string LockName(string blobName) =>
        "inbox/" + KeyCodec.Hash(blobName, 40);

    private async Task<(InboxOutcome Outcome, IngestResult? Result)> ProcessUnderLeaseAsync(string blobName, ETag etag, bool rethrow, CancellationToken cancellationToken)
    {
        var partition = KeyCodec.Limit(KeyCodec.Encode(blobName));
        var version = etag.ToString().Trim('"');
        var existing = await Receipts.GetEntityIfExistsAsync<TableEntity>(partition, version, cancellationToken: cancellationToken).ConfigureAwait(false);
        var receipt = existing.HasValue ? existing.Value! : new TableEntity(partition, version) { ["BlobName"] = blobName, ["Attempts"] = 0L };
        if (receipt.GetString("Status") is "Done" or "Poisoned")
        {
            return (InboxOutcome.AlreadyDone, null);
        }

        var attempts = (receipt.GetInt64("Attempts") ?? 0) + 1;
        receipt["Attempts"] = attempts;
        receipt["LastAttemptAt"] = time.GetUtcNow().UtcDateTime;
        await Receipts.UpsertEntityAsync(receipt, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await ingest.IngestAsync(blobName, cancellationToken).ConfigureAwait(false);
            receipt["Status"] = "Done";
            await Receipts.UpsertEntityAsync(receipt, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return (InboxOutcome.Processed, result);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            receipt["LastError"] = $"{e.GetType().Name}: {e.Message}";
            if (attempts >= PoisonThreshold)
            {
                var result = await rejections.PoisonAsync(blobName, (int)attempts, $"{e.GetType().Name}: {e.Message}", cancellationToken).ConfigureAwait(false);
                receipt["Status"] = "Poisoned";
                await Receipts.UpsertEntityAsync(receipt, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                logger.LogError(e, "Inbox blob {BlobName} failed {Attempts} times: moved to rejected/ with a report", blobName, attempts);
                return (InboxOutcome.Poisoned, result);
            }

            await Receipts.UpsertEntityAsync(receipt, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Inbox blob {BlobName} failed (attempt {Attempts} of {Threshold}): {Error}", blobName, attempts, PoisonThreshold, e.Message);
            if (rethrow)
            {
                throw;
            }

            return (InboxOutcome.Failed, null);
        }
    }
}

/// <summary>
/// An inbox blob that could not be processed now because another delivery holds its lease (or this
/// one lost it): thrown on the Functions host so that Event Grid redelivers the event.
/// </summary>
public sealed class InboxBlobBusyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InboxBlobBusyException(string blobName, string reason) : base($"Inbox blob {blobName}: {reason}; the event is redelivered.") => BlobName = blobName;

    /// <summary>Creates the exception.</summary>
    public InboxBlobBusyException() : base("An inbox blob is busy.") => BlobName = "";

    /// <summary>Creates the exception.</summary>
    public InboxBlobBusyException(string message, Exception inner) : base(message, inner) => BlobName = "";

    /// <summary>The blob's name under inbox/.</summary>
    public string BlobName { get; }
}

/// <summary>The ingestion step the inbox processor calls (the <see cref="IngestHandler"/>; tests inject faults here).</summary>
public interface IInboxIngest
{
    /// <summary>Ingests one inbox blob.</summary>
    Task<IngestResult> IngestAsync(string blobName, CancellationToken cancellationToken);
}
