namespace Regfin.Core.Ingestion.Tabular;

/// <summary>
/// Forward-only access to the rows of a tabular file (CSV or XLSX), one row at a time, with each
/// field as a span so that parsing allocates nothing per row.
/// </summary>
public interface ITabularReader : IDisposable
{
    /// <summary>The header row's texts.</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>The current row as a spreadsheet numbers it (the header is row 1).</summary>
    long RowNumber { get; }

    /// <summary>Moves to the next row; false at the end.</summary>
    /// <exception cref="TabularFormatException">The file is broken at this row (e.g. an unclosed quote).</exception>
    bool Read();

    /// <summary>The number of fields in the current row.</summary>
    int FieldCount { get; }

    /// <summary>The text of field <paramref name="ordinal"/> of the current row (empty when the row is short).</summary>
    ReadOnlySpan<char> GetField(int ordinal);

    /// <summary>
    /// True when field <paramref name="ordinal"/> was a date cell (XLSX date serial), given as
    /// <c>yyyy-MM-dd</c>; a period column then takes the date's month.
    /// </summary>
    bool IsDate(int ordinal) => false;

    /// <summary>True when every field of the current row is empty or white space (such rows are skipped).</summary>
    bool IsBlankRow()
    {
        for (var i = 0; i < FieldCount; i++)
        {
            if (!GetField(i).IsWhiteSpace())
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The file cannot be read on as a table from <see cref="Row"/> on.</summary>
/// <param name="row">The row as a spreadsheet numbers it.</param>
/// <param name="message">What is wrong.</param>
public sealed class TabularFormatException(long row, string message) : Exception(message)
{
    /// <summary>The row where reading failed.</summary>
    public long Row { get; } = row;
}
