using System.Globalization;
using nietras.SeparatedValues;
using Regfin.Core.Ingestion.Tabular;

namespace Regfin.Core.Ingestion.Ledger;

/// <summary>
/// Reads a ledger or budget CSV with Sep: the separator and encoding detected as for every CSV
/// (<see cref="CsvTabularReader.TrySniff"/>), the header matched by <see cref="LedgerColumns"/>,
/// and every row checked by the same <see cref="LedgerColumns.TryRead"/> as an XLSX sheet. A file
/// of <see cref="IngestionLimits.ParallelFromBytes"/> or more is read with Sep's <c>ParallelEnumerate</c>: one
/// thread cuts the text into rows (a quoted field may hold separators and line breaks), the rows are
/// checked and summed on every core (one <see cref="LedgerTotals"/> per thread, added at the end);
/// a file with an error is read again on one thread, which numbers the rows as a spreadsheet does
/// (records, not lines) and lists the errors in row order. All-or-nothing: any error means no result.
/// </summary>
public static class LedgerCsv
{
    /// <summary>
    /// The default of <see cref="IngestionLimits.ParallelFromBytes"/>, 16 MiB: below it one thread is as
    /// fast (handing batches between threads costs what a second core gains at a hundred thousand rows).
    /// Measured in whole processes on 2026-12-07 (docs/performance.md), once the pool had a thread for
    /// every core: 1e5 rows (8 MB) 0.24–0.34 s on one thread against 0.25–0.30 s on both; the four
    /// required columns of 1e6 rows (27 MB) 0.37–0.40 s against 0.33–0.36 s; every column of 1e6 rows
    /// 0.44–0.46 s against 0.38–0.41 s.
    /// </summary>
    public const long ParallelFromBytes = 16L << 20;

    private const string TooLong = "the row is too long to be a ledger row (is a quote left open?)";

    /// <summary>Parses and validates <paramref name="raw"/>; null when <paramref name="errors"/> holds at least one error.</summary>
    public static AccountAmountFile? Parse(RawFile raw, IngestionLimits limits, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(limits);
        return Parse(raw, limits.MaxFieldLength, errors, raw.SizeBytes >= limits.ParallelFromBytes && Environment.ProcessorCount > 1);
    }

    /// <summary>
    /// Parses <paramref name="raw"/> on every core (<paramref name="parallel"/>) or on the calling thread
    /// alone. On every core only a file whose rows are all read well is summed; at the first row that is
    /// not, the file is read again on one thread, which numbers and lists the errors (a rejected file
    /// costs a second read; an accepted one carries no per-row outcome across threads).
    /// </summary>
    /// <remarks>
    /// The read on every core is PLINQ: a task per core on the thread pool while the calling thread
    /// waits. Call it from a thread of its own (<see cref="ParseAhead"/>), not from a pool thread: the
    /// pool keeps one thread per core at the ready, so with one of them waiting here the last core's
    /// task waited for the pool's starvation check, about half a second (docs/performance.md).
    /// </remarks>
    internal static AccountAmountFile? Parse(RawFile raw, int maxFieldLength, ValidationErrors errors, bool parallel)
    {
        var file = Parse(raw, maxFieldLength, errors, parallel, out var readAgainOnOneThread);
        return readAgainOnOneThread ? Parse(raw, maxFieldLength, errors, parallel: false, out _) : file;
    }

    private static AccountAmountFile? Parse(RawFile raw, int maxFieldLength, ValidationErrors errors, bool parallel, out bool readAgainOnOneThread)
    {
        readAgainOnOneThread = false;
        if (!CsvTabularReader.TrySniff(raw, errors, out var separator))
        {
            return null;
        }

        using var text = new StreamReader(raw.OpenRead(), raw.TextEncoding, detectEncodingFromByteOrderMarks: raw.IsValidUtf8, bufferSize: 1 << 16);
        SepReader reader;
        try
        {
            reader = Sep.New(separator).Reader(o => o with
            {
                DisableColCountCheck = true, // a row shorter or longer than the header is read as it is
                ColNameComparer = AnyHeader.Instance, // the header is matched (and duplicates reported) by LedgerColumns
                CultureInfo = CultureInfo.InvariantCulture,
            }).From(text);
        }
        catch (NotSupportedException)
        {
            errors.Add(1, null, "the header row cannot be read as CSV: it is too long (is a quote left open?)");
            return null;
        }

        using (reader)
        {
            var headers = new string[reader.Header.ColNames.Count];
            for (var i = 0; i < headers.Length; i++)
            {
                var name = reader.Header.ColNames[i];
                if (SepFields.QuoteProblem(name, separator) is { } problem)
                {
                    errors.Add(1, null, $"the header row cannot be read as CSV ({problem})");
                    return null;
                }

                headers[i] = SepFields.Unquote(name).ToString();
            }

            var columns = LedgerColumns.Resolve(headers, maxFieldLength, errors);
            if (columns is null)
            {
                return null;
            }

            using var perThread = new ThreadLocal<LedgerTotals>(() => new LedgerTotals(), trackAllValues: true);
            if (parallel)
            {
                if (!AllReadOnEveryCore(reader, columns, separator, perThread))
                {
                    readAgainOnOneThread = true;
                    return null;
                }
            }
            else if (!ReadOnOneThread(reader, columns, separator, errors, perThread))
            {
                return null;
            }

            AccountAmountFile file;
            try
            {
                file = LedgerTotals.ToFile(perThread.Values);
            }
            catch (OverflowException)
            {
                errors.Add(null, columns.AmountName, LedgerColumns.BeyondDecimalRange);
                return null;
            }

            if (file.Rows == 0)
            {
                errors.Add(2, null, LedgerColumns.NoRows);
                return null;
            }

            return file;
        }
    }

    /// <summary>
    /// Checks and sums every row on every core: true when each row was read or blank. Only the rows
    /// that were not come back through Sep's ordered merge, and the first of them ends the read.
    /// </summary>
    private static bool AllReadOnEveryCore(SepReader reader, LedgerColumns columns, char separator, ThreadLocal<LedgerTotals> perThread)
    {
        try
        {
            foreach (var _ in reader.ParallelEnumerate((SepReader.Row row, out RowKind kind) =>
                (kind = CheckRow(row, columns, separator, perThread).Kind) is not (RowKind.Read or RowKind.Blank)))
            {
                return false;
            }

            return true;
        }
        catch (Exception e) when (IsTooLong(e))
        {
            return false;
        }
    }

    /// <summary>Checks and sums every row in order on the calling thread, numbering the errors; false when there are any.</summary>
    private static bool ReadOnOneThread(SepReader reader, LedgerColumns columns, char separator, ValidationErrors errors, ThreadLocal<LedgerTotals> perThread)
    {
        var tally = new Tally(columns, errors);
        try
        {
            // Sep's own row loop, each row's outcome taken at once (no iterator over the outcomes to
            // keep; measured no faster than Sep's Enumerate, docs/performance.md).
            foreach (var row in reader)
            {
                if (!tally.Take(CheckRow(row, columns, separator, perThread)))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (IsTooLong(e))
        {
            errors.Add(tally.Row + 1, null, TooLong);
        }

        return errors.IsEmpty;
    }

    /// <summary>
    /// Checks one row, on whichever thread Sep gives it to, and adds it to that thread's totals. Its
    /// errors carry no row yet: the one-thread read's <see cref="Tally"/>, which takes the outcomes in
    /// file order, numbers them (Sep's row index is not kept across the batches of a parallel read).
    /// </summary>
    private static RowOutcome CheckRow(SepReader.Row row, LedgerColumns columns, char separator, ThreadLocal<LedgerTotals> perThread)
    {
        const long number = 0;
        if (row.Span.Contains('"'))
        {
            for (var i = 0; i < row.ColCount; i++)
            {
                if (SepFields.QuoteProblem(row[i].Span, separator) is { } problem)
                {
                    return new RowOutcome(RowKind.Unreadable, [new ValidationError(number, null, null, $"the row cannot be read as CSV ({problem}); is a quote left open?")]);
                }
            }
        }

        var fields = new SepFields(row);
        if (fields.IsBlank())
        {
            return new RowOutcome(RowKind.Blank, null);
        }

        List<ValidationError>? errors = null;
        try
        {
            if (!columns.TryRead(ref fields, number, ref errors, perThread.Value))
            {
                return new RowOutcome(RowKind.Invalid, errors);
            }
        }
        catch (OverflowException)
        {
            return new RowOutcome(RowKind.Overflow, null);
        }

        return new RowOutcome(RowKind.Read, null);
    }

    /// <summary>Takes the rows' outcomes in file order: numbers the rows (the header is row 1) and their errors.</summary>
    private sealed class Tally(LedgerColumns columns, ValidationErrors errors)
    {
        /// <summary>The row of the latest outcome.</summary>
        public long Row { get; private set; } = 1;

        /// <summary>Takes the next row's outcome; false when the rows after it cannot be read.</summary>
        public bool Take(RowOutcome outcome)
        {
            Row++;
            if (outcome.Kind == RowKind.Blank)
            {
                return true;
            }

            if (outcome.Kind == RowKind.Unreadable)
            {
                errors.Add(outcome.Errors![0] with { Row = Row });
                return false; // the rows after it cannot be told apart
            }

            if (outcome.Kind == RowKind.Invalid)
            {
                foreach (var error in outcome.Errors!)
                {
                    errors.Add(error with { Row = Row });
                }
            }
            else if (outcome.Kind == RowKind.Overflow && errors.IsEmpty)
            {
                errors.Add(Row, columns.AmountName, LedgerColumns.BeyondDecimalRange);
                return false;
            }

            return true;
        }
    }

    private static bool IsTooLong(Exception e) => e switch
    {
        NotSupportedException => true,
        AggregateException a => a.Flatten().InnerExceptions.Any(IsTooLong),
        _ => false,
    };

    private enum RowKind : byte
    {
        Read,
        Blank,
        Invalid,
        Overflow,
        Unreadable,
    }

    /// <summary>What checking one row found (its errors, made on the thread that checked it, without their row).</summary>
    private readonly record struct RowOutcome(RowKind Kind, List<ValidationError>? Errors);

    /// <summary>
    /// Lets Sep take any header (its own lookup refuses a name given twice, also two empty ones);
    /// <see cref="LedgerColumns"/> matches the names and reports those given twice.
    /// </summary>
    private sealed class AnyHeader : IEqualityComparer<string>
    {
        public static AnyHeader Instance { get; } = new();

        public bool Equals(string? x, string? y) => false;

        public int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(obj);
    }
}
