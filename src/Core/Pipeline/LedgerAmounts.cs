using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;

namespace Regfin.Core.Pipeline;

/// <summary>
/// The ledger (or budget) amounts that count, per period, from the two sources of formats.md: the
/// CSV/XLSX files of the kind, whose (Period, Committee) scopes are settled in the stage, and the SIE
/// files, whose object rows become committees only now, through the <c>sie.committeeMap</c> of the
/// policy in force at each period's end. For each (Period, Committee) the newest upload of either
/// source is the truth (formats.md: "each (Period, Committee) of its ledger and of its budget").
/// </summary>
public static class LedgerAmounts
{
    /// <summary>Merges the CSV winners with the committed SIE rows of <paramref name="part"/> (ledger or budget).</summary>
    /// <param name="winners">The counting rows of the CSV kind (one import per (Period, Committee) already).</param>
    /// <param name="sieRows">The counting SIE stage rows: per (period, part, object) the newest import's, since an
    /// older import's rows of an object can never win a committee the newer one maps the same object to.</param>
    /// <param name="part">Which SIE amounts: <see cref="PackedAmounts.LedgerPart"/> or <see cref="PackedAmounts.BudgetPart"/>.</param>
    /// <param name="policies">The policy versions (the committee map per period).</param>
    public static Dictionary<Period, IReadOnlyList<StagedAmount>> Merge(IReadOnlyList<CountingRow> winners, IReadOnlyList<CountingRow> sieRows,
        string part, PolicyTimeline policies)
    {
        var sie = sieRows.Where(r => PackedAmounts.PartOf(r) == part).ToList();
        if (sie.Count == 0)
        {
            // The stage rows (a row per committee and month, tens of thousands of amounts each in a
            // large region) are unpacked on every core, then each month's put together in the stage's
            // order: period, committee, account.
            var unpacked = new List<StagedAmount>[winners.Count];
            Parallel.For(0, winners.Count, i => PackedAmounts.UnpackInto(winners[i], unpacked[i] = new List<StagedAmount>(PackedAmounts.CountOf(winners[i]))));
            return winners.Select((row, i) => (Period: PackedAmounts.PeriodOf(row), Amounts: unpacked[i]))
                .GroupBy(r => r.Period)
                .OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g =>
                {
                    var month = new List<StagedAmount>(g.Sum(r => r.Amounts.Count));
                    foreach (var (_, amounts) in g)
                    {
                        month.AddRange(amounts);
                    }

                    return (IReadOnlyList<StagedAmount>)month;
                });
        }

        var csv = winners.SelectMany(PackedAmounts.Unpack).ToList();

        // (period, committee) → import → account → amount, in first-seen order.
        var candidates = new Dictionary<CommitteeMonth, Dictionary<ImportId, Dictionary<string, decimal>>>();
        void Add(CommitteeMonth scope, ImportId import, string account, decimal amount)
        {
            if (!candidates.TryGetValue(scope, out var byImport))
            {
                candidates[scope] = byImport = [];
            }

            if (!byImport.TryGetValue(import, out var accounts))
            {
                byImport[import] = accounts = new Dictionary<string, decimal>(StringComparer.Ordinal);
            }

            accounts[account] = accounts.GetValueOrDefault(account) + amount;
        }

        foreach (var a in csv)
        {
            Add(new CommitteeMonth(a.Key.Period, a.Key.Committee), a.Import, a.Key.Account, a.Amount);
        }

        foreach (var a in sie.SelectMany(PackedAmounts.Unpack))
        {
            var objectId = a.Key.Committee.Length == 0 ? null : a.Key.Committee;
            var committee = policies.At(a.Key.Period.LastDay).Sie.Committees.CommitteeOf(objectId);
            Add(new CommitteeMonth(a.Key.Period, committee), a.Import, a.Key.Account, a.Amount);
        }

        // In the order the CSV path gives too: period, committee, account.
        return candidates
            .OrderBy(c => c.Key.Period).ThenBy(c => c.Key.Committee, StringComparer.Ordinal)
            .SelectMany(c =>
            {
                var winner = c.Value.Keys.Max();
                return c.Value[winner].OrderBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => new StagedAmount(new AccountKey(c.Key.Period, c.Key.Committee, x.Key), x.Value, winner));
            })
            .GroupBy(a => a.Key.Period).ToDictionary(g => g.Key, g => (IReadOnlyList<StagedAmount>)g.ToList());
    }
}
