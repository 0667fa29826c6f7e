using Sylvan.Data.Csv;

namespace Regfin.Tests.Support;

/// <summary>Reads exported CSV files in tests with a real CSV reader (fields may be quoted and hold commas).</summary>
public static class CsvFiles
{
    /// <summary>The header and the rows of a CSV text.</summary>
    public static (string[] Header, List<string[]> Rows) Parse(string csv)
    {
        using var reader = CsvDataReader.Create(new StringReader(csv), new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return (header, rows);
    }

    /// <summary>The CSV text without the named columns, one line per row (for comparing exports).</summary>
    public static string Without(string csv, params string[] columns)
    {
        var (header, rows) = Parse(csv);
        var keep = header.Select((h, i) => (h, i)).Where(x => !columns.Contains(x.h)).Select(x => x.i).ToArray();
        return string.Join('\n', new[] { header }.Concat(rows).Select(r => string.Join('\u241F', keep.Select(i => r[i]))));
    }
}
