using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Regfin.Core.Pipeline;

namespace Regfin.Functions;

/// <summary>
/// The compute timer: every run computes the periods ingestion marked dirty. The schedule is the
/// NCRONTAB expression (UTC) in app setting <c>ComputeSchedule</c>, by default every 15 minutes.
/// </summary>
/// <param name="handler">The compute handler shared with the local host.</param>
/// <param name="logger">The logger.</param>
public sealed class ComputeDirtyPeriods(ComputeHandler handler, ILogger<ComputeDirtyPeriods> logger)
{
    /// <summary>Computes the dirty periods.</summary>
    [Function(nameof(ComputeDirtyPeriods))]
    [FixedDelayRetry(3, "00:01:00")]
    public async Task RunAsync([TimerTrigger("%ComputeSchedule%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        var results = await handler.ComputeDirtyAsync(context.CancellationToken).ConfigureAwait(false);
        logger.LogInformation("Computed {Count} dirty periods (past due: {IsPastDue}): {Periods}",
            results.Count(r => r.HasData), timer.IsPastDue, string.Join(' ', results.Where(r => r.HasData).Select(r => r.Period)));
    }
}
