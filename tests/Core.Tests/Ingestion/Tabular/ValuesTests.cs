using Regfin.Core.Ingestion.Tabular;

namespace Regfin.Core.Tests.Ingestion.Tabular;

public class ValuesTests
{
    [Theory]
    [InlineData("1234,50", "1234.50")]
    [InlineData("1234.50", "1234.50")]
    [InlineData("-1 234 567,89", "-1234567.89")]
    [InlineData("\u22121\u00A0234,5", "-1234.5")] // U+2212 minus, no-break space
    [InlineData("1\u202F000", "1000")] // narrow no-break space
    [InlineData("+17", "17")]
    [InlineData("0", "0")]
    [InlineData(" 42 ", "42")]
    public void Parses_Swedish_and_plain_numbers(string text, string expected)
    {
        Assert.True(Values.TryParseDecimal(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e5")]
    [InlineData("1E400")]
    [InlineData("12abc")]
    [InlineData("1.234,56")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("99999999999999999999999999999999")]
    public void Refuses_what_is_not_a_decimal_amount(string text) => Assert.False(Values.TryParseDecimal(text, out _));

    [Theory]
    [InlineData("2025-10-31", 2025, 10, 31)]
    [InlineData("20251031", 2025, 10, 31)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    public void Parses_dates(string text, int y, int m, int d)
    {
        Assert.True(Values.TryParseDate(text, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("2025-02-29")]
    [InlineData("2025-13-01")]
    [InlineData("31/10/2025")]
    [InlineData("2025-10-32")]
    public void Refuses_impossible_dates(string text) => Assert.False(Values.TryParseDate(text, out _));

    [Theory]
    [InlineData("ja", true)]
    [InlineData("Nej", false)]
    [InlineData("TRUE", true)]
    [InlineData("0", false)]
    [InlineData("j", true)]
    [InlineData("n", false)]
    public void Parses_booleans(string text, bool expected)
    {
        Assert.True(Values.TryParseBoolean(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Accounts_are_digits_only()
    {
        Assert.True(Values.IsDigits("4010"));
        Assert.False(Values.IsDigits("40 10"));
        Assert.False(Values.IsDigits(""));
        Assert.False(Values.IsDigits("4O10"));
    }
}
