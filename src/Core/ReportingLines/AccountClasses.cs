using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Regfin.Core.ReportingLines;

/// <summary>Where one account goes in a month's lines: its report line, and whether it is a balance-sheet, realised-gain or unrealised-securities account.</summary>
/// <param name="Line">The report line, or null when the map puts it on none.</param>
/// <param name="BalanceSheet">Classes 1–2: not counted as unmapped.</param>
/// <param name="Realised">One of the policy's realised-gain accounts.</param>
/// <param name="Unrealised">One of the policy's unrealised-securities accounts.</param>
public readonly record struct AccountClass(ReportLine? Line, bool BalanceSheet, bool Realised, bool Unrealised);

/// <summary>
/// The classes of accounts under one account map and one policy's gain ranges, each account classified
/// once and remembered: a period's report maps every amount of its 36 months (about 860 000 in a region
/// of 12 committees and 2 000 accounts), but a region has only its 2 000 accounts. Shared by every
/// computation with the same map and ranges (a run's periods under one policy version).
/// </summary>
public sealed class AccountClasses
{
    private static readonly ConditionalWeakTable<AccountMap, List<AccountClasses>> ByMap = [];

    private readonly AccountMap _map;
    private readonly IReadOnlyList<AccountRange>? _realised;
    private readonly IReadOnlyList<AccountRange>? _unrealised;
    private readonly ConcurrentDictionary<string, AccountClass> _classes = new(StringComparer.Ordinal);

    private AccountClasses(AccountMap map, IReadOnlyList<AccountRange>? realised, IReadOnlyList<AccountRange>? unrealised) =>
        (_map, _realised, _unrealised) = (map, realised, unrealised);

    /// <summary>The classes under <paramref name="map"/> and the given ranges (the same object for the same three).</summary>
    public static AccountClasses For(AccountMap map, IReadOnlyList<AccountRange>? realisedGains, IReadOnlyList<AccountRange>? unrealisedSecurities)
    {
        var list = ByMap.GetValue(map, _ => []);
        lock (list)
        {
            foreach (var known in list)
            {
                if (ReferenceEquals(known._realised, realisedGains) && ReferenceEquals(known._unrealised, unrealisedSecurities))
                {
                    return known;
                }
            }

            var classes = new AccountClasses(map, realisedGains, unrealisedSecurities);
            list.Add(classes);
            return classes;
        }
    }

    /// <summary>The class of <paramref name="account"/>.</summary>
    public AccountClass Of(string account) => _classes.GetOrAdd(account, static (a, self) => self.Classify(a), this);

    private AccountClass Classify(string account) => new(
        _map.LineOf(account),
        AccountMap.IsBalanceSheet(account),
        _realised?.Any(r => r.Matches(account)) == true,
        _unrealised?.Any(r => r.Matches(account)) == true);
}
