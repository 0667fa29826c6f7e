using Azure.Data.Tables;
using Regfin.Core.Primitives;

namespace Regfin.Core.Storage;

/// <summary>
/// Shared shaping of output-table rows (tables.md): the common columns, amounts as whole kronor in a
/// Double, dates as UTC midnight, and long texts cut with the whole text kept in <c>details/</c>.
/// </summary>
/// <param name="storage">The storage account (for the details container).</param>
public sealed class OutputRows(StorageAccount storage)
{
    /// <summary>The longest text kept in a table cell.</summary>
    public const int MaxCellText = 32_000;

    /// <summary>Amounts: whole kronor, rounded half away from zero, as the Double the contract stores.</summary>
    public static double? Amount(decimal? sek) => sek is { } v ? (double)new Sek(v).WholeKronor : null;

    /// <summary>Fractions, years, days: the decimal as a Double.</summary>
    public static double? Measure(decimal? value) => value is { } v ? (double)v : null;

    /// <summary>Adds Period, PeriodEnd, ComputedAt, PolicyVersion (where a policy judges the table) and Sources to a row of a period table.</summary>
    public async Task<TableEntity> WithCommonAsync(string table, TableEntity row, Period period, DateTimeOffset computedAt,
        string? policyVersion, IEnumerable<string> sources, CancellationToken cancellationToken)
    {
        row["Period"] = period.ToString();
        row["PeriodEnd"] = SwedishCalendar.AsTableDate(period.LastDay);
        row["ComputedAt"] = computedAt.UtcDateTime;
        if (Export.OutputTables.IsJudged(table))
        {
            row["PolicyVersion"] = policyVersion;
        }

        row["Sources"] = await CellTextAsync(table, row, "Sources", string.Join(';', sources), cancellationToken).ConfigureAwait(false);
        return row;
    }

    /// <summary>
    /// A text as it may stand in a cell: over <see cref="MaxCellText"/> characters it is cut, and the
    /// whole text goes to blob <c>details/{table}/{key}.txt</c>, which the cut text names.
    /// </summary>
    public async Task<string> CellTextAsync(string table, ITableEntity row, string column, string text, CancellationToken cancellationToken)
    {
        if (text.Length <= MaxCellText)
        {
            return text;
        }

        var name = $"{table}/{KeyCodec.Encode(row.PartitionKey)}/{KeyCodec.Encode(row.RowKey)}.{column}.txt";
        await storage.Container(Containers.Details).GetBlobClient(name)
            .UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken).ConfigureAwait(false);
        var note = $" … (cut; whole text in details/{name})";
        return text[..(MaxCellText - note.Length)] + note;
    }
}
