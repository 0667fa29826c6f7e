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
/// (formats.md), from any table (an XLSX sheet; a CSV goes through <see cref="LedgerCsv"/>, which
/// checks every row by the same <see cref="LedgerColumns"/>). One pass, streaming; all-or-nothing:
/// any error means no result.
/// </summary>
public static class AccountAmountParser
{
    /// <summary>The columns, with their Swedish aliases.</summary>
    public static IReadOnlyList<ColumnSpec> Columns => LedgerColumns.Specs;

    /// <summary>
    /// Reads every row of <paramref name="reader"/>. Returns the file's totals, or null when
    /// <paramref name="errors"/> holds at least one error.
    /// </summary>
    /// <param name="reader">The table.</param>
    /// <param name="maxFieldLength">The longest field accepted.</param>
    /// <param name="errors">Where errors go.</param>
    public static AccountAmountFile? Parse(ITabularReader reader, int maxFieldLength, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var columns = LedgerColumns.Resolve(reader.Headers, maxFieldLength, errors);
        if (columns is null)
        {
            return null;
        }

        var totals = new LedgerTotals();
        long rows = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.IsBlankRow())
                {
                    continue;
                }

                rows++;
                var fields = new TableFields(reader);
                List<ValidationError>? rowErrors = null;
                // Once a row is bad, keep reading to report every error, but stop aggregating.
                if (!columns.TryRead(ref fields, reader.RowNumber, ref rowErrors, errors.IsEmpty ? totals : null))
                {
                    foreach (var error in rowErrors!)
                    {
                        errors.Add(error);
                    }
                }
            }
        }
        catch (TabularFormatException e)
        {
            errors.Add(e.Row, null, e.Message);
        }
        catch (OverflowException)
        {
            errors.Add(reader.RowNumber, columns.AmountName, LedgerColumns.BeyondDecimalRange);
        }

        if (rows == 0 && errors.IsEmpty)
        {
            errors.Add(2, null, LedgerColumns.NoRows);
        }

        return errors.IsEmpty ? LedgerTotals.ToFile([totals]) : null;
    }

    /// <summary>The current row of an <see cref="ITabularReader"/> as the fields <see cref="LedgerColumns"/> checks.</summary>
    private readonly ref struct TableFields(ITabularReader reader) : ILedgerFields
    {
        public ReadOnlySpan<char> Field(int ordinal) => reader.GetField(ordinal);

        public int FieldLength(int ordinal) => reader.GetField(ordinal).Length;

        public bool IsDate(int ordinal) => reader.IsDate(ordinal);

        public int LongestPossibleField => int.MaxValue;
    }
}
