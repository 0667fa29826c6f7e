using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Pipeline;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Pipeline;

/// <summary>
/// The merge of CSV ledgers and SIE files per (Period, Committee), pure: objects mapped by the
/// policy of the period, the newest upload per committee, ledger and budget apart, order of input
/// irrelevant. Amounts by hand.
/// </summary>
public class LedgerAmountsTests
{
    private static readonly Period October = new(2025, 10);
    private static readonly ImportId Older = ImportId.Create(new DateTimeOffset(2025, 11, 3, 8, 0, 0, TimeSpan.Zero), new string('a', 64));
    private static readonly ImportId Newer = ImportId.Create(new DateTimeOffset(2025, 11, 4, 8, 0, 0, TimeSpan.Zero), new string('b', 64));

    private static PolicyTimeline Map(params (string Prefix, string Committee)[] map) =>
        new([FinancePolicy.Default with { Sie = new SiePolicy(1, new SieCommitteeMap(map.ToDictionary(m => m.Prefix, m => m.Committee))) }]);

    /// <summary>Stage rows as FactStage would return them for <paramref name="import"/>.</summary>
    private static List<CountingRow> Rows(ImportId import, string? part, params (string Committee, string Account, decimal Amount)[] amounts) =>
        RowsIn(October, import, part, amounts);

    private static List<CountingRow> RowsIn(Period period, ImportId import, string? part, params (string Committee, string Account, decimal Amount)[] amounts)
    {
        var file = new AccountAmountFile(amounts.Length,
            amounts.ToDictionary(a => new AccountKey(period, a.Committee, a.Account), a => a.Amount), new Dictionary<Period, long>());
        return PackedAmounts.Pack(file, part).Select(r =>
        {
            var entity = new TableEntity("x", "y");
            foreach (var (column, value) in r.Values)
            {
                entity[column] = value;
            }

            return new CountingRow(r.Scope, import, entity);
        }).ToList();
    }

    private static string[] Lines(Dictionary<Period, IReadOnlyList<StagedAmount>> merged) =>
        merged[October].Select(a => $"{a.Key.Committee} {a.Key.Account} {a.Amount} {(a.Import == Newer ? "newer" : "older")}").ToArray();

    [Fact]
    public void Objects_that_map_to_one_committee_are_summed_and_the_longest_prefix_wins()
    {
        var sie = Rows(Older, PackedAmounts.LedgerPart, ("110", "4010", 100m), ("120", "4010", 20.5m), ("310", "4010", 7m), ("", "8010", -500m));

        var merged = LedgerAmounts.Merge([], sie, PackedAmounts.LedgerPart, Map(("1", "HSN"), ("31", "RUN"), ("3", "RS")));

        Assert.Equal(["HSN 4010 120.5 older", "REGION 8010 -500 older", "RUN 4010 7 older"], Lines(merged));
    }

    [Fact]
    public void The_newest_upload_per_committee_counts_across_CSV_and_SIE_and_the_parts_stay_apart()
    {
        var csv = Rows(Newer, null, ("HSN", "4020", 77m));
        var sie = Rows(Older, PackedAmounts.LedgerPart, ("110", "4010", 100m), ("200", "4010", 50m))
            .Concat(Rows(Older, PackedAmounts.BudgetPart, ("110", "4010", 90m))).ToList();
        var map = Map(("1", "HSN"), ("2", "RS"));

        var ledger = LedgerAmounts.Merge(csv, sie, PackedAmounts.LedgerPart, map);
        var budget = LedgerAmounts.Merge([], sie, PackedAmounts.BudgetPart, map);

        Assert.Equal(["HSN 4020 77 newer", "RS 4010 50 older"], Lines(ledger)); // HSN from the newer CSV; RS from the SIE file
        Assert.Equal(["HSN 4010 90 older"], Lines(budget));
    }

    [Fact]
    public void The_result_does_not_depend_on_the_order_of_the_input()
    {
        var csv = Rows(Older, null, ("HSN", "4020", 77m), ("RS", "4010", 1m));
        var sie = Rows(Newer, PackedAmounts.LedgerPart, ("110", "4010", 100m), ("111", "4030", 3m));
        var map = Map(("1", "HSN"));

        var forward = Lines(LedgerAmounts.Merge(csv, sie, PackedAmounts.LedgerPart, map));
        var backward = Lines(LedgerAmounts.Merge([.. Enumerable.Reverse(csv)], [.. Enumerable.Reverse(sie)], PackedAmounts.LedgerPart, map));

        Assert.Equal(["HSN 4010 100 newer", "HSN 4030 3 newer", "RS 4010 1 older"], forward);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void CSV_amounts_alone_come_back_per_month_in_month_order_exactly_as_staged()
    {
        var november = new Period(2025, 11);
        // November's rows first (a run's own months are read before the latest month's), a scale kept,
        // and an amount of 19 digits (past the fast parse's 18) read exactly.
        var rows = RowsIn(november, Newer, null, ("RS", "8010", -1234.50m), ("HSN", "4010", 12345678901234567.89m))
            .Concat(Rows(Older, null, ("RUN", "4010", 0.10m), ("HSN", "3010", -5m))).ToList();

        var merged = LedgerAmounts.Merge(rows, [], PackedAmounts.LedgerPart, Map());

        Assert.Equal([October, november], merged.Keys);
        // Within a month, in the order of the stage rows given (FactStage gives them by scope).
        Assert.Equal(
            [("RUN", "4010", 0.10m, Older), ("HSN", "3010", -5m, Older)],
            merged[October].Select(a => (a.Key.Committee, a.Key.Account, a.Amount, a.Import)));
        Assert.Equal(
            [("RS", "8010", -1234.50m, Newer), ("HSN", "4010", 12345678901234567.89m, Newer)],
            merged[november].Select(a => (a.Key.Committee, a.Key.Account, a.Amount, a.Import)));
        Assert.Equal("-1234.50", merged[november][0].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
