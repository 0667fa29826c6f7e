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
            _listed.Add(Of(row, column, value, reason));
        }
    }

    /// <summary>Adds an error made beforehand (by <see cref="Of"/>, e.g. on another thread).</summary>
    public void Add(ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Count++;
        if (_listed.Count < MaxListed)
        {
            _listed.Add(error);
        }
    }

    /// <summary>An error with its value quoted as a report quotes it (cut after <see cref="MaxQuotedValue"/> characters).</summary>
    public static ValidationError Of(long? row, string? column, ReadOnlySpan<char> value, string reason) =>
        new(row, column, value.Length > MaxQuotedValue ? value[..MaxQuotedValue].ToString() + "…" : value.ToString(), reason);

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
