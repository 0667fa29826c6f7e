using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Tabular;

/// <summary>One row of a tabular file whose fields all read: typed values by column.</summary>
public sealed class ParsedRow : IRowValues
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

    /// <summary>The columns and their values.</summary>
    public IEnumerable<(string Column, object? Value)> Values => _index.Select(i => (i.Key, _values[i.Value]));

    /// <summary>The boxed value of a column (for code that handles every column alike).</summary>
    public object? this[FieldSpec column] => _values[_index[column.Name]];

    /// <inheritdoc />
    public T Value<T>(Column<T> column) => (T)_values[_index[column.Name]]!;
}

/// <summary>Reports an error on the current row (used by a kind's cross-field checks).</summary>
/// <param name="row">The row.</param>
/// <param name="errors">Where errors go.</param>
public sealed class RowErrors(ParsedRow row, ValidationErrors errors)
{
    /// <summary>The row's values (for a check that needs a column the record does not keep as written).</summary>
    public IRowValues Row => row;

    /// <summary>True when this row reported an error.</summary>
    public bool Any { get; private set; }

    /// <summary>Adds an error about <paramref name="column"/> of the row.</summary>
    public void Add(FieldSpec column, object? value, string reason)
    {
        Any = true;
        errors.Add(row.RowNumber, column.Name, Format(value), reason);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
