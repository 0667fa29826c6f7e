using System.Globalization;

namespace Regfin.Core.Primitives;

/// <summary>
/// An accounting month (<c>YYYY-MM</c>), such as the period a ledger row belongs to. Like NodaTime's
/// <c>YearMonth</c>: validated on construction, so an invalid period cannot exist.
/// </summary>
public readonly record struct Period : IComparable<Period>
{
    /// <summary>The earliest year accepted; older periods are data-entry errors in a monthly export.</summary>
    public const int MinYear = 1900;

    /// <summary>The latest year accepted.</summary>
    public const int MaxYear = 2999;

    /// <summary>Creates the period of <paramref name="year"/> and <paramref name="month"/> (1–12).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year or the month is out of range.</exception>
    public Period(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>The month of the year, 1–12.</summary>
    public int Month { get; }

    /// <summary>The first day of the month.</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The last day of the month (E in kpis.md).</summary>
    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    /// <summary>The number of days in the month.</summary>
    public int Days => DateTime.DaysInMonth(Year, Month);

    /// <summary>January of the same year (the start of the year to date).</summary>
    public Period January => new(Year, 1);

    /// <summary>The same month one year earlier (PY in kpis.md).</summary>
    public Period SameMonthLastYear => new(Year - 1, Month);

    /// <summary>The month before.</summary>
    public Period Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    /// <summary>The month after.</summary>
    public Period Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    /// <summary>The period that contains <paramref name="date"/>.</summary>
    public static Period Of(DateOnly date) => new(date.Year, date.Month);

    /// <summary>Adds <paramref name="months"/> (may be negative).</summary>
    public Period AddMonths(int months)
    {
        var index = Year * 12 + (Month - 1) + months;
        return new Period(index / 12, index % 12 + 1);
    }

    /// <summary>The months from January of this period's year up to and including this one.</summary>
    public IEnumerable<Period> YearToDate()
    {
        for (var m = 1; m <= Month; m++)
        {
            yield return new Period(Year, m);
        }
    }

    /// <summary>Parses <c>YYYY-MM</c> or <c>YYYYMM</c> (formats.md).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Period period)
    {
        period = default;
        text = text.Trim();
        int year, month;
        if (text.Length == 7 && text[4] == '-')
        {
            if (!TryDigits(text[..4], out year) || !TryDigits(text[5..], out month))
            {
                return false;
            }
        }
        else if (text.Length == 6)
        {
            if (!TryDigits(text[..4], out year) || !TryDigits(text[4..], out month))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (year is < MinYear or > MaxYear || month is < 1 or > 12)
        {
            return false;
        }

        period = new Period(year, month);
        return true;
    }

    /// <summary>Parses <c>YYYY-MM</c> or <c>YYYYMM</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid period.</exception>
    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period (YYYY-MM).");

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }

    /// <inheritdoc />
    public int CompareTo(Period other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    /// <summary>True when <paramref name="left"/> is earlier.</summary>
    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is later.</summary>
    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is earlier or the same.</summary>
    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is later or the same.</summary>
    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    /// <summary>The period as <c>YYYY-MM</c>, the form used in keys and exports.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");
}
