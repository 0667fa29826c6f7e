using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Ingestion.Ledger;

/// <summary>The sums of one reader: dense per (period, committee) up to a bound, a dictionary beyond it, added across threads.</summary>
public class LedgerTotalsTests
{
    private static readonly Period October = new(2025, 10);

    [Fact]
    public void Sums_past_the_dense_slots_are_kept_in_a_dictionary_and_come_out_the_same()
    {
        var totals = new LedgerTotals();
        const int committees = 2_700, accounts = 400; // 2 700 × 400 slots is past DenseSlots
        Assert.True((long)committees * accounts > LedgerTotals.DenseSlots);
        for (var c = 0; c < committees; c++)
        {
            for (var a = 0; a < accounts; a++)
            {
                totals.Add(October, "N" + c, (4000 + a).ToString(System.Globalization.CultureInfo.InvariantCulture), 1.25m);
            }
        }

        totals.Add(October, "N0", "4000", -1.25m); // a key whose rows cancel stays, at zero
        totals.Add(October, "N2699", "4399", 1m);

        var file = LedgerTotals.ToFile([totals]);

        Assert.Equal(committees * accounts, file.Totals.Count);
        Assert.Equal(0m, file.Totals[new AccountKey(October, "N0", "4000")]);
        Assert.Equal(2.25m, file.Totals[new AccountKey(October, "N2699", "4399")]);
        Assert.Equal(0, file.Totals.Count(t => t.Key.Committee is not ("N0" or "N2699") && t.Value != 1.25m));
        Assert.Equal(committees * accounts + 2, file.RowsPerPeriod[October]);
    }

    [Fact]
    public void The_sums_of_several_readers_are_added_per_key_whatever_order_each_numbered_its_names_in()
    {
        var first = new LedgerTotals();
        first.Add(October, "RS", "4010", 10m);
        first.Add(October, "HSN", "3010", -5m);
        var second = new LedgerTotals();
        second.Add(October, "HSN", "3010", -1.5m); // numbered first here
        second.Add(new Period(2025, 11), "RS", "4010", 7m);
        second.Add(October, "RS", "4010", 0.25m);

        var file = LedgerTotals.ToFile([first, second]);

        Assert.Equal(3, file.Totals.Count);
        Assert.Equal(10.25m, file.Totals[new AccountKey(October, "RS", "4010")]);
        Assert.Equal(-6.5m, file.Totals[new AccountKey(October, "HSN", "3010")]);
        Assert.Equal(7m, file.Totals[new AccountKey(new Period(2025, 11), "RS", "4010")]);
        Assert.Equal(4, file.RowsPerPeriod[October]);
        Assert.Equal(1, file.RowsPerPeriod[new Period(2025, 11)]);
    }

    [Fact]
    public void A_sum_beyond_the_decimal_range_throws_and_leaves_the_total_as_it_was()
    {
        var totals = new LedgerTotals();
        totals.Add(October, "RS", "4010", decimal.MaxValue);
        Assert.Throws<OverflowException>(() => totals.Add(October, "RS", "4010", 1m));
        Assert.Equal(decimal.MaxValue, LedgerTotals.ToFile([totals]).Totals.Single().Value);
    }
}
