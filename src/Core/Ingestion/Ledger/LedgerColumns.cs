using System.Runtime.InteropServices;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Ledger;

/// <summary>The fields of one ledger or budget row, as a table reader or the CSV reader gives them.</summary>
internal interface ILedgerFields
{
    /// <summary>The text of field <paramref name="ordinal"/> (empty when the row is shorter).</summary>
    ReadOnlySpan<char> Field(int ordinal);

    /// <summary>The length of <see cref="Field"/> without building it.</summary>
    int FieldLength(int ordinal);

    /// <summary>True when the field was a date cell of a workbook.</summary>
    bool IsDate(int ordinal);

    /// <summary>No field of the row is longer than this (for a CSV row: the row's own length).</summary>
    int LongestPossibleField { get; }
}

/// <summary>
/// The columns of the ledger and budget kinds as one file's header places them, and the checks of
/// one row: every field's length, the period, committee, account, amount and date (formats.md).
/// The one place these checks live, for the CSV path (<see cref="LedgerCsv"/>, possibly on several
/// threads at once) and the table path (<see cref="AccountAmountParser"/>, XLSX).
/// </summary>
internal sealed class LedgerColumns
{
    /// <summary>The reason of an overflowing sum.</summary>
    public const string BeyondDecimalRange = "the amounts add up beyond the decimal range";

    /// <summary>The reason of a file with a header and nothing else.</summary>
    public const string NoRows = "the file has a header but no rows";

    private const int PeriodColumn = 0, CommitteeColumn = 1, AccountColumn = 2, AmountColumn = 3, DateColumn = 8;

    private readonly int[] _ordinals;
    private readonly string[] _names;
    private readonly int _maxFieldLength;

    private LedgerColumns(int[] ordinals, string[] names, int maxFieldLength)
    {
        _ordinals = ordinals;
        _names = names;
        _maxFieldLength = maxFieldLength;
    }

    /// <summary>The columns, with their Swedish aliases.</summary>
    public static IReadOnlyList<ColumnSpec> Specs { get; } = ColumnAliases.Resolve(
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

    /// <summary>The Amount column as the file names it.</summary>
    public string AmountName => _names[AmountColumn];

    /// <summary>Matches <paramref name="headers"/> to the columns; null with the errors added when a required column is missing or one is given twice.</summary>
    public static LedgerColumns? Resolve(IReadOnlyList<string> headers, int maxFieldLength, ValidationErrors errors)
    {
        var header = HeaderMap.Resolve(headers, Specs, errors);
        if (!errors.IsEmpty)
        {
            return null;
        }

        return new LedgerColumns(
            Enumerable.Range(0, Specs.Count).Select(header.Ordinal).ToArray(),
            Enumerable.Range(0, Specs.Count).Select(header.HeaderText).ToArray(),
            maxFieldLength);
    }

    /// <summary>
    /// Checks one row (row <paramref name="row"/> as a spreadsheet numbers it). True, with the row
    /// added to <paramref name="totals"/> (when given), or false with every error of the row in
    /// <paramref name="errors"/>. Safe to call from several threads, each with its own totals.
    /// </summary>
    /// <exception cref="OverflowException">The row's amount takes a sum beyond the decimal range.</exception>
    public bool TryRead<TRow>(scoped ref TRow fields, long row, ref List<ValidationError>? errors, LedgerTotals? totals)
        where TRow : ILedgerFields, allows ref struct
    {
        var ordinals = _ordinals;
        if (fields.LongestPossibleField > _maxFieldLength)
        {
            for (var c = 0; c < ordinals.Length; c++)
            {
                if (ordinals[c] >= 0 && fields.FieldLength(ordinals[c]) > _maxFieldLength)
                {
                    Add(ref errors, row, c, fields.Field(ordinals[c]), $"the field is longer than {_maxFieldLength:N0} characters");
                }
            }
        }

        var periodText = fields.Field(ordinals[PeriodColumn]);
        var periodOk = Values.TryParsePeriod(periodText, out var period);
        if (!periodOk && fields.IsDate(ordinals[PeriodColumn]) && Values.TryParseDate(periodText, out var periodDate))
        {
            period = Period.Of(periodDate); // a period typed as a date cell in a workbook
            periodOk = true;
        }

        if (!periodOk)
        {
            Add(ref errors, row, PeriodColumn, periodText, Values.NotAPeriod);
        }

        var committee = fields.Field(ordinals[CommitteeColumn]).Trim();
        if (committee.IsEmpty)
        {
            Add(ref errors, row, CommitteeColumn, committee, "the committee (nämnd) is empty");
        }

        var account = fields.Field(ordinals[AccountColumn]).Trim();
        if (!Values.IsDigits(account))
        {
            Add(ref errors, row, AccountColumn, account, "an account is digits only, e.g. 4010");
        }

        var amountText = fields.Field(ordinals[AmountColumn]);
        if (!Values.TryParseDecimal(amountText, out var amount))
        {
            Add(ref errors, row, AmountColumn, amountText, Values.NotAnAmount);
        }

        if (ordinals[DateColumn] >= 0)
        {
            var dateText = fields.Field(ordinals[DateColumn]);
            if (!dateText.Trim().IsEmpty && !Values.TryParseDate(dateText, out _))
            {
                Add(ref errors, row, DateColumn, dateText, Values.NotADate);
            }
        }

        if (errors is not null)
        {
            return false;
        }

        totals?.Add(period, committee, account, amount);
        return true;
    }

    private void Add(ref List<ValidationError>? errors, long row, int column, ReadOnlySpan<char> value, string reason) =>
        (errors ??= []).Add(ValidationErrors.Of(row, _names[column], value, reason));
}

/// <summary>
/// Sums of Amount per (period, committee, account) and rows per period, for the rows one reader (or
/// one thread) has read. Committees and accounts are numbered as they first appear (looked up from
/// the span, so a row allocates nothing; the strings are made once per distinct text). Each
/// (period, committee) has an array of sums indexed by the account's number, so adding a row costs a
/// look-up in a small table and an array slot (a ledger's few thousand accounts fit in a core's
/// cache, a dictionary of every key does not); past <see cref="DenseSlots"/> slots in all (a file of
/// very many committees or accounts) the further keys go to a dictionary.
/// </summary>
internal sealed class LedgerTotals
{
    /// <summary>The most array slots one reader keeps (16 MiB of sums).</summary>
    public const int DenseSlots = 1 << 20;

    private const int IdBits = 25; // committees and accounts each numbered below 2^25; the period's month since 1900 (< 2^14) above them
    private const int IdMask = (1 << IdBits) - 1;
    private readonly Names _committees = new();
    private readonly Names _accounts = new();
    private readonly Dictionary<ulong, int> _pairs = []; // (month, committee) → index into the lists below
    private readonly List<ulong> _pairKeys = [];
    private readonly List<decimal[]> _sums = [];
    private readonly List<bool[]> _seen = [];
    private readonly List<long> _pairRows = [];
    private readonly Dictionary<ulong, decimal> _sparse = [];
    private int _slots;

    /// <summary>Adds one row.</summary>
    /// <exception cref="OverflowException">The sum leaves the decimal range (the total is then unchanged).</exception>
    public void Add(Period period, ReadOnlySpan<char> committee, ReadOnlySpan<char> account, decimal amount)
    {
        var pairKey = (ulong)((period.Year - Period.MinYear) * 12 + period.Month - 1) << IdBits | (uint)_committees.Id(committee);
        var accountId = _accounts.Id(account);
        ref var pair = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairs, pairKey, out var exists);
        if (!exists)
        {
            pair = _sums.Count;
            _pairKeys.Add(pairKey);
            _sums.Add([]);
            _seen.Add([]);
            _pairRows.Add(0);
        }

        var sums = _sums[pair];
        if (accountId >= sums.Length && !TryGrow(pair, accountId, ref sums))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_sparse, pairKey << IdBits | (uint)accountId, out _) += amount;
        }
        else
        {
            sums[accountId] += amount;
            _seen[pair][accountId] = true;
        }

        CollectionsMarshal.AsSpan(_pairRows)[pair]++;
    }

    private bool TryGrow(int pair, int accountId, ref decimal[] sums)
    {
        var length = Math.Max(accountId + 1, Math.Max(16, Math.Min(sums.Length * 2, _accounts.Count + 16)));
        if (_slots + length - sums.Length > DenseSlots)
        {
            return false;
        }

        _slots += length - sums.Length;
        Array.Resize(ref sums, length);
        _sums[pair] = sums;
        var seen = _seen[pair];
        Array.Resize(ref seen, length);
        _seen[pair] = seen;
        return true;
    }

    /// <summary>The file of the sums of <paramref name="parts"/> (one per thread that read rows); its rows are the rows added.</summary>
    /// <exception cref="OverflowException">A sum leaves the decimal range.</exception>
    public static AccountAmountFile ToFile(IEnumerable<LedgerTotals> parts)
    {
        var totals = new Dictionary<AccountKey, decimal>();
        var rowsPerPeriod = new Dictionary<Period, long>();
        foreach (var part in parts)
        {
            for (var pair = 0; pair < part._pairKeys.Count; pair++)
            {
                var (period, committee) = part.PairOf(part._pairKeys[pair]);
                var sums = part._sums[pair];
                var seen = part._seen[pair];
                for (var account = 0; account < sums.Length; account++)
                {
                    if (seen[account])
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(totals, new AccountKey(period, committee, part._accounts[account]), out _) += sums[account];
                    }
                }

                CollectionsMarshal.GetValueRefOrAddDefault(rowsPerPeriod, period, out _) += part._pairRows[pair];
            }

            foreach (var (key, amount) in part._sparse)
            {
                var (period, committee) = part.PairOf(key >> IdBits);
                CollectionsMarshal.GetValueRefOrAddDefault(totals, new AccountKey(period, committee, part._accounts[(int)(key & IdMask)]), out _) += amount;
            }
        }

        return new AccountAmountFile(rowsPerPeriod.Values.Sum(), totals, rowsPerPeriod);
    }

    private (Period Period, string Committee) PairOf(ulong pairKey)
    {
        var month = (int)(pairKey >> IdBits);
        return (new Period(Period.MinYear + month / 12, month % 12 + 1), _committees[(int)(pairKey & IdMask)]);
    }

    /// <summary>Texts numbered in order of first appearance.</summary>
    private sealed class Names
    {
        private readonly Dictionary<string, int> _ids = [];
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly List<string> _texts = [];

        public Names() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

        public string this[int id] => _texts[id];

        public int Count => _texts.Count;

        public int Id(ReadOnlySpan<char> text)
        {
            if (_lookup.TryGetValue(text, out var id))
            {
                return id;
            }

            if (_texts.Count > IdMask)
            {
                throw new OverflowException("more than 2^25 distinct committees or accounts");
            }

            var created = text.ToString();
            _ids.Add(created, _texts.Count);
            _texts.Add(created);
            return _texts.Count - 1;
        }
    }
}
