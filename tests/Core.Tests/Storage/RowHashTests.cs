using Azure.Data.Tables;
using Regfin.Core.Storage;

namespace Regfin.Core.Tests.Storage;

public sealed class RowHashTests
{
    private static TableEntity Row(params (string Name, object? Value)[] columns)
    {
        var row = new TableEntity("2025-10", "HSN|4010");
        foreach (var (name, value) in columns)
        {
            row[name] = value;
        }

        return row;
    }

    [Fact]
    public void ComputedAt_and_the_keys_are_not_content()
    {
        var first = Row(("AmountSek", 600d), ("ComputedAt", new DateTime(2025, 11, 1, 0, 0, 0, DateTimeKind.Utc)));
        var later = Row(("AmountSek", 600d), ("ComputedAt", new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc)));
        var otherKey = new TableEntity("2025-11", "RS|4010") { ["AmountSek"] = 600d };

        Assert.Equal(RowHash.Of(first), RowHash.Of(later));
        Assert.Equal(RowHash.Of(first), RowHash.Of(otherKey));
        Assert.Equal(16, RowHash.Of(first).Length);
    }

    [Fact]
    public void Column_order_does_not_matter_and_a_null_column_is_an_absent_one()
    {
        var a = Row(("Committee", "HSN"), ("AmountSek", 600d), ("ReportLine", null));
        var b = Row(("AmountSek", 600d), ("Committee", "HSN"));

        Assert.Equal(RowHash.Of(a), RowHash.Of(b));
    }

    [Fact]
    public void A_changed_value_a_changed_type_or_a_moved_value_changes_the_hash()
    {
        var row = RowHash.Of(Row(("AmountSek", 600d), ("Committee", "HSN")));

        Assert.NotEqual(row, RowHash.Of(Row(("AmountSek", 601d), ("Committee", "HSN"))));
        Assert.NotEqual(row, RowHash.Of(Row(("AmountSek", 600L), ("Committee", "HSN"))));
        Assert.NotEqual(row, RowHash.Of(Row(("AmountSek", 600d), ("Committee", "HSN "))));
        // The same characters split differently between two columns are another row.
        Assert.NotEqual(RowHash.Of(Row(("A", "xy"), ("B", "z"))), RowHash.Of(Row(("A", "x"), ("B", "yz"))));
        Assert.NotEqual(RowHash.Of(Row(("PeriodEnd", new DateTime(2025, 10, 31, 0, 0, 0, DateTimeKind.Utc)))),
            RowHash.Of(Row(("PeriodEnd", new DateTime(2025, 10, 30, 0, 0, 0, DateTimeKind.Utc)))));
    }
}
