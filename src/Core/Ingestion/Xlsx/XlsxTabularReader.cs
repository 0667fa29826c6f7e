using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Regfin.Core.Ingestion.Tabular;

namespace Regfin.Core.Ingestion.Xlsx;

/// <summary>
/// Reads the first worksheet of an XLSX workbook row by row with DocumentFormat.OpenXml's streaming
/// reader: shared strings, inline strings, numbers (exponents resolved into decimals) and dates
/// stored as serials (given as <c>yyyy-MM-dd</c>). A zip-bomb guard runs first: the declared sizes
/// and the compression ratio are checked, and then every entry is decompressed to nowhere under a
/// hard cap, so a lying header cannot make the reader inflate more than the limit.
/// </summary>
public sealed class XlsxTabularReader : ITabularReader
{
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlReader _reader;
    private readonly IReadOnlyList<string> _sharedStrings;
    private readonly IReadOnlySet<uint> _dateStyles;
    private string[] _fields = [];
    private bool[] _dates = [];

    private XlsxTabularReader(SpreadsheetDocument document, OpenXmlReader reader, IReadOnlyList<string> sharedStrings, IReadOnlySet<uint> dateStyles)
    {
        _document = document;
        _reader = reader;
        _sharedStrings = sharedStrings;
        _dateStyles = dateStyles;
    }

    /// <summary>The largest uncompressed size accepted: 1 GiB (formats.md).</summary>
    public const long MaxUncompressedBytes = 1L << 30;

    /// <summary>The highest compression ratio accepted: 100:1 (formats.md).</summary>
    public const long MaxRatio = 100;

    /// <inheritdoc />
    public IReadOnlyList<string> Headers { get; private set; } = [];

    /// <inheritdoc />
    public long RowNumber { get; private set; }

    /// <inheritdoc />
    public int FieldCount => _fields.Length;

    /// <summary>Opens <paramref name="raw"/>; null with errors when it is not a readable, safe workbook.</summary>
    public static XlsxTabularReader? Open(RawFile raw, IngestionLimits limits, ValidationErrors errors)
    {
        if (!PassesZipGuard(raw, limits, errors))
        {
            return null;
        }

        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(raw.OpenRead(), false);
            var workbook = document.WorkbookPart;
            var sheet = workbook?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (workbook is null || sheet?.Id?.Value is null)
            {
                errors.Add(null, null, "the workbook has no worksheet");
                document.Dispose();
                return null;
            }

            var worksheet = (WorksheetPart)workbook.GetPartById(sheet.Id.Value);
            var reader = new XlsxTabularReader(document, OpenXmlReader.Create(worksheet), ReadSharedStrings(workbook), DateStyles(workbook));
            if (!reader.ReadRow())
            {
                errors.Add(1, null, "the first worksheet is empty: its first row must hold the column headers");
                reader.Dispose();
                return null;
            }

            reader.Headers = reader._fields.ToArray();
            return reader;
        }
        // A package OpenXml reads but cannot make sense of (fuzz findings: a wrong part type, a bad enumeration
        // value, a relationship id out of range, a broken worksheet at its first row) is refused like one it cannot open.
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException or InvalidOperationException
                                      or FormatException or InvalidCastException or ArgumentException or TabularFormatException)
        {
            document?.Dispose();
            errors.Add(null, null, $"the file is not a readable XLSX workbook ({e.Message})");
            return null;
        }
    }

    private static bool PassesZipGuard(RawFile raw, IngestionLimits limits, ValidationErrors errors)
    {
        try
        {
            using var zip = new ZipArchive(raw.OpenRead(), ZipArchiveMode.Read, leaveOpen: false);
            long declared = 0, compressed = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                compressed += entry.CompressedLength;
            }

            if (declared > limits.MaxXlsxUncompressedBytes || declared > MaxRatio * Math.Max(compressed, 1))
            {
                errors.Add(null, null, $"the workbook unpacks to {declared:N0} bytes from {compressed:N0} (limits: {limits.MaxXlsxUncompressedBytes:N0} bytes, ratio {MaxRatio}:1): refused as a possible zip bomb");
                return false;
            }

            // The declared sizes may lie: inflate every entry to nowhere, counting, under the same cap.
            var buffer = new byte[1 << 16];
            long inflated = 0;
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    inflated += read;
                    if (inflated > limits.MaxXlsxUncompressedBytes || inflated > MaxRatio * Math.Max(compressed, 1))
                    {
                        errors.Add(null, null, $"the workbook inflates beyond its limits ({limits.MaxXlsxUncompressedBytes:N0} bytes, ratio {MaxRatio}:1): refused as a possible zip bomb");
                        return false;
                    }
                }
            }

            return true;
        }
        catch (InvalidDataException)
        {
            errors.Add(null, null, "the file is not an XLSX workbook (not a zip archive): save it as .xlsx or export CSV");
            return false;
        }
    }

    private static List<string> ReadSharedStrings(WorkbookPart workbook)
    {
        var list = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return list;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                list.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
            }
        }

        return list;
    }

    /// <summary>The style indexes whose number format shows a date (built-in 14–22, 45–47, or a custom d/m/y format).</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var styles = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return styles;
        }

        var customDates = (stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
            .Where(f => f.NumberFormatId?.Value is not null && IsDateFormat(f.FormatCode?.Value))
            .Select(f => f.NumberFormatId!.Value).ToHashSet();
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (id is >= 14 and <= 22 or >= 45 and <= 47 || customDates.Contains(id))
            {
                styles.Add(index);
            }

            index++;
        }

        return styles;
    }

    private static bool IsDateFormat(string? code)
    {
        if (code is null)
        {
            return false;
        }

        var inQuotes = false;
        var inBrackets = false;
        foreach (var c in code)
        {
            switch (c)
            {
                case '"': inQuotes = !inQuotes; break;
                case '[': inBrackets = true; break;
                case ']': inBrackets = false; break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' when !inQuotes && !inBrackets: return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Read() => ReadRow();

    /// <inheritdoc />
    public ReadOnlySpan<char> GetField(int ordinal) => ordinal < _fields.Length ? _fields[ordinal] : [];

    /// <inheritdoc />
    public bool IsDate(int ordinal) => ordinal < _dates.Length && _dates[ordinal];

    private bool ReadRow()
    {
        try
        {
            while (_reader.Read())
            {
                if (_reader.ElementType != typeof(Row) || !_reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)_reader.LoadCurrentElement()!;
                RowNumber = row.RowIndex?.Value is { } index ? index : RowNumber + 1;
                var cells = new List<(int Column, string Text, bool IsDate)>();
                var next = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
                    next = column + 1;
                    var (text, isDate) = CellText(cell);
                    cells.Add((column, text, isDate));
                }

                var width = cells.Count == 0 ? 0 : cells.Max(c => c.Column) + 1;
                _fields = new string[width];
                _dates = new bool[width];
                Array.Fill(_fields, "");
                foreach (var (column, text, isDate) in cells)
                {
                    _fields[column] = text;
                    _dates[column] = isDate;
                }

                return true;
            }

            return false;
        }
        catch (Exception e) when (e is System.Xml.XmlException or FormatException or InvalidCastException or ArgumentException or OpenXmlPackageException)
        {
            throw new TabularFormatException(RowNumber + 1, $"the worksheet cannot be read on from here ({e.Message})");
        }
    }

    private (string Text, bool IsDate) CellText(Cell cell)
    {
        var value = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Count ? _sharedStrings[i] : "", false);
        }

        if (type == CellValues.InlineString)
        {
            return (cell.InlineString?.InnerText ?? "", false);
        }

        if (type == CellValues.Boolean)
        {
            return (value == "1" ? "true" : "false", false);
        }

        if (value is null || type == CellValues.String || type == CellValues.Error)
        {
            return (value ?? "", false);
        }

        // A number: a date when its style shows one, else a decimal (exponents resolved).
        if (cell.StyleIndex?.Value is { } style && _dateStyles.Contains(style)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
        {
            return (DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), true);
        }

        return decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? (number.ToString(CultureInfo.InvariantCulture), false)
            : (value, false);
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        _document.Dispose();
    }
}
