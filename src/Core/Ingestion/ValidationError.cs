namespace Regfin.Core.Ingestion;

/// <summary>
/// One reason a file was rejected, located the way a finance officer finds it in a spreadsheet.
/// </summary>
/// <param name="Row">The row as a spreadsheet numbers it (the header is row 1); null for a whole-file error.</param>
/// <param name="Column">The column name as written in the file; null when not about a column.</param>
/// <param name="Value">The offending value; null when there is none.</param>
/// <param name="Reason">What is wrong, in plain words.</param>
public sealed record ValidationError(long? Row, string? Column, string? Value, string Reason)
{
    /// <summary>A one-line, readable form: <c>row 7, column Amount, value '12,3,4': not a number</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>(4);
        if (Row is { } row)
        {
            parts.Add($"row {row}");
        }

        if (Column is not null)
        {
            parts.Add($"column {Column}");
        }

        if (Value is not null)
        {
            parts.Add($"value '{Value}'");
        }

        return parts.Count == 0 ? Reason : string.Join(", ", parts) + ": " + Reason;
    }
}

/// <summary>
/// Collects validation errors: keeps the first <see cref="MaxListed"/> and counts the rest
/// (formats.md).
/// </summary>
public sealed class ValidationErrors
{
    /// <summary>How many errors a report lists before it only counts.</summary>
    public const int MaxListed = 1000;

    /// <summary>The longest value quoted in an error; longer values are cut.</summary>
    public const int MaxQuotedValue = 200;

    private readonly List<ValidationError> _listed = [];

    /// <summary>The errors listed in the report.</summary>
    public IReadOnlyList<ValidationError> Listed => _listed;

    /// <summary>The number of errors in all, listed or not.</summary>
    public long Count { get; private set; }

    /// <summary>True when the file has no errors.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Adds an error.</summary>
    public void Add(long? row, string? column, ReadOnlySpan<char> value, string reason)
    {
        Count++;
        if (_listed.Count < MaxListed)
        {
            var quoted = value.Length > MaxQuotedValue ? value[..MaxQuotedValue].ToString() + "…" : value.ToString();
            _listed.Add(new ValidationError(row, column, quoted, reason));
        }
    }

    /// <summary>
    /// Appends the errors of a later part of the same file, whose rows were counted from its own start:
    /// <paramref name="rowOffset"/> rows are added to each.
    /// </summary>
    public void Merge(ValidationErrors later, long rowOffset)
    {
        ArgumentNullException.ThrowIfNull(later);
        foreach (var error in later._listed)
        {
            if (_listed.Count < MaxListed)
            {
                _listed.Add(error with { Row = error.Row + rowOffset });
            }
        }

        Count += later.Count;
    }

    /// <summary>Adds an error that has no value.</summary>
    public void Add(long? row, string? column, string reason)
    {
        Count++;
        if (_listed.Count < MaxListed)
        {
            _listed.Add(new ValidationError(row, column, null, reason));
        }
    }
}
