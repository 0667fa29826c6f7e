using System.Text;
using Sylvan.Data.Csv;

namespace Regfin.Core.Ingestion.Tabular;

/// <summary>
/// Reads CSV with Sylvan.Data.Csv (streaming, pooled buffers), after detecting the separator among
/// <c>;</c>, <c>,</c> and tab from the header line and the encoding (UTF-8 with or without BOM,
/// else Windows-1252) from the raw bytes.
/// </summary>
public sealed class CsvTabularReader : ITabularReader
{
    private const int SniffBytes = 1 << 16;
    private readonly CsvDataReader _reader;
    private readonly TextReader _text;
    private long _rowNumber = 1;

    private CsvTabularReader(CsvDataReader reader, TextReader text, char separator)
    {
        _reader = reader;
        _text = text;
        Separator = separator;
        Headers = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
    }

    /// <summary>The detected separator.</summary>
    public char Separator { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Headers { get; }

    /// <inheritdoc />
    public long RowNumber => _rowNumber;

    /// <inheritdoc />
    public int FieldCount => _reader.RowFieldCount;

    /// <summary>
    /// Opens <paramref name="raw"/> as CSV. Whole-file problems (binary content, no header) are added
    /// to <paramref name="errors"/> and null is returned.
    /// </summary>
    public static CsvTabularReader? Open(RawFile raw, int maxFieldLength, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (!TrySniff(raw, errors, out var separator))
        {
            return null;
        }

        var text = new StreamReader(raw.OpenRead(), raw.TextEncoding, detectEncodingFromByteOrderMarks: raw.IsValidUtf8, bufferSize: SniffBytes);
        try
        {
            var reader = CsvDataReader.Create(text, Options(separator, maxFieldLength));
            return new CsvTabularReader(reader, text, separator);
        }
        catch (CsvMissingHeadersException)
        {
            text.Dispose();
            errors.Add(1, null, "the file has no header row");
            return null;
        }
        catch (CsvFormatException e)
        {
            text.Dispose();
            errors.Add(1, null, $"the header row cannot be read as CSV: {e.Message}");
            return null;
        }
    }

    private static CsvDataReaderOptions Options(char separator, int maxFieldLength) => new()
    {
        HasHeaders = true,
        Delimiter = separator,
        HeaderComparer = StringComparer.OrdinalIgnoreCase,
        BufferSize = SniffBytes,
        // A row may hold at most a few fields of maxFieldLength; beyond that the reader stops.
        MaxBufferSize = Math.Max(SniffBytes, maxFieldLength * 4),
        OwnsReader = false,
    };

    /// <summary>
    /// Looks at the head of <paramref name="raw"/> as a CSV file: false, with the error added, when it
    /// holds NUL bytes (not text) or no header line; else the separator the header line uses.
    /// </summary>
    internal static bool TrySniff(RawFile raw, ValidationErrors errors, out char separator)
    {
        separator = ';';
        string sniff;
        using (var head = raw.OpenRead())
        {
            var bytes = new byte[(int)Math.Min(SniffBytes, raw.SizeBytes)];
            head.ReadExactly(bytes);
            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                errors.Add(null, null, "the file is not a text file (it contains NUL bytes): export it as CSV or XLSX");
                return false;
            }

            sniff = raw.TextEncoding.GetString(bytes).TrimStart('\uFEFF');
        }

        var headerLine = FirstLine(sniff);
        if (string.IsNullOrWhiteSpace(headerLine))
        {
            errors.Add(1, null, "the file is empty: the first row must hold the column headers");
            return false;
        }

        separator = DetectSeparator(headerLine);
        return true;
    }

    /// <inheritdoc />
    public bool Read()
    {
        try
        {
            var more = _reader.Read();
            if (more)
            {
                _rowNumber++;
            }

            return more;
        }
        catch (CsvRecordTooLargeException)
        {
            throw new TabularFormatException(_rowNumber + 1, "the row is too long to be a ledger row (is a quote left open?)");
        }
        catch (CsvFormatException e)
        {
            throw new TabularFormatException(_rowNumber + 1, $"the row cannot be read as CSV ({e.Message}); is a quote left open?");
        }
    }

    /// <inheritdoc />
    public ReadOnlySpan<char> GetField(int ordinal) =>
        ordinal < _reader.RowFieldCount ? _reader.GetFieldSpan(ordinal) : [];

    /// <summary>Counts separators outside quotes in the header line; the most frequent wins, <c>;</c> on a tie.</summary>
    internal static char DetectSeparator(string headerLine)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                switch (c)
                {
                    case ';': semicolons++; break;
                    case ',': commas++; break;
                    case '\t': tabs++; break;
                }
            }
        }

        if (tabs > semicolons && tabs > commas)
        {
            return '\t';
        }

        return commas > semicolons ? ',' : ';';
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
    }
}
