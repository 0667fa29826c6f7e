using System.Text;

namespace Regfin.Core.Ingestion.Sie;

/// <summary>
/// Reads a text stream line by line into one reusable character buffer: each line is handed out as a
/// span, valid until the next call, so nothing is allocated per line. A line longer than the limit is
/// skipped to its end and reported as too long. Line ends are <c>\n</c> or <c>\r\n</c>.
/// </summary>
internal sealed class SieLineReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly int _maxLineLength;
    private char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public SieLineReader(Stream stream, Encoding encoding, int maxLineLength)
    {
        _reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        _maxLineLength = maxLineLength;
    }

    /// <summary>The number of the line last read (1 for the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// Reads the next line; false at the end of the stream. <paramref name="tooLong"/> is true (and the
    /// line empty) when the line was longer than the limit.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<char> line, out bool tooLong)
    {
        tooLong = false;
        var skipping = false;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
            if (newline >= 0)
            {
                var content = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                LineNumber++;
                if (skipping || newline > _maxLineLength)
                {
                    line = [];
                    tooLong = true;
                    return true;
                }

                line = Finish(content);
                return true;
            }

            if (_eof)
            {
                if (_start == _end && !skipping)
                {
                    line = [];
                    return false;
                }

                var content = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                LineNumber++;
                skipping |= content.Length > _maxLineLength;
                tooLong = skipping;
                line = skipping ? [] : Finish(content);
                return true;
            }

            if (skipping || _end - _start > _maxLineLength)
            {
                skipping = true; // the line is over the limit: drop what we have, keep reading to its end
                _start = _end;
            }

            Fill();
        }
    }

    private ReadOnlySpan<char> Finish(Span<char> content)
    {
        if (content.Length > 0 && content[^1] == '\r')
        {
            content = content[..^1];
        }

        if (_first)
        {
            _first = false;
            if (content.Length > 0 && content[0] == '\uFEFF')
            {
                content = content[1..]; // a UTF-8 byte-order mark
            }
        }

        return content;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    public void Dispose() => _reader.Dispose();
}
