using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Liquidity;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>cash (likvida): end-of-day bank balances; scope: each Date.</summary>
public static class CashKind
{
    /// <summary>Date.</summary>
    public static Column<DateOnly> Date { get; } = Column.Date("Date");

    /// <summary>Account: the bank account.</summary>
    public static Column<string> Account { get; } = Column.Text("Account");

    /// <summary>BalanceSek [Saldo].</summary>
    public static Column<decimal> BalanceSek { get; } = Column.Money("BalanceSek");

    /// <summary>The kind.</summary>
    public static KindSchema<BankBalance> Schema { get; } = new(InputKind.Cash, [Date, Account, BalanceSek],
        r => new BankBalance(r.Value(Date), r.Value(Account), r.Value(BalanceSek)),
        b => KindSchemas.Day(b.Date),
        b => Primitives.Period.Of(b.Date),
        rowKey: b => b.Account,
        uniqueWhat: "bank account",
        scopeWords: "date");
}
