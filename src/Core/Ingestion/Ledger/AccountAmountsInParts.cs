using System.Runtime.InteropServices;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Ledger;

/// <summary>
/// Reads a large ledger or budget CSV on two cores: the file is cut at a line start near its middle,
/// each part is parsed by <see cref="AccountAmountParser"/> (the second with the first's header and
/// separator), the totals are added, and the second part's error rows are shifted by the rows of the
/// first — the same result as one pass. Only for files without a quote character (a quoted field may
/// hold a line break, so a line start could lie inside a field); others are read in one pass.
/// </summary>
public static class AccountAmountsInParts
{
    /// <summary>Below this size one pass is as fast.</summary>
    public const long MinimumBytes = 8L << 20;

    /// <summary>
    /// Parses <paramref name="raw"/> in two parts when it is large and has no quotes; false (and no
    /// errors added) when it should be read in one pass instead.
    /// </summary>
    public static bool TryParse(RawFile raw, IngestionLimits limits, ValidationErrors errors, out AccountAmountFile? file)
    {
        file = null;
        if (raw.SizeBytes < MinimumBytes || Environment.ProcessorCount < 2)
        {
            return false;
        }

        var middle = raw.SizeBytes / 2;
        var halves = new[] { (0L, middle), (middle, raw.SizeBytes) };
        var quoted = new bool[2];
        Parallel.For(0, 2, i => quoted[i] = Contains(raw, halves[i].Item1, halves[i].Item2, (byte)'"'));
        if (quoted[0] || quoted[1])
        {
            return false;
        }

        var cut = NextLineStart(raw, middle);
        if (cut <= 0 || cut >= raw.SizeBytes)
        {
            return false;
        }

        using var first = CsvTabularReader.OpenFirstPart(raw, cut, limits.MaxFieldLength, errors);
        if (first is null)
        {
            file = null;
            return true; // the whole-file problem is reported
        }

        var laterErrors = new ValidationErrors();
        var later = Task.Run(() =>
        {
            using var reader = CsvTabularReader.OpenLaterPart(raw, cut, raw.SizeBytes, first.Separator, first.Headers, limits.MaxFieldLength);
            return AccountAmountParser.Parse(reader, limits.MaxFieldLength, laterErrors, requireRows: false);
        });
        var firstFile = AccountAmountParser.Parse(first, limits.MaxFieldLength, errors, requireRows: false);
        var firstRecords = first.RowNumber - 1;
        var laterFile = later.GetAwaiter().GetResult();
        errors.Merge(laterErrors, firstRecords);
        if (!errors.IsEmpty || firstFile is null || laterFile is null)
        {
            return true;
        }

        if (firstFile.Rows + laterFile.Rows == 0)
        {
            errors.Add(2, null, "the file has a header but no rows");
            return true;
        }

        try
        {
            var totals = new Dictionary<AccountKey, decimal>(firstFile.Totals);
            foreach (var (key, amount) in laterFile.Totals)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(totals, key, out _) += amount;
            }

            var rowsPerPeriod = new Dictionary<Period, long>(firstFile.RowsPerPeriod);
            foreach (var (period, rows) in laterFile.RowsPerPeriod)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(rowsPerPeriod, period, out _) += rows;
            }

            file = new AccountAmountFile(firstFile.Rows + laterFile.Rows, totals, rowsPerPeriod);
        }
        catch (OverflowException)
        {
            errors.Add(null, null, "the amounts add up beyond the decimal range");
        }

        return true;
    }

    private static bool Contains(RawFile raw, long start, long end, byte value)
    {
        using var stream = raw.OpenShared();
        stream.Position = start;
        var buffer = new byte[1 << 20];
        var left = end - start;
        while (left > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                break;
            }

            if (buffer.AsSpan(0, read).Contains(value))
            {
                return true;
            }

            left -= read;
        }

        return false;
    }

    private static long NextLineStart(RawFile raw, long from)
    {
        using var stream = raw.OpenShared();
        stream.Position = from;
        var buffer = new byte[1 << 16];
        var position = from;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return position + newline + 1;
            }

            position += read;
        }

        return -1;
    }
}
