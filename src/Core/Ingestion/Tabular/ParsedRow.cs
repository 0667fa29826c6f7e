using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Tabular;

/// <summary>One validated row of a tabular file: typed values by column name.</summary>
public sealed class ParsedRow
{
    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly object?[] _values;

    internal ParsedRow(long rowNumber, IReadOnlyDictionary<string, int> index, object?[] values)
    {
        RowNumber = rowNumber;
        _index = index;
        _values = values;
    }

    /// <summary>The row as a spreadsheet numbers it.</summary>
    public long RowNumber { get; }

    /// <summary>The typed value of a column (string, decimal, int, bool, DateOnly or Period), or null.</summary>
    public object? this[string column] => _values[_index[column]];

    /// <summary>The columns and their values.</summary>
    public IEnumerable<(string Column, object? Value)> Values => _index.Select(i => (i.Key, _values[i.Value]));

    /// <summary>A text value.</summary>
    public string? Text(string column) => (string?)this[column];

    /// <summary>A date value.</summary>
    public DateOnly? Date(string column) => (DateOnly?)this[column];

    /// <summary>A period value.</summary>
    public Period? Period(string column) => (Period?)this[column];

    /// <summary>A number or amount.</summary>
    public decimal? Number(string column) => (decimal?)this[column];

    /// <summary>A whole number.</summary>
    public int? WholeNumber(string column) => (int?)this[column];

    /// <summary>A boolean.</summary>
    public bool? Boolean(string column) => (bool?)this[column];
}

/// <summary>Reports an error on the current row (used by a kind's cross-field checks).</summary>
/// <param name="row">The row.</param>
/// <param name="errors">Where errors go.</param>
public sealed class RowErrors(ParsedRow row, ValidationErrors errors)
{
    /// <summary>True when this row reported an error.</summary>
    public bool Any { get; private set; }

    /// <summary>Adds an error about <paramref name="column"/> of the row.</summary>
    public void Add(string column, object? value, string reason)
    {
        Any = true;
        errors.Add(row.RowNumber, column, Format(value), reason);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
