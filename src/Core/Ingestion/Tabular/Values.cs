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

        // Fast path, no allocation: sign, digits with grouping spaces, one decimal separator, up to
        // 18 significant digits — every amount a ledger export writes. Anything else goes to the
        // general path below, which decides the same way.
        var i = 0;
        var negative = false;
        if (text[0] is '-' or '\u2212' or '+')
        {
            negative = text[0] != '+';
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0, scale = 0;
        var separator = false;
        var fast = i < text.Length;
        for (; i < text.Length && fast; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                if (digits == 18)
                {
                    fast = false;
                    break;
                }

                mantissa = mantissa * 10 + (ulong)(c - '0');
                if (mantissa != 0)
                {
                    digits++;
                }

                if (separator)
                {
                    scale++;
                }
            }
            else if (c is ',' or '.' && !separator)
            {
                separator = true;
            }
            else if (c is ' ' or '\u00A0' or '\u202F' && !separator)
            {
                continue;
            }
            else
            {
                fast = false;
            }
        }

        if (fast && (digits > 0 || text[^1] is >= '0' and <= '9') && scale <= 28)
        {
            value = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)scale);
            return true;
        }

        return TryParseDecimalGeneral(text, out value);
    }

    private static bool TryParseDecimalGeneral(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
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

    /// <summary>Parses a date written <c>YYYY-MM-DD</c> or <c>YYYYMMDD</c>, in the years 1900–2999.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        text = text.Trim();
        int year, month, day;
        if (text.Length == 10 && text[4] == '-' && text[7] == '-')
        {
            if (!Digits(text[..4], out year) || !Digits(text[5..7], out month) || !Digits(text[8..], out day))
            {
                return false;
            }
        }
        else if (text.Length == 8)
        {
            if (!Digits(text[..4], out year) || !Digits(text[4..6], out month) || !Digits(text[6..], out day))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        // Years outside those a period can have are not dates here: every date belongs to a period
        // (its scope, its dirty months), and Period refuses them (a fuzz finding: docs/reliability.md).
        if (year is < Primitives.Period.MinYear or > Primitives.Period.MaxYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
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
