using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion;

/// <summary>
/// Ingests one inbox blob — the handler behind the blob trigger and the local inbox watcher:
/// capture the bytes once (hash) → archive them by hash, and meanwhile look the import up, parse
/// and validate all-or-nothing and stage the facts → once archived, log the import (the commit:
/// from then on its staged facts count) and mark periods dirty → remove the blob from the inbox. A
/// bad file goes to <c>rejected/</c> with its report; that is a handled outcome, not a failure.
/// Safe to run any number of times on the same blob (at-least-once delivery). The archive
/// (<see cref="FileArchive"/>) and the rejections (<see cref="Rejections"/>) are its collaborators.
/// </summary>
public sealed class IngestHandler(
    StorageAccount storage,
    FileArchive archive,
    Rejections rejections,
    ImportLog imports,
    FactStage stage,
    DirtyPeriods dirtyPeriods,
    Policy.PolicyStore policies,
    IOptions<IngestionLimits> limits,
    TimeProvider time,
    ILogger<IngestHandler> logger) : Runtime.IInboxIngest
{
    /// <summary>Ingests <c>inbox/<paramref name="blobName"/></c>.</summary>
    public async Task<IngestResult> IngestAsync(string blobName, CancellationToken cancellationToken)
    {
        var clock = new PhaseClock();
        var inbox = storage.Container(Containers.Inbox).GetBlobClient(blobName);
        BlobDownloadStreamingResult download;
        try
        {
            download = (await inbox.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Processed and removed by an earlier delivery of the same event.
            logger.LogInformation("Inbox blob {BlobName} is gone: already processed", blobName);
            return new IngestResult(blobName, ImportStatus.Duplicate, null, 0, [], 0, []);
        }

        var etag = download.Details.ETag;
        var receivedAt = download.Details.CreatedOn;
        RawFile? captured;
        try
        {
            captured = await CaptureAsync(download, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Removed while its body was read: a concurrent delivery of the same event processed it
            // (the SDK's retrying stream asks for the rest of the blob again and finds it gone).
            logger.LogInformation("Inbox blob {BlobName} went while it was read: processed by a concurrent delivery", blobName);
            return new IngestResult(blobName, ImportStatus.Duplicate, null, 0, [], 0, []);
        }

        await using var raw = captured;
        clock.Lap("capture");
        var errors = new ValidationErrors();
        if (raw is null)
        {
            errors.Add(null, null, $"the file is larger than the limit of {limits.Value.MaxFileBytes / (1024 * 1024)} MiB");
            return await rejections.RejectUnreadableAsync(inbox, etag, blobName, receivedAt, errors, cancellationToken).ConfigureAwait(false);
        }

        return await IngestCapturedAsync(new Delivery(blobName, receivedAt, raw, inbox, etag), clock, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ingests an archived file again, under its original name and upload time (<c>regfin replay</c>):
    /// the same path as a new upload, without an inbox blob to remove.
    /// </summary>
    public async Task<IngestResult> ReplayAsync(string blobName, DateTimeOffset receivedAt, Stream archived, CancellationToken cancellationToken)
    {
        await using var raw = await RawFile.CaptureAsync(archived, limits.Value.MaxFileBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the archived file of {blobName} is over the size limit");
        return await IngestCapturedAsync(new Delivery(blobName, receivedAt, raw), new PhaseClock(), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ingests a local file the caller has captured (<c>regfin ingest</c>): the bytes go straight to
    /// their archive blob while they are parsed, so they cross the network once and are never read
    /// back, and no inbox blob is made only to be copied and removed. It is received now (this
    /// machine's clock, to the second, the resolution storage stamps an upload with); every other
    /// step is the trigger's.
    /// </summary>
    /// <param name="blobName">The inbox name the file would have: <c>{kind}/…</c>.</param>
    /// <param name="raw">The captured bytes (the caller disposes them after this returns).</param>
    /// <param name="parsing">The parse the caller started when it captured the bytes (<see cref="ParseAhead.Start"/>
    /// with <paramref name="blobName"/> and these bytes), or null to start it here.</param>
    /// <param name="cancellationToken">Cancels the ingestion.</param>
    public async Task<IngestResult> IngestLocalAsync(string blobName, RawFile raw, ParseAhead? parsing, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var receivedAt = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return await IngestCapturedAsync(new Delivery(blobName, receivedAt, raw), new PhaseClock(), parsing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The steps after the capture, with the parse the caller started or one started now.</summary>
    private async Task<IngestResult> IngestCapturedAsync(Delivery delivery, PhaseClock clock, ParseAhead? started, CancellationToken cancellationToken)
    {
        var parsing = started;
        if (InboxBlobName.TryParse(delivery.BlobName, out _)?.Kind is InputKind kind and (InputKind.Sie or InputKind.Forecast))
        {
            // A SIE file's objects are read in the committee dimension of the policy in force today,
            // a forecast's account classes against its account map.
            var context = ParseContext.Of(await policies.ValidAtAsync(SwedishCalendar.Today(time), cancellationToken).ConfigureAwait(false));
            if (parsing is not null && !parsing.Context.SameFor(kind, context))
            {
                await parsing.FinishedAsync().ConfigureAwait(false);
                parsing = null;
            }

            parsing ??= ParseAhead.Start(delivery.BlobName, delivery.Raw, limits.Value, context);
        }

        parsing ??= ParseAhead.Start(delivery.BlobName, delivery.Raw, limits.Value);
        try
        {
            return await IngestParsingAsync(delivery, clock, parsing, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (parsing is not null)
            {
                await parsing.FinishedAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<IngestResult> IngestParsingAsync(Delivery delivery, PhaseClock clock, ParseAhead? parsing, CancellationToken cancellationToken)
    {
        var (blobName, receivedAt, raw) = (delivery.BlobName, delivery.ReceivedAt, delivery.Raw);
        var id = delivery.Id;
        var name = InboxBlobName.TryParse(blobName, out var nameError);
        var kind = name?.Kind;
        // The archive upload is the longest step: the look-ups, the parse and the staging all run while
        // it is in flight. Nothing counts before the import log records the import (FactStage), and
        // that record is written only after the archive below, so no fact ever counts without its bytes.
        var archiving = archive.StoreAsync(delivery, kind, cancellationToken);
        try
        {
            var logged = kind is { } k ? imports.FindAsync(k, id, cancellationToken) : Task.FromResult<ImportRecord?>(null);
            var sameBytes = kind is { } k2 ? imports.FindAcceptedBySha256Async(k2, raw.Sha256, cancellationToken) : Task.FromResult<ImportRecord?>(null);
            await Task.WhenAll(logged, sameBytes).ConfigureAwait(false);
            clock.Lap("look-up");

            if (await logged.ConfigureAwait(false) is { } done && string.Equals(done.BlobName, blobName, StringComparison.Ordinal))
            {
                // The same blob again (a retried or duplicated event): its outcome stands. The same bytes
                // under another name in the same second share the import id (upload times have one-second
                // resolution) but not the record: that blob goes on below to a record of its own.
                await archiving.ConfigureAwait(false);
                await delivery.RemoveFromInboxAsync(cancellationToken).ConfigureAwait(false);
                return new IngestResult(blobName, done.Status, id, done.Rows ?? 0, [], done.ErrorCount, []);
            }

            if (name is null || parsing is null)
            {
                await archiving.ConfigureAwait(false);
                var errors = new ValidationErrors();
                errors.Add(null, null, nameError!);
                return await rejections.RejectAsync(delivery, null, errors, cancellationToken).ConfigureAwait(false);
            }

            if (await sameBytes.ConfigureAwait(false) is { } original)
            {
                await archiving.ConfigureAwait(false);
                await imports.WriteAsync(new ImportRecord(name.Kind.Name(), id, blobName, raw.Sha256, raw.SizeBytes, ImportStatus.Duplicate,
                    original.Rows, original.Scopes, 0, null, receivedAt, time.GetUtcNow(), original.Id), cancellationToken).ConfigureAwait(false);
                await delivery.RemoveFromInboxAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Inbox blob {BlobName} duplicates import {Original}: nothing changed", blobName, original.Id);
                return new IngestResult(blobName, ImportStatus.Duplicate, id, original.Rows ?? 0, [], 0, []);
            }

            var (parsed, parseErrors) = await parsing.Outcome.ConfigureAwait(false);
            clock.Lap("parse");
            if (parsed is null)
            {
                await archiving.ConfigureAwait(false);
                return await rejections.RejectAsync(delivery, name.Kind, parseErrors, cancellationToken).ConfigureAwait(false);
            }

            await stage.StageAsync(name.Kind, id, parsed.StageRows, cancellationToken).ConfigureAwait(false);
            clock.Lap("stage");
            await archiving.ConfigureAwait(false);
            clock.Lap("archive");
            var status = await SettleSupersededAsync(name.Kind, id, parsed, cancellationToken).ConfigureAwait(false);
            clock.Lap("settle");

            // The dirty marks, then the commit: from this record on the staged rows count. Marks first,
            // because a retry finds a committed import done and marks nothing: a mark without its commit
            // only costs a recompute, a commit without its marks would leave periods stale.
            var periods = await AffectedPeriodsAsync(parsed, cancellationToken).ConfigureAwait(false);
            await dirtyPeriods.MarkAsync(periods, cancellationToken).ConfigureAwait(false);
            // The same bytes under another name in the same second, committed meanwhile, hold the id: then this is their Duplicate.
            var committed = await imports.CommitAsync(new ImportRecord(name.Kind.Name(), id, blobName, raw.Sha256, raw.SizeBytes, status,
                parsed.Rows, parsed.ScopeCount, 0, null, receivedAt, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            status = committed.Status;

            // Last: the inbox blob goes only when everything above is stored (a crash before re-delivers it).
            await delivery.RemoveFromInboxAsync(cancellationToken).ConfigureAwait(false);
            clock.Lap("log");
            logger.LogInformation("Accepted {BlobName} as import {ImportId}: {Rows} rows, {Scopes} scopes, status {Status}, {Milliseconds} ms ({Phases})",
                blobName, id, parsed.Rows, parsed.ScopeCount, status, clock.TotalMilliseconds, clock);
            foreach (var warning in parsed.Warnings)
            {
                logger.LogWarning("Accepted {BlobName} with a warning: {Warning}", blobName, warning.ToString());
            }

            return new IngestResult(blobName, status, id, parsed.Rows, [], 0, periods);
        }
        finally
        {
            // A step failed with the upload still in flight: let it end before the caller deletes the bytes it reads.
            await ((Task)archiving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// The periods to recompute: for data, each month the file touches and what follows it through
    /// the next year (year-to-date, prior-year and rolling figures); for a policy, every period with
    /// a ledger, holdings, loans or balances that the new version may judge.
    /// </summary>
    private async Task<IReadOnlyList<Period>> AffectedPeriodsAsync(ParsedFile parsed, CancellationToken cancellationToken)
    {
        if (parsed.Policy is { } policy)
        {
            var from = Period.Of(policy.Version.ValidFrom);
            return (await stage.DataPeriodsAsync(cancellationToken).ConfigureAwait(false)).Where(p => p >= from).Order().ToList();
        }

        return parsed.Months.SelectMany(DirtyPeriods.AffectedBy).Distinct().Order().ToList();
    }

    /// <summary>
    /// After staging: which imports sharing a scope with this one now win nothing (Superseded), and
    /// whether this one wins anything itself (a late-arriving older file is Superseded at once).
    /// </summary>
    private async Task<ImportStatus> SettleSupersededAsync(InputKind kind, ImportId id, ParsedFile file, CancellationToken cancellationToken)
    {
        // Which imports have rows in which partitions of the kind: one query of keys, then all in memory.
        var present = await stage.ImportsByPartitionAsync(kind, cancellationToken).ConfigureAwait(false);
        var mine = file.StageRows.Select(r => FactStage.Partition(kind, r.Scope)).Distinct(StringComparer.Ordinal).Where(present.ContainsKey).ToList();
        var winsAny = mine.Any(p => present[p].Max() == id);
        var others = mine.SelectMany(p => present[p]).Where(i => i != id).ToHashSet();
        foreach (var other in others)
        {
            var stillWins = present.Values.Any(imports => imports.Contains(other) && imports.Max() == other);
            await imports.SetStatusAsync(kind, other, stillWins ? ImportStatus.Accepted : ImportStatus.Superseded, cancellationToken).ConfigureAwait(false);
        }

        return winsAny ? ImportStatus.Accepted : ImportStatus.Superseded;
    }

    private async Task<RawFile?> CaptureAsync(BlobDownloadStreamingResult download, CancellationToken cancellationToken)
    {
        await using var content = download.Content;
        if (download.Details.ContentLength > limits.Value.MaxFileBytes)
        {
            return null; // too large by its declared length: not a byte is read (a 10 GB upload costs nothing)
        }

        return await RawFile.CaptureAsync(content, limits.Value.MaxFileBytes, cancellationToken).ConfigureAwait(false);
    }
}
