using System.Globalization;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Sie;

/// <summary>
/// What an accepted SIE 4B file (type 2, 3 or 4) holds for the product: its identification, its
/// financial years, and the ledger and budget amounts of years <c>#RAR 0</c> and <c>#RAR -1</c> per
/// (Period, Account, committee object). Amounts are keyed by the raw object id of the committee
/// dimension (null: no such object, the default committee); mapping ids to committees is the
/// caller's (see <see cref="Policy.SieCommitteeMap"/>).
/// </summary>
/// <param name="SieType">The file's <c>#SIETYP</c>: 2, 3 or 4.</param>
/// <param name="CompanyName">The company's name (<c>#FNAMN</c>), or null when the file has none.</param>
/// <param name="Years">The financial years (<c>#RAR</c>) in the order of the file.</param>
/// <param name="CommitteeDimension">The dimension whose objects the amounts are keyed by.</param>
/// <param name="LedgerSource">Where the ledger amounts came from: the period balances or the vouchers.</param>
/// <param name="Ledger">Ledger amounts (the period's change per account), sorted by period, account and object id.</param>
/// <param name="Budget">Budget amounts from <c>#PBUDGET</c>, sorted the same way.</param>
/// <param name="VoucherCount">The number of vouchers (<c>#VER</c>) read.</param>
/// <param name="TransactionCount">The number of <c>#TRANS</c> rows read (struck and added rows not included).</param>
/// <param name="LineCount">The number of lines read.</param>
/// <param name="Warnings">What was read but not counted, and why (e.g. <c>#PBUDGET</c> rows of year -1 whose period lies in year 0); empty for most files.</param>
public sealed record SieFile(
    int SieType,
    string? CompanyName,
    IReadOnlyList<SieYear> Years,
    int CommitteeDimension,
    SieLedgerSource LedgerSource,
    IReadOnlyList<SieAmount> Ledger,
    IReadOnlyList<SieAmount> Budget,
    long VoucherCount,
    long TransactionCount,
    long LineCount,
    IReadOnlyList<ValidationError> Warnings)
{
    /// <summary>The periods of the ledger and the budget, in order.</summary>
    public IReadOnlyList<Period> Periods => [.. Ledger.Select(a => a.Period).Concat(Budget.Select(a => a.Period)).Distinct().Order()];
}

/// <summary>A financial year of the file (<c>#RAR index start end</c>).</summary>
/// <param name="Index">0 for the current year, -1 for the year before, and so on.</param>
/// <param name="Start">The first day of the year.</param>
/// <param name="End">The last day of the year.</param>
public readonly record struct SieYear(int Index, DateOnly Start, DateOnly End)
{
    /// <summary>True when <paramref name="date"/> falls in the year.</summary>
    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>True when <paramref name="period"/> lies in the year (its months from Start to End).</summary>
    public bool Contains(Period period) => period >= Period.Of(Start) && period <= Period.Of(End);

    /// <summary>The year as <c>2024-01-01–2024-12-31</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd}–{End:yyyy-MM-dd}");
}

/// <summary>One amount of the ledger or the budget.</summary>
/// <param name="Period">The month.</param>
/// <param name="Account">The account number as written in the file.</param>
/// <param name="ObjectId">The object id of the committee dimension; null when the amount has none (the default committee).</param>
/// <param name="Amount">SEK, debit positive, credit negative.</param>
public readonly record struct SieAmount(Period Period, string Account, string? ObjectId, decimal Amount);

/// <summary>Where a SIE file's ledger amounts come from (formats.md, sie).</summary>
public enum SieLedgerSource
{
    /// <summary>Neither period balances nor vouchers for years 0 and -1: the ledger is empty.</summary>
    None,

    /// <summary>The period balances, <c>#PSALDO</c> (the file has some).</summary>
    PeriodBalances,

    /// <summary>The vouchers' <c>#TRANS</c> rows, each in the month of its date (the file has no <c>#PSALDO</c>).</summary>
    Vouchers,
}

/// <summary>How the reader reads a SIE file.</summary>
public sealed record SieReadOptions
{
    /// <summary>The product's limit of characters per field (formats.md).</summary>
    public const int DefaultMaxFieldLength = 1_000_000;

    /// <summary>The dimension whose objects are committees (policy <c>sie.committeeDimension</c>; 1, kostnadsställe, by default).</summary>
    public int CommitteeDimension { get; init; } = 1;

    /// <summary>The longest field accepted, in characters; a longer one refuses the file.</summary>
    public int MaxFieldLength { get; init; } = DefaultMaxFieldLength;

    /// <summary>The longest line accepted: a field at the limit plus 64 Ki characters for the rest of the record.</summary>
    public int MaxLineLength => MaxFieldLength + (1 << 16);
}
