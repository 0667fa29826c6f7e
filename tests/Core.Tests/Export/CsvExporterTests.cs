using Regfin.Core.Export;

namespace Regfin.Core.Tests.Export;

public class CsvExporterTests
{
    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+46701234567", "'+46701234567")]
    [InlineData("-5", "'-5")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("Regionstyrelsen", "Regionstyrelsen")]
    public void Text_that_a_spreadsheet_would_run_is_prefixed(string text, string expected) =>
        Assert.Equal(expected, CsvExporter.Format(text, ColumnType.Text));

    [Fact]
    public void Numbers_dates_and_nulls_follow_the_export_contract()
    {
        Assert.Equal("53000000", CsvExporter.Format(53_000_000d, ColumnType.Number));
        Assert.Equal("-8000000", CsvExporter.Format(-8_000_000d, ColumnType.Number));
        Assert.Equal("0.233", CsvExporter.Format(0.233d, ColumnType.Number));
        Assert.Equal("12", CsvExporter.Format(12L, ColumnType.Count));
        Assert.Equal("2025-10-31", CsvExporter.Format(new DateTimeOffset(2025, 10, 31, 0, 0, 0, TimeSpan.Zero), ColumnType.Date));
        Assert.Equal("2025-11-23T08:15:00.0000000Z", CsvExporter.Format(new DateTime(2025, 11, 23, 8, 15, 0, DateTimeKind.Utc), ColumnType.Timestamp));
        Assert.Equal("true", CsvExporter.Format(true, ColumnType.Boolean));
        Assert.Null(CsvExporter.Format(null, ColumnType.Number));
    }
}
