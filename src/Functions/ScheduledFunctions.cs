using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Regfin.Core.Runtime;

namespace Regfin.Functions;

/// <summary>The nightly recompute of every open period (<c>%RecomputeSchedule%</c>, default 02:00 UTC).</summary>
/// <param name="jobs">The scheduled jobs shared with the local host.</param>
/// <param name="logger">The logger.</param>
public sealed class RecomputeOpenPeriods(ScheduledJobs jobs, ILogger<RecomputeOpenPeriods> logger)
{
    /// <summary>Recomputes the open periods.</summary>
    [Function(nameof(RecomputeOpenPeriods))]
    [FixedDelayRetry(3, "00:05:00")]
    public async Task RunAsync([TimerTrigger("%RecomputeSchedule%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ran = await jobs.RunNowAsync(Schedules.Recompute, context.CancellationToken).ConfigureAwait(false);
        logger.LogInformation("Nightly recompute: {Ran}", ran ? "done" : "skipped, a compute run holds the lease");
    }
}

/// <summary>The daily liquidity check (<c>%LiquidityCheckSchedule%</c>, default 06:30 UTC on weekdays).</summary>
/// <param name="jobs">The scheduled jobs shared with the local host.</param>
public sealed class CheckLiquidity(ScheduledJobs jobs)
{
    /// <summary>Recomputes the current liquidity and warns on stale balances.</summary>
    [Function(nameof(CheckLiquidity))]
    [FixedDelayRetry(3, "00:05:00")]
    public async Task RunAsync([TimerTrigger("%LiquidityCheckSchedule%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await jobs.RunNowAsync(Schedules.LiquidityCheck, context.CancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The alert dispatcher's own timer (<c>%AlertDispatchSchedule%</c>, default every 5 minutes), besides every compute run.</summary>
/// <param name="jobs">The scheduled jobs shared with the local host.</param>
public sealed class DispatchAlerts(ScheduledJobs jobs)
{
    /// <summary>Delivers pending alerts.</summary>
    [Function(nameof(DispatchAlerts))]
    public async Task RunAsync([TimerTrigger("%AlertDispatchSchedule%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await jobs.RunNowAsync(Schedules.AlertDispatch, context.CancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Moves poison blobs to <c>rejected/</c> with a report (<c>%PoisonSweepSchedule%</c>, default hourly):
/// blobs whose receipts reached the threshold, and blobs whose events Event Grid dead-lettered.
/// </summary>
/// <param name="jobs">The scheduled jobs shared with the local host.</param>
public sealed class SweepPoisonBlobs(ScheduledJobs jobs)
{
    /// <summary>Sweeps.</summary>
    [Function(nameof(SweepPoisonBlobs))]
    public async Task RunAsync([TimerTrigger("%PoisonSweepSchedule%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await jobs.RunNowAsync(Schedules.PoisonSweep, context.CancellationToken).ConfigureAwait(false);
    }
}
