using nietras.SeparatedValues;

namespace Regfin.Core.Ingestion.Ledger;

/// <summary>
/// One row of Sep as the fields <see cref="LedgerColumns"/> checks. Sep cuts the row into fields
/// (a quoted field may hold separators and line breaks) and leaves each as written; a quoted field
/// is read here without its quotes and with <c>""</c> as one quote, the same text Sylvan gave. Sep
/// takes a quote anywhere in a field as opening a quoted part, so an odd quote inside a field (or
/// text after a closing quote) would swallow what follows: <see cref="QuoteProblem"/> names it, and
/// the row is refused.
/// </summary>
internal readonly ref struct SepFields(SepReader.Row row) : ILedgerFields
{
    private readonly SepReader.Row _row = row;

    /// <inheritdoc />
    public ReadOnlySpan<char> Field(int ordinal) => ordinal < _row.ColCount ? Unquote(_row[ordinal].Span) : [];

    /// <inheritdoc />
    public int FieldLength(int ordinal)
    {
        if (ordinal >= _row.ColCount)
        {
            return 0;
        }

        var raw = _row[ordinal].Span;
        return raw.Length >= 2 && raw[0] == '"' ? raw.Length - 2 - raw[1..^1].Count('"') / 2 : raw.Length;
    }

    /// <inheritdoc />
    public bool IsDate(int ordinal) => false;

    /// <inheritdoc />
    public int LongestPossibleField => _row.Span.Length;

    /// <summary>True when every field is empty or white space (such rows are skipped).</summary>
    public bool IsBlank()
    {
        for (var i = 0; i < _row.ColCount; i++)
        {
            if (!Unquote(_row[i].Span).IsWhiteSpace())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What is wrong with the quotes of a field as written, or null when nothing is. A field that
    /// does not start with a quote may hold quotes (<c>=HYPERLINK("…")</c> is read as written, as
    /// Sylvan reads it) unless Sep's reading took in a separator or a line break after one: then the
    /// field ran on past where it ends.
    /// </summary>
    public static string? QuoteProblem(ReadOnlySpan<char> raw, char separator)
    {
        if (raw.IsEmpty || raw[0] != '"')
        {
            var quote = raw.IndexOf('"');
            return quote >= 0 && raw[quote..].IndexOfAny(separator, '\n', '\r') >= 0
                ? "a field holds a quote (\") but does not start with one, and the field runs on past a separator or a line break: put the whole field in quotes and write the quote twice, e.g. \"Skärm 24\"\" till kansliet\""
                : null;
        }

        for (var rest = raw[1..]; ;)
        {
            var at = rest.IndexOf('"');
            if (at < 0)
            {
                return "a quoted field is not closed by a quote";
            }

            if (at == rest.Length - 1)
            {
                return null; // the closing quote
            }

            if (rest[at + 1] != '"')
            {
                return "a quoted field has text after its closing quote: write a quote inside it twice (\"\")";
            }

            rest = rest[(at + 2)..]; // a quote written twice
        }
    }

    /// <summary>The text of a field as written (its quotes checked by <see cref="QuoteProblem"/>): without its quotes, <c>""</c> read as one quote.</summary>
    public static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> raw)
    {
        if (raw.Length < 2 || raw[0] != '"')
        {
            return raw;
        }

        var inner = raw[1..^1];
        return inner.Contains('"') ? inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : inner;
    }
}
