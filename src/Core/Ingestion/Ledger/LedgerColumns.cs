using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private LedgerColumns(int[] ordinals, string[] names, int maxFieldLength)
    {
        _ordinals = ordinals;
        _names = names;
        _maxFieldLength = maxFieldLength;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
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
    /// Checks one row (row <paramref name="row"/> as a spreadsheet numbers it). True with its key
    /// (committee and account interned, so equal keys share their strings) and amount; false with
    /// every error of the row in <paramref name="errors"/>. Safe to call from several threads.
    /// </summary>
    public bool TryRead<TRow>(scoped ref TRow fields, long row, ref List<ValidationError>? errors, out AccountKey key, out decimal amount)
        where TRow : ILedgerFields, allows ref struct
    {
        key = default;
        var ordinals = _ordinals;
        for (var c = 0; c < ordinals.Length; c++)
        {
            if (ordinals[c] >= 0 && fields.FieldLength(ordinals[c]) > _maxFieldLength)
            {
                Add(ref errors, row, c, fields.Field(ordinals[c]), $"the field is longer than {_maxFieldLength:N0} characters");
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
        if (!Values.TryParseDecimal(amountText, out amount))
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

        key = new AccountKey(period, Intern(committee), Intern(account));
        return true;
    }

    private void Add(ref List<ValidationError>? errors, long row, int column, ReadOnlySpan<char> value, string reason) =>
        (errors ??= []).Add(ValidationErrors.Of(row, _names[column], value, reason));

    private string Intern(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var created = text.ToString();
        return _strings.GetOrAdd(created, created);
    }
}

/// <summary>
/// Sums of Amount per key and rows per period, for the rows one reader (or one thread) has read;
/// keys are compared by the identity of their interned strings.
/// </summary>
internal sealed class LedgerTotals
{
    private readonly Dictionary<AccountKey, decimal> _totals = new(InternedKeys.Instance);
    private readonly Dictionary<Period, long> _rowsPerPeriod = [];

    /// <summary>Adds one row.</summary>
    /// <exception cref="OverflowException">The sum leaves the decimal range (the total is then unchanged).</exception>
    public void Add(AccountKey key, decimal amount)
    {
        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(_totals, key, out _);
        total += amount;
        CollectionsMarshal.GetValueRefOrAddDefault(_rowsPerPeriod, key.Period, out _)++;
    }

    /// <summary>Adds the sums of <paramref name="other"/> (keys interned by the same <see cref="LedgerColumns"/>).</summary>
    /// <exception cref="OverflowException">A sum leaves the decimal range.</exception>
    public void Add(LedgerTotals other)
    {
        foreach (var (key, amount) in other._totals)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_totals, key, out _) += amount;
        }

        foreach (var (period, rows) in other._rowsPerPeriod)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_rowsPerPeriod, period, out _) += rows;
        }
    }

    /// <summary>The file of these sums (keys compared by value from here on).</summary>
    public AccountAmountFile ToFile(long rows) => new(rows, new Dictionary<AccountKey, decimal>(_totals), new Dictionary<Period, long>(_rowsPerPeriod));

    private sealed class InternedKeys : IEqualityComparer<AccountKey>
    {
        public static InternedKeys Instance { get; } = new();

        public bool Equals(AccountKey x, AccountKey y) =>
            x.Period == y.Period && ReferenceEquals(x.Committee, y.Committee) && ReferenceEquals(x.Account, y.Account);

        public int GetHashCode(AccountKey key) =>
            HashCode.Combine(key.Period, RuntimeHelpers.GetHashCode(key.Committee), RuntimeHelpers.GetHashCode(key.Account));
    }
}
