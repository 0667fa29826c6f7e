using System.Runtime.CompilerServices;
using Regfin.Core.Ingestion.Staging;

namespace Regfin.Core.ReportingLines;

/// <summary>
/// Values computed from one month's list of counting amounts and a key (an account map, the
/// accounts' classes), remembered for as long as that list lives: the periods of a compute run read
/// the same month lists (<c>FinanceData</c>), so a run over two years maps each of its months once,
/// not once per period. Keyed by the list object itself, so equal figures from another load are
/// never mixed in.
/// </summary>
/// <typeparam name="TKey">What the value also depends on (compared by reference).</typeparam>
/// <typeparam name="TValue">The value.</typeparam>
internal sealed class AmountsMemo<TKey, TValue> where TKey : class
{
    private readonly ConditionalWeakTable<IReadOnlyList<StagedAmount>, Dictionary<TKey, TValue>> _byList = [];

    /// <summary>The value for (<paramref name="amounts"/>, <paramref name="key"/>), computed once.</summary>
    public TValue Get(IReadOnlyList<StagedAmount> amounts, TKey key, Func<IReadOnlyList<StagedAmount>, TKey, TValue> compute)
    {
        var byKey = _byList.GetValue(amounts, _ => new Dictionary<TKey, TValue>(ReferenceEqualityComparer.Instance));
        lock (byKey)
        {
            if (byKey.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        var value = compute(amounts, key);
        lock (byKey)
        {
            byKey[key] = value;
        }

        return value;
    }
}
