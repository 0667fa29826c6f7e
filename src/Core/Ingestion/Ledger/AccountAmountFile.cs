using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Ledger;

/// <summary>The key of a ledger or budget fact: one committee's account in one month.</summary>
/// <param name="Period">The accounting month.</param>
/// <param name="Committee">The committee code (nämnd), e.g. RS.</param>
/// <param name="Account">The Region-Bas account, digits only.</param>
public readonly record struct AccountKey(Period Period, string Committee, string Account);

/// <summary>The scope a newer ledger or budget file replaces: one committee in one month.</summary>
/// <param name="Period">The accounting month.</param>
/// <param name="Committee">The committee code.</param>
public readonly record struct CommitteeMonth(Period Period, string Committee);

/// <summary>
/// A validated ledger or budget file, reduced to its monthly sum per (period, committee, account):
/// transaction-level exports of millions of rows become a few thousand facts.
/// </summary>
/// <param name="Rows">The number of data rows read.</param>
/// <param name="Totals">The sum of Amount per key, in the ledger sign (debit +, credit −).</param>
/// <param name="RowsPerPeriod">The data rows of each period.</param>
public sealed record AccountAmountFile(long Rows, IReadOnlyDictionary<AccountKey, decimal> Totals, IReadOnlyDictionary<Period, long> RowsPerPeriod)
{
    /// <summary>The scopes the file covers.</summary>
    public IReadOnlySet<CommitteeMonth> Scopes { get; } = Totals.Keys.Select(k => new CommitteeMonth(k.Period, k.Committee)).ToHashSet();
}

/// <summary>
/// Parses and validates the ledger (huvudbok) and budget kinds, which share their columns
/// (formats.md). One pass, streaming; all-or-nothing: any error means no result.
/// </summary>
public static class AccountAmountParser
{
    /// <summary>The columns, with their Swedish aliases.</summary>
    public static IReadOnlyList<ColumnSpec> Columns { get; } = ColumnAliases.Resolve(
    [
        new FieldSpec("Period", FieldType.Period, true),
        new FieldSpec("Committee", FieldType.Text, true),
        new FieldSpec("Account", FieldType.Digits, true),
        new FieldSpec("Amount", FieldType.Money, true),
        new FieldSpec("CostCenter", FieldType.Text),
        new FieldSpec("Activity", FieldType.Text),
        new FieldSpec("Project", FieldType.Text),
        new FieldSpec("Counterparty", FieldType.Text),
        new FieldSpec("Date", FieldType.Date),
        new FieldSpec("Text", FieldType.Text),
        new FieldSpec("Version", FieldType.Text),
    ]);

    private const int PeriodColumn = 0, CommitteeColumn = 1, AccountColumn = 2, AmountColumn = 3, DateColumn = 8;

    /// <summary>
    /// Reads every row of <paramref name="reader"/>. Returns the file's totals, or null when
    /// <paramref name="errors"/> holds at least one error.
    /// </summary>
    /// <param name="reader">The table.</param>
    /// <param name="maxFieldLength">The longest field accepted.</param>
    /// <param name="errors">Where errors go.</param>
    /// <param name="requireRows">Report a file without rows (false for a later part of a file read in parts).</param>
    public static AccountAmountFile? Parse(ITabularReader reader, int maxFieldLength, ValidationErrors errors, bool requireRows = true)
    {
        var header = HeaderMap.Resolve(reader.Headers, Columns, errors);
        if (!errors.IsEmpty)
        {
            return null;
        }

        var ordinals = Enumerable.Range(0, Columns.Count).Select(header.Ordinal).ToArray();
        var names = Enumerable.Range(0, Columns.Count).Select(header.HeaderText).ToArray();
        var strings = new HashSet<string>(StringComparer.Ordinal);
        var intern = strings.GetAlternateLookup<ReadOnlySpan<char>>();
        var totals = new Dictionary<AccountKey, decimal>();
        var rowsPerPeriod = new Dictionary<Period, long>();
        long rows = 0;
        try
        {
            while (reader.Read())
            {
                var row = reader.RowNumber;
                if (reader.IsBlankRow())
                {
                    continue;
                }

                rows++;
                for (var c = 0; c < ordinals.Length; c++)
                {
                    if (ordinals[c] >= 0 && reader.GetField(ordinals[c]).Length > maxFieldLength)
                    {
                        errors.Add(row, names[c], reader.GetField(ordinals[c]), $"the field is longer than {maxFieldLength:N0} characters");
                    }
                }

                var periodText = reader.GetField(ordinals[PeriodColumn]);
                var periodOk = Values.TryParsePeriod(periodText, out var period);
                if (!periodOk && reader.IsDate(ordinals[PeriodColumn]) && Values.TryParseDate(periodText, out var periodDate))
                {
                    period = Period.Of(periodDate); // a period typed as a date cell in a workbook
                    periodOk = true;
                }
                if (!periodOk)
                {
                    errors.Add(row, names[PeriodColumn], periodText, Values.NotAPeriod);
                }

                var committee = reader.GetField(ordinals[CommitteeColumn]).Trim();
                if (committee.IsEmpty)
                {
                    errors.Add(row, names[CommitteeColumn], committee, "the committee (nämnd) is empty");
                }

                var account = reader.GetField(ordinals[AccountColumn]).Trim();
                if (!Values.IsDigits(account))
                {
                    errors.Add(row, names[AccountColumn], account, "an account is digits only, e.g. 4010");
                }

                var amountText = reader.GetField(ordinals[AmountColumn]);
                if (!Values.TryParseDecimal(amountText, out var amount))
                {
                    errors.Add(row, names[AmountColumn], amountText, Values.NotAnAmount);
                }

                if (ordinals[DateColumn] >= 0)
                {
                    var dateText = reader.GetField(ordinals[DateColumn]);
                    if (!dateText.Trim().IsEmpty && !Values.TryParseDate(dateText, out _))
                    {
                        errors.Add(row, names[DateColumn], dateText, Values.NotADate);
                    }
                }

                if (!errors.IsEmpty)
                {
                    continue; // keep reading to report every error, but stop aggregating
                }

                var key = new AccountKey(period, Intern(intern, strings, committee), Intern(intern, strings, account));
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(totals, key, out _) += amount;
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(rowsPerPeriod, period, out _)++;
            }
        }
        catch (TabularFormatException e)
        {
            errors.Add(e.Row, null, e.Message);
        }
        catch (OverflowException)
        {
            errors.Add(reader.RowNumber, names[AmountColumn], "the amounts add up beyond the decimal range");
        }

        if (requireRows && rows == 0 && errors.IsEmpty)
        {
            errors.Add(2, null, "the file has a header but no rows");
        }

        return errors.IsEmpty ? new AccountAmountFile(rows, totals, rowsPerPeriod) : null;
    }

    private static string Intern(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, HashSet<string> set, ReadOnlySpan<char> text)
    {
        if (lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var created = text.ToString();
        set.Add(created);
        return created;
    }

}
