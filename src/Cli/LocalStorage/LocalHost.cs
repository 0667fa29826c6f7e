using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;

namespace Regfin.Cli.LocalStorage;

/// <summary>
/// The local host behind <c>regfin serve</c>, with the semantics of the Functions app: an inbox
/// watcher (the blob trigger: each blob version processed once, receipts keyed by ETag, the poison
/// threshold) and the timer schedules (Cronos on the same NCRONTAB settings, one past-due run at
/// start for a job that missed an occurrence), every piece of work under a blob lease so two hosts
/// never run the same file or job at once. On stop it takes no new work and lets the current
/// piece finish (within <see cref="Grace"/>).
/// </summary>
public sealed class LocalHost(StorageSession session, TimeProvider time, ILogger<LocalHost> logger)
{
    /// <summary>How often the inbox is listed.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a running piece of work may finish after stop is requested.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How far back a missed occurrence is looked for at start.</summary>
    public TimeSpan PastDueWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Called after each inbox blob is handled (the command prints it).</summary>
    public Action<string, InboxOutcome>? OnInbox { get; init; }

    /// <summary>Called after a job ran (the command prints it).</summary>
    public Action<string, DateTimeOffset>? OnJob { get; init; }

    /// <summary>Runs until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var configuration = session.Get<IConfiguration>();
        var jobs = session.Get<ScheduledJobs>();
        var schedules = Schedules.Defaults.Keys.ToDictionary(j => j, j => Schedules.Parse(configuration, j), StringComparer.Ordinal);
        using var work = new CancellationTokenSource();
        await using var registration = stopping.Register(() => work.CancelAfter(Grace));

        // A single past-due run for a job that ran before and missed an occurrence while no host was up.
        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var (job, cron) in schedules)
        {
            var last = await jobs.LastOccurrenceAsync(job, work.Token).ConfigureAwait(false);
            var missed = last is { } l ? Latest(cron, l > now - PastDueWindow ? l : now - PastDueWindow, now) : null;
            if (missed is { } occurrence && occurrence > last)
            {
                logger.LogInformation("{Job} missed {Occurrence:O}: running it once now", job, occurrence);
                await RunJobAsync(jobs, job, occurrence, work.Token).ConfigureAwait(false);
            }

            next[job] = cron.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue;
        }

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ScanInboxAsync(stopping, work.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage unreachable (an outage): the blobs stay in the inbox; the next listing tries again.
                logger.LogError(e, "Inbox listing or processing failed; retrying on the next poll");
            }

            now = time.GetUtcNow();
            foreach (var (job, due) in next.Where(n => n.Value <= now).ToList())
            {
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                await RunJobAsync(jobs, job, due, work.Token).ConfigureAwait(false);
                next[job] = schedules[job].GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue;
            }

            try
            {
                await Task.Delay(PollInterval, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        logger.LogInformation("Local host stopped");
    }

    private static DateTimeOffset? Latest(CronExpression cron, DateTimeOffset from, DateTimeOffset to) =>
        cron.GetOccurrences(from, to, TimeZoneInfo.Utc, fromInclusive: false, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault();

    private async Task RunJobAsync(ScheduledJobs jobs, string job, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        try
        {
            if (await jobs.RunOccurrenceAsync(job, occurrence, cancellationToken).ConfigureAwait(false))
            {
                OnJob?.Invoke(job, occurrence);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As a failed timer run: logged, and the next occurrence tries again.
            logger.LogError(e, "{Job} failed for {Occurrence:O}", job, occurrence);
        }
    }

    /// <summary>Processes every blob in the inbox that no other host is processing.</summary>
    private async Task ScanInboxAsync(CancellationToken stopping, CancellationToken work)
    {
        var storage = session.Get<StorageAccount>();
        var processor = session.Get<InboxProcessor>();
        var blobs = new List<(string Name, Azure.ETag ETag)>();
        await foreach (var blob in storage.Container(Containers.Inbox).GetBlobsAsync(cancellationToken: work).ConfigureAwait(false))
        {
            blobs.Add((blob.Name, blob.Properties.ETag!.Value));
        }

        foreach (var (name, etag) in blobs.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            // The processor takes the blob's lease: another host processing it now gives Busy.
            var (outcome, _) = await processor.ProcessAsync(name, etag, rethrow: false, work).ConfigureAwait(false);
            if (outcome is not (InboxOutcome.AlreadyDone or InboxOutcome.Busy))
            {
                OnInbox?.Invoke(name, outcome);
            }
        }
    }
}
