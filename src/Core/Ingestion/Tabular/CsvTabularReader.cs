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
    public static CsvTabularReader? Open(RawFile raw, int maxFieldLength, ValidationErrors errors) =>
        Open(raw, maxFieldLength, errors, raw.OpenRead);

    /// <summary>
    /// Opens the first part of <paramref name="raw"/>, up to byte <paramref name="end"/> (a line start),
    /// on its own stream, as <see cref="Open(RawFile, int, ValidationErrors)"/> does the whole file.
    /// </summary>
    public static CsvTabularReader? OpenFirstPart(RawFile raw, long end, int maxFieldLength, ValidationErrors errors) =>
        Open(raw, maxFieldLength, errors, () => new RangeStream(raw.OpenShared(), 0, end));

    /// <summary>
    /// Opens a later part of <paramref name="raw"/>, bytes [<paramref name="start"/>, <paramref name="end"/>)
    /// starting at a line start, with the header and separator of the first part; its row numbers count
    /// from that part's start (the header is row 1).
    /// </summary>
    public static CsvTabularReader OpenLaterPart(RawFile raw, long start, long end, char separator, IReadOnlyList<string> headers, int maxFieldLength)
    {
        var body = new StreamReader(new RangeStream(raw.OpenShared(), start, end), raw.TextEncoding, detectEncodingFromByteOrderMarks: false, bufferSize: SniffBytes);
        var text = new PrefixedReader(string.Join(separator, headers) + "\n", body);
        return new CsvTabularReader(CsvDataReader.Create(text, Options(separator, maxFieldLength)), text, separator);
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

    private static CsvTabularReader? Open(RawFile raw, int maxFieldLength, ValidationErrors errors, Func<Stream> openSource)
    {
        var encoding = raw.TextEncoding;
        string sniff;
        using (var head = raw.OpenRead())
        {
            var bytes = new byte[(int)Math.Min(SniffBytes, raw.SizeBytes)];
            head.ReadExactly(bytes);
            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                errors.Add(null, null, "the file is not a text file (it contains NUL bytes): export it as CSV or XLSX");
                return null;
            }

            sniff = encoding.GetString(bytes).TrimStart('\uFEFF');
        }

        var headerLine = FirstLine(sniff);
        if (string.IsNullOrWhiteSpace(headerLine))
        {
            errors.Add(1, null, "the file is empty: the first row must hold the column headers");
            return null;
        }

        var separator = DetectSeparator(headerLine);
        var text = new StreamReader(openSource(), encoding, detectEncodingFromByteOrderMarks: raw.IsValidUtf8, bufferSize: SniffBytes);
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

    /// <summary>A header line followed by another reader's text (a later part of a file, read on its own).</summary>
    private sealed class PrefixedReader(string prefix, TextReader inner) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_position < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override int Peek() => _position < prefix.Length ? prefix[_position] : inner.Peek();

        public override int Read() => _position < prefix.Length ? prefix[_position++] : inner.Read();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A read-only window [start, end) of a seekable stream (owned: disposed with it).</summary>
    private sealed class RangeStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _end;

        public RangeStream(Stream inner, long start, long end)
        {
            _inner = inner;
            _inner.Position = start;
            _end = Math.Min(end, inner.Length);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var left = _end - _inner.Position;
            return left <= 0 ? 0 : _inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
