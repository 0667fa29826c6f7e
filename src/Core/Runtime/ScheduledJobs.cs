using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Regfin.Core.Alerts;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Runtime;

/// <summary>
/// The scheduled work of both hosts (the Functions timers and <c>regfin serve</c>), each body a
/// hand-off to the pipeline, and the bookkeeping that makes a scheduled occurrence run once across
/// hosts: under a lease on <c>locks/jobs/{job}</c>, an occurrence already recorded in
/// <c>jobruns</c> is skipped.
/// </summary>
public sealed class ScheduledJobs(
    ComputeHandler compute,
    DirtyPeriods dirtyPeriods,
    FactStage stage,
    AlertDispatcher alerts,
    InboxProcessor inbox,
    Rejections rejections,
    JobLeases leases,
    StorageAccount storage,
    TimeProvider time,
    ILogger<ScheduledJobs> logger)
{
    /// <summary>The jobs by schedule setting.</summary>
    public IReadOnlyDictionary<string, Func<CancellationToken, Task>> Jobs => new Dictionary<string, Func<CancellationToken, Task>>(StringComparer.Ordinal)
    {
        [Schedules.Compute] = async ct => await compute.ComputeDirtyAsync(ct).ConfigureAwait(false),
        [Schedules.Recompute] = RecomputeOpenPeriodsAsync,
        [Schedules.LiquidityCheck] = CheckLiquidityAsync,
        [Schedules.AlertDispatch] = async ct => await alerts.DispatchAsync(ct).ConfigureAwait(false),
        [Schedules.PoisonSweep] = SweepPoisonAsync,
    };

    /// <summary>
    /// The lease a job runs under: the jobs that compute share one (so a nightly recompute never
    /// overlaps a compute run on another instance); the others have their own.
    /// </summary>
    public static string Lane(string job) => job is Schedules.Compute or Schedules.Recompute or Schedules.LiquidityCheck ? "jobs/compute" : "jobs/" + job;

    /// <summary>Runs <paramref name="job"/> now under its lane's lease (the Functions timers, whose host keeps the schedule); false when another instance holds it.</summary>
    public Task<bool> RunNowAsync(string job, CancellationToken cancellationToken) =>
        leases.TryRunAsync(Lane(job), ct => Jobs[job](ct), cancellationToken);

    /// <summary>
    /// Runs <paramref name="job"/> for its scheduled <paramref name="occurrence"/> unless another host
    /// holds it or already ran that occurrence; true when this call ran it.
    /// </summary>
    public async Task<bool> RunOccurrenceAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var ran = false;
        var table = storage.Table(Tables.JobRuns);
        await leases.TryRunAsync(Lane(job), async ct =>
        {
            var last = await table.GetEntityIfExistsAsync<TableEntity>("jobs", job, cancellationToken: ct).ConfigureAwait(false);
            if (last.HasValue && last.Value!.GetDateTimeOffset("LastOccurrence") >= occurrence)
            {
                return; // another host ran this occurrence
            }

            var started = time.GetUtcNow();
            await Jobs[job](ct).ConfigureAwait(false);
            await table.UpsertEntityAsync(new TableEntity("jobs", job)
            {
                ["LastOccurrence"] = occurrence.UtcDateTime,
                ["Started"] = started.UtcDateTime,
                ["Completed"] = time.GetUtcNow().UtcDateTime,
            }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            ran = true;
        }, cancellationToken).ConfigureAwait(false);
        return ran;
    }

    /// <summary>The last occurrence a job ran for, if any (for a single past-due run at start).</summary>
    public async Task<DateTimeOffset?> LastOccurrenceAsync(string job, CancellationToken cancellationToken)
    {
        var last = await storage.Table(Tables.JobRuns).GetEntityIfExistsAsync<TableEntity>("jobs", job, cancellationToken: cancellationToken).ConfigureAwait(false);
        return last.HasValue ? last.Value!.GetDateTimeOffset("LastOccurrence") : null;
    }

    /// <summary>
    /// The nightly recompute: every period with data in the current and the previous calendar year
    /// (the open years: the previous one until its annual report closes) is computed again from the
    /// stored facts, so figures that depend on the date or on late corrections are current.
    /// </summary>
    public async Task RecomputeOpenPeriodsAsync(CancellationToken cancellationToken)
    {
        var year = time.GetUtcNow().Year;
        var open = (await stage.DataPeriodsAsync(cancellationToken).ConfigureAwait(false)).Where(p => p.Year >= year - 1).Order().ToList();
        await dirtyPeriods.MarkAsync(open, cancellationToken).ConfigureAwait(false);
        var results = await compute.ComputeDirtyAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Nightly recompute: {Count} open periods", results.Count(r => r.HasData));
    }

    /// <summary>
    /// The daily liquidity check: recomputes the current and previous month (liquidity, its limit
    /// checks and alerts) and warns when the latest bank balances are more than three days old.
    /// </summary>
    public async Task CheckLiquidityAsync(CancellationToken cancellationToken)
    {
        var today = SwedishCalendar.Today(time);
        var current = Period.Of(today);
        var periods = await stage.DataPeriodsAsync(cancellationToken).ConfigureAwait(false);
        await dirtyPeriods.MarkAsync(new[] { current.Previous, current }.Where(periods.Contains), cancellationToken).ConfigureAwait(false);
        await compute.ComputeDirtyAsync(cancellationToken).ConfigureAwait(false);
        var latest = (await stage.CountingAsync(CashKind.Schema, null, cancellationToken).ConfigureAwait(false))
            .Select(r => r.Record.Date).DefaultIfEmpty().Max();
        if (latest == default || today.DayNumber - latest.DayNumber > 3)
        {
            logger.LogWarning("Liquidity check: the latest bank balances are from {Latest}; payment readiness is only as current as they are",
                latest == default ? "never" : latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Moves inbox blobs whose receipts reached the poison threshold (an attempt that crashed before
    /// moving them) and blobs named by Event Grid dead-letter records (container <c>deadletter</c>) to
    /// rejected/ with a report.
    /// </summary>
    public async Task SweepPoisonAsync(CancellationToken cancellationToken)
    {
        await foreach (var receipt in storage.Table(Tables.Receipts).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (receipt.GetString("Status") is null && receipt.GetInt64("Attempts") >= inbox.PoisonThreshold && receipt.GetString("BlobName") is { } name)
            {
                await rejections.PoisonAsync(name, (int)receipt.GetInt64("Attempts")!.Value, receipt.GetString("LastError") ?? "unknown", cancellationToken).ConfigureAwait(false);
                receipt["Status"] = "Poisoned";
                await storage.Table(Tables.Receipts).UpsertEntityAsync(receipt, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }

        var deadLetters = storage.Blobs.GetBlobContainerClient(DeadLetterContainer);
        if (!await deadLetters.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await foreach (var item in deadLetters.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var blob = deadLetters.GetBlobClient(item.Name);
            var text = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            foreach (var name in DeadLetteredInboxBlobs(text))
            {
                await rejections.PoisonAsync(name, 0, "Event Grid gave up delivering the blob event (dead-lettered)", cancellationToken).ConfigureAwait(false);
            }

            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The container Event Grid dead-letters undeliverable blob events into (infra/).</summary>
    public const string DeadLetterContainer = "deadletter";

    /// <summary>The inbox blob names in an Event Grid dead-letter file (a JSON array of events whose subject is <c>/blobServices/default/containers/inbox/blobs/{name}</c>).</summary>
    public static IReadOnlyList<string> DeadLetteredInboxBlobs(string json)
    {
        const string marker = "/containers/inbox/blobs/";
        using var document = JsonDocument.Parse(json);
        var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
        return events.Select(e => e.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : "")
            .Where(s => s.Contains(marker, StringComparison.Ordinal))
            .Select(s => Uri.UnescapeDataString(s[(s.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..])).ToList();
    }
}
