using Cronos;
using Microsoft.Extensions.Configuration;

namespace Regfin.Core.Runtime;

/// <summary>
/// The scheduled jobs and their NCRONTAB expressions (six fields, seconds first, UTC) — the same app
/// settings the Functions timers read as <c>%ComputeSchedule%</c> …, parsed here with Cronos for the
/// local host. Swedish calendar logic (month ends, business days) lives in code, not in schedules.
/// </summary>
public static class Schedules
{
    /// <summary>Compute the dirty periods (and deliver alerts): every 15 minutes.</summary>
    public const string Compute = "ComputeSchedule";

    /// <summary>Recompute every open period from its stored facts: nightly at 02:00 UTC.</summary>
    public const string Recompute = "RecomputeSchedule";

    /// <summary>The daily liquidity check: 06:30 UTC on weekdays.</summary>
    public const string LiquidityCheck = "LiquidityCheckSchedule";

    /// <summary>Deliver pending alerts: every 5 minutes.</summary>
    public const string AlertDispatch = "AlertDispatchSchedule";

    /// <summary>Move inbox blobs that reached the poison threshold (or were dead-lettered) to rejected/: hourly.</summary>
    public const string PoisonSweep = "PoisonSweepSchedule";

    /// <summary>The defaults, as in local.settings.sample.json and the Bicep app settings.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Compute] = "0 */15 * * * *",
        [Recompute] = "0 0 2 * * *",
        [LiquidityCheck] = "0 30 6 * * 1-5",
        [AlertDispatch] = "0 */5 * * * *",
        [PoisonSweep] = "0 0 * * * *",
    };

    /// <summary>The expression of a job: the app setting, else the default; refused at start-up when invalid.</summary>
    public static CronExpression Parse(IConfiguration configuration, string job)
    {
        var text = configuration[job] is { Length: > 0 } configured ? configured : Defaults[job];
        try
        {
            return CronExpression.Parse(text, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException($"The app setting {job} = '{text}' is not an NCRONTAB expression with seconds (e.g. '0 */15 * * * *'): {e.Message}", e);
        }
    }
}
