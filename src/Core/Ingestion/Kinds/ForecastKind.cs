using Regfin.Core.Forecast;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>
/// forecast (prognos): a committee's full-year forecast after a month's close; scope: each (AsOf,
/// Committee). An account may be a leading-digit class, which the account map in force must send to
/// one report line as a whole (<see cref="CheckClasses"/>).
/// </summary>
public static class ForecastKind
{
    /// <summary>AsOf [Prognosmånad]: the closed month the forecast follows.</summary>
    public static Column<Primitives.Period> AsOf { get; } = Column.Period("AsOf");

    /// <summary>Committee [Nämnd].</summary>
    public static Column<string> Committee { get; } = Column.Text("Committee");

    /// <summary>Account [Konto]: an account or an account class.</summary>
    public static Column<string> Account { get; } = Column.Digits("Account");

    /// <summary>Amount [Belopp, Prognos]: the whole calendar year, ledger sign.</summary>
    public static Column<decimal> Amount { get; } = Column.Money("Amount");

    /// <summary>Comment [Kommentar].</summary>
    public static Column<string?> Comment { get; } = Column.OptionalText("Comment");

    /// <summary>The kind.</summary>
    public static KindSchema<FullYearForecastRow> Schema { get; } = new(InputKind.Forecast, [AsOf, Committee, Account, Amount, Comment],
        r => new FullYearForecastRow(r.Value(AsOf), r.Value(Committee), r.Value(Account), r.Value(Amount), r.Value(Comment)),
        f => KeyCodec.Compose(f.AsOf.ToString(), f.Committee),
        f => f.AsOf,
        rowKey: f => KeyCodec.Encode(f.Account),
        uniqueWhat: "account",
        scopeWords: "forecast month and committee",
        aliases: new Dictionary<string, string[]> { [AsOf.Name] = ["Prognosmånad", "Prognosmanad"], [Amount.Name] = ["Prognos"] });

    /// <summary>
    /// Refuses every row whose account class the account map sends to more than one report line
    /// (formats.md: <c>7</c> spans OperatingCosts and Depreciation), naming the lines; accounts of
    /// no line count as "no line" (UnmappedAmount).
    /// </summary>
    /// <param name="rows">The file's accepted rows.</param>
    /// <param name="map">The account map of the policy in force.</param>
    /// <param name="errors">Where the refusals go.</param>
    public static void CheckClasses(IEnumerable<ScopedRow> rows, AccountMap map, ValidationErrors errors)
    {
        foreach (var row in rows)
        {
            var account = row.Row.Value(Account);
            var lines = map.LinesOfClass(account);
            if (lines.Count > 1)
            {
                var named = string.Join(" and ", lines.Select(l => l?.ToString() ?? "no line (unmapped)"));
                errors.Add(row.Row.RowNumber, Account.Name, account,
                    $"the account class {account} spans {named} in the account map: give the forecast per account or per class within one report line");
            }
        }
    }
}
