using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Sie;

/// <summary>
/// Reads a SIE 4B file (types 2, 3 and 4; formats.md, sie) in one streaming pass: the records the
/// product uses (<c>#FLAGGA</c>, <c>#SIETYP</c>, <c>#FNAMN</c>, <c>#RAR</c>, <c>#PSALDO</c>,
/// <c>#PBUDGET</c>, <c>#VER</c> with its <c>#TRANS</c>, <c>#RTRANS</c>, <c>#BTRANS</c> rows, and
/// <c>#KSUMMA</c>) are checked and summed per (period, account, committee object) as they pass; other
/// records are ignored. Memory stays flat whatever the number of vouchers: nothing but the totals is kept.
/// A refused file gives null with every reason in the <see cref="ValidationErrors"/> (row = line number,
/// column = record name).
/// </summary>
public static class SieReader
{
    /// <summary>Code page 437 (<c>#FORMAT PC8</c>), the encoding the standard prescribes.</summary>
    public static Encoding Cp437 { get; } = CreateCp437();

    /// <summary>True when the file's first record is <c>#FLAGGA</c> (after a byte-order mark and blank space): a SIE file.</summary>
    public static bool LooksLikeSie(RawFile file)
    {
        using var stream = file.OpenRead();
        Span<byte> head = stackalloc byte[64];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var bytes = head[..read];
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        return bytes.TrimStart(" \t\r\n"u8).StartsWith("#FLAGGA"u8);
    }

    /// <summary>Reads a captured file, as UTF-8 when its bytes are valid UTF-8, else as CP437.</summary>
    public static SieFile? Read(RawFile file, ValidationErrors errors, SieReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = file.OpenRead();
        return Read(stream, file.IsValidUtf8, errors, options, cancellationToken);
    }

    /// <summary>
    /// Reads <paramref name="stream"/> from its current position: as UTF-8 when <paramref name="isUtf8"/>
    /// (the bytes are valid UTF-8; exporters write it despite <c>#FORMAT PC8</c>), else as CP437. Returns
    /// null when the file is refused; the reasons are added to <paramref name="errors"/>.
    /// </summary>
    public static SieFile? Read(Stream stream, bool isUtf8, ValidationErrors errors, SieReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(errors);
        options ??= new SieReadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFieldLength, 1);
        var encoding = isUtf8 ? new UTF8Encoding(false) : Cp437;
        using var lines = new SieLineReader(stream, encoding, options.MaxLineLength);
        using var tokenized = new SieLinePipeline(lines, options.MaxFieldLength, cancellationToken);
        return new Pass(options, encoding, errors).Run(tokenized);
    }

    private static Encoding CreateCp437()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(437);
    }

    /// <summary>The state of one reading pass.</summary>
    private sealed class Pass(SieReadOptions options, Encoding encoding, ValidationErrors errors)
    {
        private const string Flagga = "#FLAGGA";
        private const string SieTyp = "#SIETYP";
        private const string Fnamn = "#FNAMN";
        private const string Rar = "#RAR";
        private const string Psaldo = "#PSALDO";
        private const string Pbudget = "#PBUDGET";
        private const string Ver = "#VER";
        private const string Trans = "#TRANS";
        private const string Rtrans = "#RTRANS";
        private const string Btrans = "#BTRANS";
        private const string Ksumma = "#KSUMMA";
        private const string BlockOpen = "{";
        private const string BlockClose = "}";

        private readonly long _errorsBefore = errors.Count;
        private SieRecord _record = new();
        private readonly List<SieYear> _years = [];
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? _internLookup;
        private string? _lastInterned;
        private DateOnly _lastDate = DateOnly.MinValue;
        private Period _lastPeriod;
        private bool _lastRead;
        // Keys hold interned strings only (Intern), so they compare and hash by reference: the hot path of a voucher file.
        private readonly Dictionary<(Period Period, string Account, string? ObjectId), decimal> _voucherLedger = new(InternedKeys.Instance);
        private readonly SieLevels _periodBalances = new();
        private readonly SieLevels _budget = new();
        private readonly Dictionary<(string Record, int Index), Skipped> _skipped = [];
        private long _line;
        private int? _sieType;
        private string? _companyName;
        private long _voucherCount;
        private long _transactionCount;
        private long _replacementLines;
        private long _firstReplacementLine;

        // The voucher being read.
        private long _verLine;          // the line of the #VER whose block is expected or open; 0 when none
        private bool _expectBlock;      // a #VER was read and its { has not come yet
        private long _blockLine;        // the line of the open {; 0 when no block is open
        private DateOnly? _verDate;
        private decimal _verSum;
        private char[] _verName = new char[32];
        private int _verNameLength;

        // #KSUMMA: 0 none seen, 1 summing, 2 checked.
        private int _checksumState;
        private long _checksumLine;
        private readonly Crc32 _crc = new();
        private byte[] _bytes = new byte[256];

        /// <summary>Handles the tokenized lines in order (the line reading and tokenizing run ahead on a thread of their own).</summary>
        public SieFile? Run(SieLinePipeline lines)
        {
            foreach (var slot in lines.Read())
            {
                _line = slot.Line;
                if (slot.TooLong)
                {
                    errors.Add(_line, null, $"the line is longer than {options.MaxLineLength} characters");
                    continue;
                }

                if (slot.LeadingBlank)
                {
                    continue;
                }

                if (slot.FirstText is { } first && !StartsWithFlagga(first))
                {
                    errors.Add(_line, null, first.Trim(), "not a SIE file: it does not start with #FLAGGA");
                    return null;
                }

                if (slot.HasReplacement)
                {
                    _replacementLines++;
                    _firstReplacementLine = _firstReplacementLine == 0 ? _line : _firstReplacementLine;
                }

                _record = slot.Record;
                if (slot.Error is { } error)
                {
                    errors.Add(_line, NameOrNull(), slot.ErrorValue, error == SieTokenizer.FieldTooLong ? $"a field is longer than {options.MaxFieldLength} characters" : error);
                    continue;
                }

                if (_record.IsBlank)
                {
                    continue;
                }

                if (!Record())
                {
                    return null; // reserved for a record that makes the rest meaningless (none at present: SIE type 1 reads on)
                }
            }

            return Finish(lines.LineCount);
        }

        private static bool StartsWithFlagga(ReadOnlySpan<char> text)
        {
            text = text.TrimStart(" \t");
            return text.StartsWith(Flagga, StringComparison.Ordinal) && (text.Length == Flagga.Length || text[Flagga.Length] is ' ' or '\t' or '\r');
        }

        private string? NameOrNull() => _record.Name.IsEmpty ? null : _record.Name.ToString();

        /// <summary>Handles one record; false when the file is refused outright.</summary>
        private bool Record()
        {
            var name = _record.Name;
            if (_checksumState == 1 && !name.SequenceEqual(Ksumma))
            {
                _record.ForEachChecksumPiece(this, static (pass, piece) => pass.AddToChecksum(piece));
            }

            if (_expectBlock && !name.SequenceEqual(BlockOpen))
            {
                errors.Add(_verLine, Ver, $"the voucher on line {_verLine} is not followed by a {{ … }} block of rows");
                _expectBlock = false;
            }

            switch (name)
            {
                case SieTyp:
                    return OnSieType();
                case Fnamn:
                    _companyName = _record.FieldCount > 0 ? _record.Field(0).ToString() : null;
                    break;
                case Rar:
                    OnYear();
                    break;
                case Psaldo:
                    OnPeriodAmount(Psaldo, _periodBalances);
                    break;
                case Pbudget:
                    OnPeriodAmount(Pbudget, _budget);
                    break;
                case Ver:
                    OnVoucher();
                    break;
                case BlockOpen:
                    OnBlockOpen();
                    break;
                case BlockClose:
                    OnBlockClose();
                    break;
                case Trans:
                    OnTransaction(Trans, counted: true);
                    break;
                case Rtrans:
                    OnTransaction(Rtrans, counted: false);
                    break;
                case Btrans:
                    OnTransaction(Btrans, counted: false);
                    break;
                case Ksumma:
                    OnChecksum();
                    break;
                case Flagga:
                    break;
                default:
                    break; // unknown records are ignored (formats.md)
            }

            return true;
        }

        private bool OnSieType()
        {
            if (_record.FieldCount < 1 || !int.TryParse(_record.Field(0), NumberStyles.None, CultureInfo.InvariantCulture, out var type))
            {
                errors.Add(_line, SieTyp, _record.FieldOrEmpty(0), "the SIE type is not a number: export SIE type 2, 3 or 4");
                return true;
            }

            if (type == 1)
            {
                errors.Add(_line, SieTyp, _record.Field(0), "SIE type 1 holds year totals only: export SIE type 2, 3 or 4");
                _sieType = type;
                return true; // read on: the rest of the file is still checked (its #KSUMMA among others)
            }

            if (type is < 2 or > 4)
            {
                errors.Add(_line, SieTyp, _record.Field(0), $"SIE type {type} is not a type the standard defines: export SIE type 2, 3 or 4");
            }

            _sieType = type;
            return true;
        }

        private void OnYear()
        {
            if (!TryInt(Rar, 0, "the year index", out var index)
                || !TryDate(Rar, 1, "the first day of the year", out var start)
                || !TryDate(Rar, 2, "the last day of the year", out var end))
            {
                return;
            }

            if (end < start)
            {
                errors.Add(_line, Rar, $"the financial year #RAR {index} ends ({end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) before it starts ({start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
                return;
            }

            if (start.Year < Period.MinYear || end.Year > Period.MaxYear)
            {
                errors.Add(_line, Rar, $"the financial year #RAR {index} is outside the years {Period.MinYear}–{Period.MaxYear}");
                return;
            }

            if (_years.Exists(y => y.Index == index))
            {
                errors.Add(_line, Rar, $"the financial year #RAR {index} is given twice");
                return;
            }

            var year = new SieYear(index, start, end);
            if (index == 0 && (end.Month != 12 || end.Day != 31))
            {
                errors.Add(_line, Rar, $"the financial year #RAR 0 runs {year}: the region keeps calendar years");
            }

            _years.Add(year);
            _lastDate = DateOnly.MinValue; // the years read changed: forget the cached day
        }

        private void OnPeriodAmount(string record, SieLevels levels)
        {
            if (!TryInt(record, 0, "the year index", out var index))
            {
                return;
            }

            if (index is not (0 or -1))
            {
                return; // only years 0 and -1 are read
            }

            if (!TryPeriod(record, 1, out var period) || !TryAccount(record, 2, out var account) || !TryObjects(record, 3)
                || !TryAmount(record, 4, out var amount))
            {
                return;
            }

            var year = Year(index);
            if (year is null)
            {
                errors.Add(_line, record, $"the row is for year {index} but the file has no #RAR {index}");
                return;
            }

            if (!year.Value.Contains(period))
            {
                if (!_years.Exists(y => y.Contains(period)))
                {
                    errors.Add(_line, record, _record.Field(1), $"the period {period} is outside the file's financial years");
                    return;
                }

                // The period is in another year of the file (an exporter's slip: Visma repeats year 0's
                // budget as year -1). Counting it would count that month twice: skip it, and say so.
                NoteSkipped(record, index, year.Value);
                return;
            }

            var objects = _record.ObjectCount(3);
            if (objects == 0)
            {
                levels.AddTotal(period, account, amount);
                return;
            }

            if (!TryCommitteeObject(record, 3, out var committee, out var dimensions))
            {
                return;
            }

            if (objects == 1 && committee is not null)
            {
                levels.AddCommittee(period, account, committee, amount);
            }
            else
            {
                levels.AddOther(period, account, dimensions!, committee, amount, _line);
            }
        }

        private void OnVoucher()
        {
            if (_blockLine != 0)
            {
                errors.Add(_blockLine, BlockOpen, $"the voucher block opened on line {_blockLine} is never closed (a }} is missing before the #VER on line {_line})");
                _blockLine = 0;
            }

            _voucherCount++;
            _verLine = _line;
            _expectBlock = true;
            _verSum = 0m;
            _verDate = null;
            var series = _record.FieldOrEmpty(0);
            var number = _record.FieldOrEmpty(1);
            SetVoucherName(series, number);
            if (!TryDate(Ver, 2, "the voucher date", out var date))
            {
                return;
            }

            if (InFileYears(Ver, 2, date))
            {
                _verDate = date;
            }
        }

        private void OnBlockOpen()
        {
            if (_blockLine != 0)
            {
                errors.Add(_line, BlockOpen, $"a {{ inside the voucher block opened on line {_blockLine}");
                return;
            }

            if (!_expectBlock)
            {
                errors.Add(_line, BlockOpen, "a { block without a #VER before it");
                _verLine = 0;
                _verDate = null;
                _verSum = 0m;
                _verNameLength = 0;
            }

            _expectBlock = false;
            _blockLine = _line;
        }

        private void OnBlockClose()
        {
            if (_blockLine == 0)
            {
                errors.Add(_line, BlockClose, "a } without an open voucher block");
                return;
            }

            if (_verSum != 0m && _verLine != 0)
            {
                errors.Add(_verLine, Ver, $"voucher {VoucherName()} does not balance (sum {_verSum.ToString("0.00##########", CultureInfo.InvariantCulture)})");
            }

            _blockLine = 0;
            _verLine = 0;
        }

        private void OnTransaction(string record, bool counted)
        {
            if (_blockLine == 0)
            {
                errors.Add(_line, record, "a voucher row outside a voucher block ({ … } after a #VER)");
                return;
            }

            if (counted)
            {
                _transactionCount++;
            }

            if (!TryAccount(record, 0, out var account) || !TryObjects(record, 1) || !TryAmount(record, 2, out var amount))
            {
                return;
            }

            if (!counted)
            {
                return; // struck (#BTRANS) and added (#RTRANS, repeated as a #TRANS) rows are checked, not counted
            }

            _verSum += amount;
            DateOnly date;
            if (_record.FieldCount > 3 && !_record.Field(3).IsEmpty)
            {
                if (!TryDate(record, 3, "the transaction date", out date) || !InFileYears(record, 3, date))
                {
                    return;
                }
            }
            else if (_verDate is { } verDate)
            {
                date = verDate;
            }
            else
            {
                return; // the voucher's date was refused (or there is no #VER): reported there
            }

            if (!TryCommitteeObject(record, 1, out var committee, out _))
            {
                return;
            }

            if (date != _lastDate)
            {
                (_lastDate, _lastPeriod, _lastRead) = (date, Period.Of(date), IsRead(date));
            }

            if (_lastRead)
            {
                ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(_voucherLedger, (_lastPeriod, account, committee), out _);
                total += amount;
            }
        }

        private void OnChecksum()
        {
            switch (_checksumState)
            {
                case 0:
                    _checksumState = 1;
                    _checksumLine = _line;
                    _crc.Reset();
                    return;
                case 1:
                    _checksumState = 2;
                    var computed = _crc.GetCurrentHashAsUInt32();
                    if (_record.FieldCount < 1 || !long.TryParse(_record.Field(0), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var given)
                        || given is < int.MinValue or > uint.MaxValue)
                    {
                        errors.Add(_line, Ksumma, _record.FieldOrEmpty(0), "the closing #KSUMMA has no checksum (a number)");
                        return;
                    }

                    if ((uint)(given & 0xFFFFFFFF) != computed)
                    {
                        errors.Add(_line, Ksumma, _record.Field(0), $"#KSUMMA {_record.Field(0)} does not match the file's CRC-32 {computed} (the file was changed or cut after it was exported)");
                    }

                    return;
                default:
                    errors.Add(_line, Ksumma, "a third #KSUMMA (a file has one opening and one closing #KSUMMA)");
                    return;
            }
        }

        private SieFile? Finish(long lineCount)
        {
            if (_expectBlock)
            {
                errors.Add(_verLine, Ver, $"the voucher on line {_verLine} has no {{ … }} block of rows (the file is cut)");
            }

            if (_blockLine != 0)
            {
                errors.Add(_blockLine, BlockOpen, $"voucher block opened on line {_blockLine} is never closed (the file is cut)");
            }

            if (_checksumState == 1)
            {
                errors.Add(_checksumLine, Ksumma, $"the #KSUMMA on line {_checksumLine} has no closing #KSUMMA with the checksum (the file is cut)");
            }

            if (_sieType is null)
            {
                errors.Add(null, SieTyp, "the file has no #SIETYP: export SIE type 2, 3 or 4");
            }

            if (Year(0) is null)
            {
                errors.Add(null, Rar, "the file has no financial year #RAR 0");
            }

            var ledger = _periodBalances.Any ? _periodBalances.Resolve(errors, Psaldo) : VoucherAmounts();
            var budget = _budget.Resolve(errors, Pbudget);
            if (errors.Count > _errorsBefore)
            {
                return null;
            }

            var source = _periodBalances.Any ? SieLedgerSource.PeriodBalances : _voucherLedger.Count > 0 ? SieLedgerSource.Vouchers : SieLedgerSource.None;
            return new SieFile(_sieType!.Value, _companyName, [.. _years], options.CommitteeDimension, source, ledger, budget, _voucherCount, _transactionCount, lineCount, Warnings());
        }

        private List<SieAmount> VoucherAmounts()
        {
            var amounts = new List<SieAmount>(_voucherLedger.Count);
            foreach (var ((period, account, objectId), amount) in _voucherLedger)
            {
                amounts.Add(new SieAmount(period, account, objectId, amount));
            }

            amounts.Sort(SieAmounts.Order);
            return amounts;
        }

        private void NoteSkipped(string record, int index, SieYear year)
        {
            var key = (record, index);
            if (_skipped.TryGetValue(key, out var skipped))
            {
                _skipped[key] = skipped with { Count = skipped.Count + 1 };
            }
            else
            {
                _skipped.Add(key, new Skipped(_line, year, 1));
            }
        }

        private List<ValidationError> Warnings() =>
        [
            .. _replacementLines == 0 ? [] : new[]
            {
                new ValidationError(_firstReplacementLine, null, null,
                    $"{_replacementLines} lines hold the replacement character \uFFFD (the text was damaged before it was exported; names may read wrong, amounts are unaffected)"),
            },
            .. _skipped.OrderBy(s => s.Value.FirstLine).Select(s => new ValidationError(s.Value.FirstLine, s.Key.Record, null,
                $"{s.Value.Count} {s.Key.Record} rows of year {s.Key.Index} have a period outside that year ({s.Value.Year}) and were not counted (first on line {s.Value.FirstLine})")),
        ];

        private readonly record struct Skipped(long FirstLine, SieYear Year, long Count);

        // ---- fields ----

        private bool TryInt(string record, int index, string what, out int value)
        {
            var text = _record.FieldOrEmpty(index);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            {
                return true;
            }

            errors.Add(_line, record, text, text.IsEmpty ? $"{what} is missing" : $"{what} is not a whole number");
            return false;
        }

        private bool TryDate(string record, int index, string what, out DateOnly date)
        {
            var text = _record.FieldOrEmpty(index);
            if (TryParseDate(text, out date))
            {
                return true;
            }

            date = default;
            errors.Add(_line, record, text, text.IsEmpty ? $"{what} is missing" : $"{what} is not a date (YYYYMMDD)");
            return false;
        }

        /// <summary>YYYYMMDD, by hand: the hot path of a voucher file (DateOnly.TryParseExact is several times slower).</summary>
        private static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
        {
            date = default;
            if (text.Length != 8)
            {
                return false;
            }

            var value = 0;
            foreach (var c in text)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                value = value * 10 + (c - '0');
            }

            int year = value / 10000, month = value / 100 % 100, day = value % 100;
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            date = new DateOnly(year, month, day);
            return true;
        }

        private bool TryPeriod(string record, int index, out Period period)
        {
            var text = _record.FieldOrEmpty(index);
            if (text.Length == 6 && Period.TryParse(text, out period))
            {
                return true;
            }

            period = default;
            errors.Add(_line, record, text, text.IsEmpty ? "the period is missing" : "the period is not a month (YYYYMM)");
            return false;
        }

        private bool TryAccount(string record, int index, out string account)
        {
            var text = _record.FieldOrEmpty(index);
            if (text.IsEmpty || _record.Kind(index) == SieFieldKind.ObjectList)
            {
                account = "";
                errors.Add(_line, record, text, "the account number is missing");
                return false;
            }

            account = Intern(text);
            return true;
        }

        private bool TryObjects(string record, int index)
        {
            if (index < _record.FieldCount && _record.Kind(index) == SieFieldKind.ObjectList)
            {
                return true;
            }

            errors.Add(_line, record, _record.FieldOrEmpty(index), "an object list ({} or {dimension object …}) is missing after the account");
            return false;
        }

        private bool TryAmount(string record, int index, out decimal amount)
        {
            var text = _record.FieldOrEmpty(index);
            if (TryParseAmount(text, out amount))
            {
                return true;
            }

            amount = 0m;
            errors.Add(_line, record, text, text.IsEmpty ? "the amount is missing" : "the amount is not a number (digits with a . for decimals)");
            return false;
        }

        /// <summary>
        /// An amount as SIE writes it: digits with at most one '.', optionally after a sign (checked
        /// here), read by the tabular kinds' number parser (its allocation-free fast path).
        /// </summary>
        private static bool TryParseAmount(ReadOnlySpan<char> text, out decimal amount)
        {
            amount = 0m;
            return IsPlainNumber(text) && Values.TryParseDecimal(text, out amount);
        }

        /// <summary>Digits with at most one '.', optionally after a leading minus: what SIE writes.</summary>
        private static bool IsPlainNumber(ReadOnlySpan<char> text)
        {
            if (text.Length > 0 && text[0] is '-' or '+')
            {
                text = text[1..];
            }

            var digits = 0;
            var points = 0;
            foreach (var c in text)
            {
                if (c == '.')
                {
                    points++;
                }
                else if (char.IsAsciiDigit(c))
                {
                    digits++;
                }
                else
                {
                    return false;
                }
            }

            return digits > 0 && points <= 1;
        }

        /// <summary>
        /// The object of the committee dimension in the object list of field <paramref name="index"/>
        /// (null if none) and the list's set of dimensions as text (<c>1,6</c>). False, reported, when a
        /// dimension is not a number or repeats.
        /// </summary>
        private bool TryCommitteeObject(string record, int index, out string? committee, out string? dimensions)
        {
            committee = null;
            dimensions = null;
            var count = _record.ObjectCount(index);
            if (count == 0)
            {
                return true;
            }

            Span<int> dims = count <= 32 ? stackalloc int[count] : new int[count];
            for (var pair = 0; pair < count; pair++)
            {
                var text = _record.ObjectDimension(index, pair);
                var dim = text.Length == 1 && char.IsAsciiDigit(text[0]) ? text[0] - '0' : -1;
                if (dim < 0 && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out dim))
                {
                    errors.Add(_line, record, _record.Field(index), $"the dimension '{text}' of the object list is not a number");
                    return false;
                }

                if (dims[..pair].Contains(dim))
                {
                    errors.Add(_line, record, _record.Field(index), $"the object list names dimension {dim} twice");
                    return false;
                }

                dims[pair] = dim;
                if (dim == options.CommitteeDimension)
                {
                    var id = _record.ObjectId(index, pair);
                    committee = id.IsEmpty ? null : Intern(id);
                }
            }

            if (count > 1 || committee is null)
            {
                dims.Sort();
                Span<char> buffer = stackalloc char[256];
                var length = 0;
                foreach (var dim in dims)
                {
                    if (length > 0 && length < buffer.Length)
                    {
                        buffer[length++] = ',';
                    }

                    if (!dim.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture))
                    {
                        break;
                    }

                    length += written;
                }

                dimensions = Intern(buffer[..length]);
            }

            return true;
        }

        // ---- years ----

        private SieYear? Year(int index)
        {
            foreach (var year in _years)
            {
                if (year.Index == index)
                {
                    return year;
                }
            }

            return null;
        }

        /// <summary>True when <paramref name="date"/> is in year 0 or -1, the years that are read.</summary>
        private bool IsRead(DateOnly date)
        {
            foreach (var year in _years)
            {
                if (year.Index is 0 or -1 && year.Contains(date))
                {
                    return true;
                }
            }

            return false;
        }

        private bool InFileYears(string record, int index, DateOnly date)
        {
            foreach (var year in _years)
            {
                if (year.Contains(date))
                {
                    return true;
                }
            }

            if (_years.Count == 0)
            {
                return false; // no #RAR (yet): "the file has no financial year #RAR 0" says it once
            }

            var years = "the file's years are " + string.Join(", ", _years.Select(y => $"#RAR {y.Index} {y}"));
            errors.Add(_line, record, _record.Field(index), $"the date {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is outside the file's financial years ({years})");
            return false;
        }

        // ---- helpers ----

        private void SetVoucherName(ReadOnlySpan<char> series, ReadOnlySpan<char> number)
        {
            var length = series.Length + 1 + number.Length;
            if (_verName.Length < length)
            {
                _verName = new char[Math.Max(length, _verName.Length * 2)];
            }

            series.CopyTo(_verName);
            _verName[series.Length] = ' ';
            number.CopyTo(_verName.AsSpan(series.Length + 1));
            _verNameLength = length;
        }

        private string VoucherName()
        {
            var name = _verName.AsSpan(0, _verNameLength).Trim();
            return name.IsEmpty ? $"on line {_verLine}" : $"\"{name}\"";
        }

        private string Intern(ReadOnlySpan<char> text)
        {
            // Consecutive rows mostly repeat the string before (a voucher's cost centre, a period's account).
            if (_lastInterned is { } last && text.SequenceEqual(last))
            {
                return last;
            }

            _internLookup ??= _strings.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!_internLookup.Value.TryGetValue(text, out var value))
            {
                value = text.ToString();
                _strings.Add(value, value);
            }

            _lastInterned = value;
            return value;
        }

        private void AddToChecksum(ReadOnlySpan<char> piece)
        {
            var max = encoding.GetMaxByteCount(piece.Length);
            if (_bytes.Length < max)
            {
                _bytes = new byte[Math.Max(max, _bytes.Length * 2)];
            }

            var count = encoding.GetBytes(piece, _bytes);
            _crc.Append(_bytes.AsSpan(0, count));
        }
    }
}

/// <summary>Compares (period, account, object) keys whose strings are interned: by reference, hashed by identity.</summary>
internal sealed class InternedKeys : IEqualityComparer<(Period Period, string Account, string? ObjectId)>
{
    /// <summary>The one instance.</summary>
    public static InternedKeys Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals((Period Period, string Account, string? ObjectId) x, (Period Period, string Account, string? ObjectId) y) =>
        x.Period == y.Period && ReferenceEquals(x.Account, y.Account) && ReferenceEquals(x.ObjectId, y.ObjectId);

    /// <inheritdoc />
    public int GetHashCode((Period Period, string Account, string? ObjectId) key) =>
        HashCode.Combine(key.Period, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Account),
            key.ObjectId is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.ObjectId));
}
