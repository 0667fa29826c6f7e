using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Regfin.Core.Ingestion;

/// <summary>
/// Wall time per step of one ingestion (capture, look-up, parse, stage, archive, settle, log), for the
/// "Accepted" log line: operators see where an import's time went without a profiler, and
/// docs/performance.md quotes these figures.
/// </summary>
internal sealed class PhaseClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly StringBuilder _laps = new();
    private TimeSpan _last;

    /// <summary>Ends the step <paramref name="name"/> at now.</summary>
    public void Lap(string name)
    {
        var now = _watch.Elapsed;
        _laps.Append(_laps.Length == 0 ? "" : ", ").Append(name).Append(' ')
            .Append(((long)(now - _last).TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append(" ms");
        _last = now;
    }

    /// <summary>The total so far in whole milliseconds.</summary>
    public long TotalMilliseconds => (long)_watch.Elapsed.TotalMilliseconds;

    /// <summary>The steps as "name N ms, …".</summary>
    public override string ToString() => _laps.ToString();
}
