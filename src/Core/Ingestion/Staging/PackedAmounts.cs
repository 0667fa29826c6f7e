using System.Globalization;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Staging;

/// <summary>
/// How ledger and budget amounts are staged, written and read here only: one stage row per (period,
/// committee) — more when its lines exceed a cell — holding sorted <c>account=amount</c> lines, so a
/// million-row ledger stages a few hundred rows, not tens of thousands.
/// </summary>
public static class PackedAmounts
{
    /// <summary>The most characters of packed amounts in one stage row (a Table Storage string holds 32 K characters).</summary>
    public const int MaxPackedChars = 30_000;

    /// <summary>The scope parts of a SIE file's ledger and budget amounts: <c>{period}|ledger|{object}</c>, <c>{period}|budget|{object}</c>.</summary>
    public const string LedgerPart = "ledger", BudgetPart = "budget";

    private const string PeriodColumn = "Period";
    private const string CommitteeColumn = "Committee";
    private const string AccountsColumn = "Accounts";
    private const string AmountsColumn = "Amounts";

    /// <summary>The stage rows of a file's summed amounts; scopes <c>{period}|{committee}</c>, or <c>{period}|{part}|{committee}</c> with a part.</summary>
    /// <param name="file">The amounts.</param>
    /// <param name="part">For a SIE file, <c>ledger</c> or <c>budget</c> (its committees are then the raw object ids, <c>""</c> for none).</param>
    public static IReadOnlyList<StageRow> Pack(AccountAmountFile file, string? part = null)
    {
        var rows = new List<StageRow>();
        foreach (var scope in file.Totals.GroupBy(t => (t.Key.Period, t.Key.Committee)))
        {
            var scopeKey = part is null
                ? KeyCodec.Compose(scope.Key.Period.ToString(), scope.Key.Committee)
                : KeyCodec.Compose(scope.Key.Period.ToString(), part, scope.Key.Committee);
            var chunk = new List<string>();
            var length = 0;
            var chunkIndex = 0;
            void Flush()
            {
                rows.Add(new StageRow(scopeKey, "amounts-" + chunkIndex++.ToString("D4", CultureInfo.InvariantCulture),
                [
                    new(PeriodColumn, scope.Key.Period.ToString()),
                    new(CommitteeColumn, scope.Key.Committee),
                    new(AccountsColumn, chunk.Count),
                    new(AmountsColumn, string.Join('\n', chunk)),
                ]));
                chunk.Clear();
                length = 0;
            }

            foreach (var line in scope.OrderBy(t => t.Key.Account, StringComparer.Ordinal)
                         .Select(t => t.Key.Account + "=" + t.Value.ToString(CultureInfo.InvariantCulture)))
            {
                if (chunk.Count > 0 && length + line.Length + 1 > MaxPackedChars)
                {
                    Flush();
                }

                chunk.Add(line);
                length += line.Length + 1;
            }

            Flush();
        }

        return rows;
    }

    /// <summary>
    /// A staged amount as <see cref="Pack"/> wrote it (invariant: <c>-1234.50</c>): read by
    /// <see cref="Values.TryParseDecimal"/> (up to 18 digits straight into a decimal, the same value and
    /// scale; longer ones by its general path); a text it refuses (a damaged stage row) fails loudly in
    /// the framework's parser.
    /// </summary>
    private static decimal Amount(ReadOnlySpan<char> text) =>
        Values.TryParseDecimal(text, out var amount) ? amount : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>The part (<see cref="LedgerPart"/> or <see cref="BudgetPart"/>) of a SIE stage row's scope.</summary>
    public static string PartOf(CountingRow row) => PartOf(row.Scope);

    /// <summary>The part of a SIE scope <c>{period}|{part}|{object}</c>.</summary>
    public static string PartOf(string scope) => KeyCodec.Decode(scope.Split(KeyCodec.Separator)[1]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Accounts = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> AccountsBySpan =
        Accounts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One string per account code (at most 100 000 kept; past that each is its own).</summary>
    private static string Account(ReadOnlySpan<char> code)
    {
        if (AccountsBySpan.TryGetValue(code, out var known))
        {
            return known;
        }

        var account = code.ToString();
        return Accounts.Count < 100_000 ? Accounts.GetOrAdd(account, account) : account;
    }

    /// <summary>The amounts of a staged row.</summary>
    public static IEnumerable<StagedAmount> Unpack(CountingRow row)
    {
        var amounts = new List<StagedAmount>(CountOf(row));
        UnpackInto(row, amounts);
        return amounts;
    }

    /// <summary>How many amounts a staged row holds.</summary>
    public static int CountOf(CountingRow row) => row.Row.GetInt32(AccountsColumn) ?? 0;

    /// <summary>The period of a staged row's amounts.</summary>
    public static Period PeriodOf(CountingRow row) => Period.Parse(row.Text(PeriodColumn)!);

    /// <summary>
    /// Adds the amounts of a staged row to <paramref name="amounts"/>: a month of a large region is
    /// close to a million amounts, so they are read straight into the list that keeps them.
    /// </summary>
    public static void UnpackInto(CountingRow row, List<StagedAmount> amounts)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(amounts);
        var period = PeriodOf(row);
        var committee = row.Text(CommitteeColumn)!;
        var text = row.Text(AmountsColumn)!;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            // Read as spans: a month of a large region is tens of thousands of lines, and an account's
            // text is made once per process (a region has a few thousand accounts), not once per line.
            var line = text.AsSpan(range);
            var equals = line.IndexOf('=');
            amounts.Add(new StagedAmount(new AccountKey(period, committee, Account(line[..equals])),
                Amount(line[(equals + 1)..]), row.Import));
        }
    }
}
