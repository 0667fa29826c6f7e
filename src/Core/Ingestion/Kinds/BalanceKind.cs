using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>balance (balans): balance-sheet items at period end; scope: each Period.</summary>
public static class BalanceKind
{
    /// <summary>Period: the period end.</summary>
    public static Column<Period> Period { get; } = Column.Period("Period");

    /// <summary>Item [Post]: one of <see cref="BalanceSheetItems"/>.</summary>
    public static Column<string> Item { get; } = Column.Choice("Item", FieldSpec.ChoiceMap(
        (BalanceSheetItems.TotalAssets, ["Summa tillgångar"]), (BalanceSheetItems.Equity, ["Eget kapital"]),
        (BalanceSheetItems.InterestBearingDebt, ["Räntebärande skulder"]), (BalanceSheetItems.CurrentAssets, ["Omsättningstillgångar"]),
        (BalanceSheetItems.CurrentLiabilities, ["Kortfristiga skulder"]), (BalanceSheetItems.Investments, ["Investeringar"])));

    /// <summary>Amount: SEK; only Equity may be negative.</summary>
    public static Column<decimal> Amount { get; } = Column.Money("Amount");

    /// <summary>The kind.</summary>
    public static KindSchema<BalanceSheetItem> Schema { get; } = new(InputKind.Balance, [Period, Item, Amount],
        r => new BalanceSheetItem(r.Value(Period), r.Value(Item), r.Value(Amount)),
        b => b.Period.ToString(),
        b => b.Period,
        rowKey: b => b.Item,
        check: (b, e) =>
        {
            if (b.Item != BalanceSheetItems.Equity && b.Amount < 0)
            {
                e.Add(Amount, b.Amount, $"{b.Item} cannot be negative (only Equity may be)");
            }
        },
        uniqueWhat: "item");
}
