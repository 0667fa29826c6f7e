using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Regfin.Tests.Support;

/// <summary>Real workbooks, written with the OpenXml SDK as a spreadsheet program stores them.</summary>
public static class Workbooks
{
    /// <summary>
    /// Builds a workbook of one sheet (Huvudbok): strings as shared strings (or inline strings where <paramref name="inline"/>),
    /// decimals as numbers (or as the raw text given with a leading '#'), DateOnly as date serials with
    /// a date style.
    /// </summary>
    public static byte[] Of(object[][] rows, bool inline = false)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var strings = new List<string>();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    var cell = rows[r][c] switch
                    {
                        null => null,
                        string s when s.StartsWith('#') => new Cell { CellReference = reference, CellValue = new CellValue(s[1..]) },
                        string s when inline => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) },
                        string s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Index(strings, s)) },
                        decimal d => new Cell { CellReference = reference, CellValue = new CellValue(d) },
                        DateOnly d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                        bool b => new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
                        var other => throw new ArgumentException(other.GetType().Name),
                    };
                    if (cell is not null)
                    {
                        row.Append(cell);
                    }
                }

                data.Append(row);
            }

            foreach (var s in strings)
            {
                shared.SharedStringTable.Append(new SharedStringItem(new Text(s)));
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Huvudbok" }));
        }

        return memory.ToArray();
    }

    private static int Index(List<string> strings, string s)
    {
        var i = strings.IndexOf(s);
        if (i >= 0)
        {
            return i;
        }

        strings.Add(s);
        return strings.Count - 1;
    }
}
