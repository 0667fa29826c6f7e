using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Regfin.Core.Runtime;

namespace Regfin.Functions;

/// <summary>
/// The compute timer (<c>%ComputeSchedule%</c>, UTC, default every 15 minutes): computes the periods
/// ingestion marked dirty, writes the reports and delivers alerts.
/// </summary>
/// <param name="jobs">The scheduled jobs shared with the local host.</param>
/// <param name="logger">The logger.</param>
public sealed class ComputeDirtyPeriods(ScheduledJobs jobs, ILogger<ComputeDirtyPeriods> logger)
{
    /// <summary>Computes the dirty periods.</summary>
    [Function(nameof(ComputeDirtyPeriods))]
    [FixedDelayRetry(3, "00:01:00")]
    public async Task RunAsync([TimerTrigger("%ComputeSchedule%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        var ran = await jobs.RunNowAsync(Schedules.Compute, context.CancellationToken).ConfigureAwait(false);
        logger.LogInformation("Compute run (past due: {IsPastDue}): {Ran}", timer.IsPastDue, ran ? "done" : "another instance is computing");
    }
}
