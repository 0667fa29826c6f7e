namespace Regfin.Core.Ingestion.Tabular;

/// <summary>A column of an input kind: its name, its Swedish aliases and whether it is required.</summary>
/// <param name="Name">The English column name (formats.md).</param>
/// <param name="Required">A file without it is rejected.</param>
/// <param name="Aliases">Other accepted header spellings, Swedish ones first.</param>
public sealed record ColumnSpec(string Name, bool Required, params string[] Aliases);

/// <summary>
/// The resolved header of one file: which physical column holds each known column. Header matching
/// is case-insensitive with surrounding spaces ignored; unknown columns are ignored; a duplicated
/// or missing required column is an error (formats.md).
/// </summary>
public sealed class HeaderMap
{
    private readonly int[] _ordinals;
    private readonly string[] _headers;

    private HeaderMap(IReadOnlyList<ColumnSpec> columns, int[] ordinals, string[] headers)
    {
        Columns = columns;
        _ordinals = ordinals;
        _headers = headers;
    }

    /// <summary>The kind's columns, in the order given to <see cref="Resolve"/>.</summary>
    public IReadOnlyList<ColumnSpec> Columns { get; }

    /// <summary>The physical ordinal of column <paramref name="index"/>, or −1 when absent.</summary>
    public int Ordinal(int index) => _ordinals[index];

    /// <summary>The header text the file used for column <paramref name="index"/> (for error messages).</summary>
    public string HeaderText(int index) => _ordinals[index] >= 0 ? _headers[_ordinals[index]] : Columns[index].Name;

    /// <summary>Matches the file's headers to <paramref name="columns"/>, reporting problems into <paramref name="errors"/>.</summary>
    public static HeaderMap Resolve(IReadOnlyList<string> headers, IReadOnlyList<ColumnSpec> columns, ValidationErrors errors)
    {
        var lookup = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            lookup[columns[i].Name] = i;
            foreach (var alias in columns[i].Aliases)
            {
                lookup[alias] = i;
            }
        }

        var ordinals = Enumerable.Repeat(-1, columns.Count).ToArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var trimmed = new string[headers.Count];
        for (var ordinal = 0; ordinal < headers.Count; ordinal++)
        {
            var header = Primitives.Nfc.Of(headers[ordinal].Trim().TrimStart('\uFEFF'));
            trimmed[ordinal] = header;
            if (header.Length > 0 && !seen.Add(header))
            {
                errors.Add(1, header, "the column header appears twice");
                continue;
            }

            if (!lookup.TryGetValue(header, out var index))
            {
                continue;
            }

            if (ordinals[index] >= 0)
            {
                errors.Add(1, header, $"the column {columns[index].Name} is given twice (as '{trimmed[ordinals[index]]}' and '{header}')");
                continue;
            }

            ordinals[index] = ordinal;
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Required && ordinals[i] < 0)
            {
                var aliases = columns[i].Aliases.Length > 0 ? $" (or {string.Join(", ", columns[i].Aliases)})" : "";
                errors.Add(1, columns[i].Name, $"the required column {columns[i].Name}{aliases} is missing");
            }
        }

        return new HeaderMap(columns, ordinals, trimmed);
    }
}
