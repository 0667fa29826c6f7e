using System.Data;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;
using Sylvan.Data.Csv;

namespace Regfin.Core.Export;

/// <summary>
/// Writes the output tables as CSV files (tables.md, "Export files"): UTF-8 without BOM, comma,
/// RFC 4180 quoting by Sylvan.Data.Csv, invariant numbers, <c>yyyy-MM-dd</c> dates, ISO 8601 UTC
/// timestamps, empty for null, text that a spreadsheet would run as a formula prefixed with
/// <c>'</c>, rows sorted by PartitionKey then RowKey — so two exports of the same state are
/// byte-identical apart from ComputedAt.
/// </summary>
/// <param name="storage">The storage account.</param>
public sealed class CsvExporter(StorageAccount storage)
{
    /// <summary>Exports every table into <paramref name="directory"/>; returns the files and their row counts.</summary>
    public async Task<IReadOnlyList<(string File, int Rows)>> ExportAsync(string directory, Period? period, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var written = new List<(string, int)>();
        foreach (var contract in OutputTables.All)
        {
            var path = Path.Combine(directory, contract.Name + ".csv");
            var rows = await ExportTableAsync(contract, path, period, cancellationToken).ConfigureAwait(false);
            written.Add((path, rows));
        }

        return written;
    }

    private async Task<int> ExportTableAsync(TableContract contract, string path, Period? period, CancellationToken cancellationToken)
    {
        var table = storage.Table(contract.Name);
        var filter = period is { } p && contract.PartitionedByPeriod ? TableClient.CreateQueryFilter($"PartitionKey eq {p.ToString()}") : null;
        var entities = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entities.Add(e);
        }

        entities.Sort((a, b) =>
        {
            var byPartition = string.CompareOrdinal(a.PartitionKey, b.PartitionKey);
            return byPartition != 0 ? byPartition : string.CompareOrdinal(a.RowKey, b.RowKey);
        });

        var columns = contract.ExportColumns.ToList();
        using var data = new DataTable(contract.Name) { Locale = CultureInfo.InvariantCulture };
        foreach (var column in columns)
        {
            data.Columns.Add(column.Name, typeof(string));
        }

        foreach (var entity in entities)
        {
            var values = new object[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var raw = columns[i].Name switch
                {
                    "PartitionKey" => entity.PartitionKey,
                    "RowKey" => entity.RowKey,
                    var name => entity.TryGetValue(name, out var v) ? v : null,
                };
                values[i] = Format(raw, columns[i].Type) is { } text ? text : DBNull.Value;
            }

            data.Rows.Add(values);
        }

        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        await using var csv = CsvDataWriter.Create(writer, new CsvDataWriterOptions
        {
            Delimiter = ',',
            NewLine = "\r\n",
            Culture = CultureInfo.InvariantCulture,
            WriteHeaders = true,
        });
        using var reader = data.CreateDataReader();
        await csv.WriteAsync(reader, cancellationToken).ConfigureAwait(false);
        return entities.Count;
    }

    /// <summary>Formats one cell by its contract type; null stays null (an empty field).</summary>
    public static string? Format(object? value, ColumnType type)
    {
        if (value is null)
        {
            return null;
        }

        return type switch
        {
            ColumnType.Number => FormatDouble(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            ColumnType.Count => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            ColumnType.Date => AsUtc(value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ColumnType.Timestamp => AsUtc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ColumnType.Boolean => (bool)value ? "true" : "false",
            _ => EscapeFormula(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
        };
    }

    /// <summary>
    /// Prefixes text that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR with <c>'</c>, so a
    /// spreadsheet shows it instead of running it (formula injection).
    /// </summary>
    public static string EscapeFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string FormatDouble(double value) =>
        Math.Abs(value) < 1e15 && value == Math.Floor(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    private static DateTime AsUtc(object value) => value switch
    {
        DateTimeOffset o => o.UtcDateTime,
        DateTime d => d.ToUniversalTime(),
        _ => throw new InvalidCastException($"Expected a date, got {value.GetType().Name}."),
    };
}
