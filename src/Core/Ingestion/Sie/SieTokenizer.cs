namespace Regfin.Core.Ingestion.Sie;

/// <summary>How a field of a SIE record was written.</summary>
public enum SieFieldKind
{
    /// <summary>A bare word, ended by a space or a tab: <c>3010</c>, <c>-1000.50</c>.</summary>
    Plain,

    /// <summary>A quoted text, <c>"Kassa och bank"</c>; its content has the quotes removed and <c>\"</c> unescaped.</summary>
    Quoted,

    /// <summary>An object list, <c>{1 "100" 6 "P1"}</c>: (dimension, object id) pairs; its content is the text between the braces.</summary>
    ObjectList,
}

/// <summary>
/// One tokenized line of a SIE file: the record name (<c>#TRANS</c>, or <c>{</c> and <c>}</c> for the
/// lines that open and close a voucher block) and its fields. The instance is reused line after line
/// by <see cref="SieTokenizer.TryTokenize"/>: the spans it hands out are valid until the next line is
/// tokenized into it, and nothing is allocated per line once its buffers have grown to the longest line.
/// </summary>
public sealed class SieRecord
{
    private char[] _text = new char[256];
    private int _textLength;
    private Token[] _fields = new Token[16];
    private Token[] _objects = new Token[16];
    private int _objectLength;
    private Token _name;

    /// <summary>The record name as written (<c>#TRANS</c>, <c>{</c>, <c>}</c>); empty for a blank line.</summary>
    public ReadOnlySpan<char> Name => Span(_name);

    /// <summary>True for a blank line (nothing but spaces and tabs).</summary>
    public bool IsBlank => _name.Length == 0 && FieldCount == 0;

    /// <summary>The number of fields after the record name.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The content of field <paramref name="index"/> (0 is the first field after the name): without quotes for a quoted field, the text between the braces for an object list.</summary>
    public ReadOnlySpan<char> Field(int index) => Span(FieldToken(index));

    /// <summary>How field <paramref name="index"/> was written.</summary>
    public SieFieldKind Kind(int index) => FieldToken(index).Kind;

    /// <summary>The content of field <paramref name="index"/>, or an empty span when the record has fewer fields.</summary>
    public ReadOnlySpan<char> FieldOrEmpty(int index) => index < FieldCount ? Field(index) : [];

    /// <summary>The number of (dimension, object id) pairs in the object list of field <paramref name="index"/>; 0 for a field that is not an object list.</summary>
    public int ObjectCount(int index)
    {
        var field = FieldToken(index);
        return field.Kind == SieFieldKind.ObjectList ? field.SubCount / 2 : 0;
    }

    /// <summary>The dimension number (as written) of pair <paramref name="pair"/> of the object list in field <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> ObjectDimension(int index, int pair) => Span(ObjectToken(index, pair, 0));

    /// <summary>The object id of pair <paramref name="pair"/> of the object list in field <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> ObjectId(int index, int pair) => Span(ObjectToken(index, pair, 1));

    /// <summary>
    /// Finds the object of <paramref name="dimension"/> in the object list of field <paramref name="index"/>;
    /// false when the list has none (or the field is not an object list).
    /// </summary>
    public bool TryFindObject(int index, ReadOnlySpan<char> dimension, out ReadOnlySpan<char> objectId)
    {
        for (var pair = 0; pair < ObjectCount(index); pair++)
        {
            if (ObjectDimension(index, pair).SequenceEqual(dimension))
            {
                objectId = ObjectId(index, pair);
                return true;
            }
        }

        objectId = default;
        return false;
    }

    /// <summary>Calls <paramref name="action"/> on each piece of text a SIE checksum (<c>#KSUMMA</c>) covers, in order: the name, then each field's content (each object list's dimensions and object ids). No separators, quotes or braces, and nothing of a voucher block's brace lines.</summary>
    internal void ForEachChecksumPiece<TState>(TState state, SpanAction<TState> action)
    {
        if (_name.Length > 0 && Name is not "{" and not "}")
        {
            action(state, Name);
        }

        for (var i = 0; i < FieldCount; i++)
        {
            var field = _fields[i];
            if (field.Kind != SieFieldKind.ObjectList)
            {
                action(state, Span(field));
                continue;
            }

            for (var s = 0; s < field.SubCount; s++)
            {
                action(state, Span(_objects[field.SubStart + s]));
            }
        }
    }

    /// <summary>A callback over a span of characters.</summary>
    internal delegate void SpanAction<in TState>(TState state, ReadOnlySpan<char> span);

    private Token FieldToken(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FieldCount);
        return _fields[index];
    }

    private Token ObjectToken(int index, int pair, int part)
    {
        var field = FieldToken(index);
        ArgumentOutOfRangeException.ThrowIfNegative(pair);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pair, field.SubCount / 2);
        return _objects[field.SubStart + pair * 2 + part];
    }

    private ReadOnlySpan<char> Span(Token token) => _text.AsSpan(token.Start, token.Length);

    internal void Reset(int lineLength)
    {
        // Every character of a field is copied at most twice (an object list's text and its pieces).
        var needed = lineLength * 2 + 2;
        if (_text.Length < needed)
        {
            _text = new char[Math.Max(needed, _text.Length * 2)];
        }

        _textLength = 0;
        _objectLength = 0;
        FieldCount = 0;
        _name = default;
    }

    /// <summary>Appends a token's characters to the text buffer and returns where they start.</summary>
    internal int Append(ReadOnlySpan<char> chars)
    {
        var start = _textLength;
        chars.CopyTo(_text.AsSpan(_textLength));
        _textLength += chars.Length;
        return start;
    }

    internal void AppendChar(char c) => _text[_textLength++] = c;

    internal int TextPosition => _textLength;

    internal int ObjectPosition => _objectLength;

    internal void SetName(int start, int length) => _name = new Token(start, length, SieFieldKind.Plain, 0, 0);

    internal void AddField(int start, int length, SieFieldKind kind, int subStart, int subCount)
    {
        if (FieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[FieldCount++] = new Token(start, length, kind, subStart, subCount);
    }

    internal void AddObjectPiece(int start, int length)
    {
        if (_objectLength == _objects.Length)
        {
            Array.Resize(ref _objects, _objects.Length * 2);
        }

        _objects[_objectLength++] = new Token(start, length, SieFieldKind.Plain, 0, 0);
    }

    private readonly record struct Token(int Start, int Length, SieFieldKind Kind, int SubStart, int SubCount);
}

/// <summary>
/// Splits one line of a SIE 4B file into a record name and fields (SIE 4B, chapter 5): fields are
/// separated by any number of spaces or tabs; a field in <c>"…"</c> may hold spaces and <c>\"</c> for a
/// quote; <c>{…}</c> is one field, an object list of (dimension, object id) pairs; a line whose first
/// character is <c>{</c> or <c>}</c> opens or closes a voucher block. Works on a span, allocates nothing.
/// </summary>
public static class SieTokenizer
{
    /// <summary>
    /// Tokenizes <paramref name="line"/> (without its line end) into <paramref name="record"/>. A quoted
    /// field left open at the end of the line (exporters cut long texts) runs to the end of the line.
    /// Returns false with <paramref name="error"/> saying why when an object list or a quote inside it is not closed, an
    /// object list has a dimension without an object id, or a field is longer than
    /// <paramref name="maxFieldLength"/> characters.
    /// </summary>
    public static bool TryTokenize(ReadOnlySpan<char> line, SieRecord record, int maxFieldLength, out string? error)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Reset(line.Length);
        error = null;
        var pos = SkipBlanks(line, 0);
        if (pos == line.Length)
        {
            return true;
        }

        if (line[pos] is '{' or '}')
        {
            // A voucher block's brace line; anything after the brace is ignored.
            record.SetName(record.Append(line.Slice(pos, 1)), 1);
            return true;
        }

        var nameStart = pos;
        pos = EndOfPlain(line, pos, insideList: false);
        if (pos - nameStart > maxFieldLength)
        {
            error = FieldTooLong;
            return false;
        }

        record.SetName(record.Append(line[nameStart..pos]), pos - nameStart);
        while ((pos = SkipBlanks(line, pos)) < line.Length)
        {
            var c = line[pos];
            if (c == '"')
            {
                if (!TryQuoted(line, ref pos, record, maxFieldLength, insideList: false, out var start, out var length, out error))
                {
                    return false;
                }

                record.AddField(start, length, SieFieldKind.Quoted, 0, 0);
            }
            else if (c == '{')
            {
                if (!TryObjectList(line, ref pos, record, maxFieldLength, out error))
                {
                    return false;
                }
            }
            else
            {
                var start = pos;
                pos = EndOfPlain(line, pos, insideList: false);
                if (pos - start > maxFieldLength)
                {
                    error = FieldTooLong;
                    return false;
                }

                record.AddField(record.Append(line[start..pos]), pos - start, SieFieldKind.Plain, 0, 0);
            }
        }

        return true;
    }

    /// <summary>The reason given for a field over the length limit.</summary>
    public const string FieldTooLong = "a field is longer than the limit of characters per field";

    private static bool TryQuoted(ReadOnlySpan<char> line, ref int pos, SieRecord record, int maxFieldLength, bool insideList, out int start, out int length, out string? error)
    {
        start = record.TextPosition;
        length = 0;
        error = null;
        pos++; // the opening quote
        while (pos < line.Length)
        {
            // Copy up to the next backslash or quote at once; only those two need a look.
            var run = line[pos..].IndexOfAny('\\', '"');
            var text = run < 0 ? line[pos..] : line.Slice(pos, run);
            length += text.Length;
            if (length > maxFieldLength)
            {
                error = FieldTooLong;
                return false;
            }

            record.Append(text);
            pos += text.Length;
            if (run < 0)
            {
                break;
            }

            if (line[pos] == '"')
            {
                pos++;
                return true;
            }

            // A backslash: \" is a quote in the text; any other backslash stands as itself.
            var escaped = pos + 1 < line.Length && line[pos + 1] == '"';
            if (++length > maxFieldLength)
            {
                error = FieldTooLong;
                return false;
            }

            record.AppendChar(escaped ? '"' : '\\');
            pos += escaped ? 2 : 1;
        }

        if (insideList)
        {
            error = "a quoted object id is not closed (a \" is missing)";
            return false;
        }

        return true; // exporters cut long texts at a fixed width, closing quote and all: the field runs to the end of the line
    }

    private static bool TryObjectList(ReadOnlySpan<char> line, ref int pos, SieRecord record, int maxFieldLength, out string? error)
    {
        error = null;
        var open = pos;
        var close = -1;
        var inQuote = false;
        for (var i = pos + 1; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuote)
            {
                if (c == '\\' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuote = false;
                }
            }
            else if (c == '"')
            {
                inQuote = true;
            }
            else if (c == '}')
            {
                close = i;
                break;
            }
            else if (c == '{')
            {
                error = "an object list holds a '{' (object lists do not nest)";
                return false;
            }
        }

        if (close < 0)
        {
            error = "an object list is not closed (a } is missing)";
            return false;
        }

        var inner = line[(open + 1)..close];
        if (inner.Length > maxFieldLength)
        {
            error = FieldTooLong;
            return false;
        }

        var textStart = record.Append(inner);
        var subStart = record.ObjectPosition;
        var p = 0;
        while ((p = SkipBlanks(inner, p)) < inner.Length)
        {
            if (inner[p] == '"')
            {
                if (!TryQuoted(inner, ref p, record, maxFieldLength, insideList: true, out var s, out var l, out error))
                {
                    return false;
                }

                record.AddObjectPiece(s, l);
            }
            else
            {
                var s = p;
                p = EndOfPlain(inner, p, insideList: true);
                record.AddObjectPiece(record.Append(inner[s..p]), p - s);
            }
        }

        var subCount = record.ObjectPosition - subStart;
        if (subCount % 2 != 0)
        {
            error = "an object list has a dimension without an object id";
            return false;
        }

        record.AddField(textStart, inner.Length, SieFieldKind.ObjectList, subStart, subCount);
        pos = close + 1;
        return true;
    }

    private static int SkipBlanks(ReadOnlySpan<char> line, int pos)
    {
        while (pos < line.Length && IsBlank(line[pos]))
        {
            pos++;
        }

        return pos;
    }

    private static readonly System.Buffers.SearchValues<char> Blanks = System.Buffers.SearchValues.Create(" \t\r\f\v");
    private static readonly System.Buffers.SearchValues<char> BlanksOrQuote = System.Buffers.SearchValues.Create(" \t\r\f\v\"");

    private static int EndOfPlain(ReadOnlySpan<char> line, int pos, bool insideList)
    {
        var end = line[pos..].IndexOfAny(insideList ? BlanksOrQuote : Blanks);
        return end < 0 ? line.Length : pos + end;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v';
}
