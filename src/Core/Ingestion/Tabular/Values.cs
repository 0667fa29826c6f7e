using System.Globalization;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Tabular;

/// <summary>
/// Parsers for the value spellings of formats.md. They work on spans, allocate nothing and never
/// throw: a false return is a validation error for the caller to report.
/// </summary>
public static class Values
{
    /// <summary>The reason given for a text that is not an amount.</summary>
    public const string NotAnAmount = "not an amount: write e.g. -1 234,50 (decimal comma or point, no exponent)";

    /// <summary>The reason given for a text that is not a number.</summary>
    public const string NotANumber = "not a number: write e.g. 3,02 (decimal comma or point, no exponent)";

    /// <summary>The reason given for a text that is not a period.</summary>
    public const string NotAPeriod = "not a period: write YYYY-MM or YYYYMM, e.g. 2025-10";

    /// <summary>The reason given for a text that is not a date.</summary>
    public const string NotADate = "not a date: write YYYY-MM-DD or YYYYMMDD, e.g. 2025-10-31";

    /// <summary>The longest number text accepted (beyond it a value cannot be a decimal anyway).</summary>
    private const int MaxNumberLength = 64;

    /// <summary>
    /// Parses a number: decimal comma or point; thousands separated by space, U+00A0 or U+202F;
    /// minus <c>-</c> or U+2212. NaN, Infinity, exponents and text are refused.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        text = text.Trim();
        if (text.IsEmpty || text.Length > MaxNumberLength)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[MaxNumberLength];
        var length = 0;
        var separators = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case ' ' or '\u00A0' or '\u202F':
                    continue;
                case ',' or '.':
                    separators++;
                    buffer[length++] = '.';
                    break;
                case '\u2212' or '-':
                    buffer[length++] = '-';
                    break;
                case '+' or (>= '0' and <= '9'):
                    buffer[length++] = c;
                    break;
                default:
                    return false;
            }
        }

        // "1.234,5" is ambiguous between Swedish and English spellings: refuse rather than guess.
        if (separators > 1)
        {
            return false;
        }

        return decimal.TryParse(
            buffer[..length],
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture,
            out value);
    }

    /// <summary>Parses a date written <c>YYYY-MM-DD</c> or <c>YYYYMMDD</c>.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        text = text.Trim();
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            || DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>Parses a period written <c>YYYY-MM</c> or <c>YYYYMM</c>.</summary>
    public static bool TryParsePeriod(ReadOnlySpan<char> text, out Period period) => Period.TryParse(text, out period);

    /// <summary>Parses true/false, ja/nej, yes/no, 1/0, j/n (any case).</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        text = text.Trim();
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("ja", StringComparison.OrdinalIgnoreCase)
            || text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Equals("1", StringComparison.Ordinal)
            || text.Equals("j", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("nej", StringComparison.OrdinalIgnoreCase)
            || text.Equals("no", StringComparison.OrdinalIgnoreCase) || text.Equals("0", StringComparison.Ordinal)
            || text.Equals("n", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when every character is an ASCII digit (accounts are "text of digits").</summary>
    public static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
