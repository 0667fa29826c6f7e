namespace Regfin.Core.Primitives;

/// <summary>
/// Swedish calendar dates from instants. Azure's Linux plans ignore WEBSITE_TIME_ZONE, so the
/// Europe/Stockholm zone is applied here, in code.
/// </summary>
public static class SwedishCalendar
{
    /// <summary>The Europe/Stockholm time zone.</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>The Swedish calendar date at <paramref name="instant"/>.</summary>
    public static DateOnly DateAt(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Today's date in Sweden.</summary>
    public static DateOnly Today(TimeProvider time) => DateAt(time.GetUtcNow());

    /// <summary>
    /// A Swedish calendar date as stored in tables: a UTC <see cref="DateTime"/> at midnight of that
    /// date (tables.md).
    /// </summary>
    public static DateTime AsTableDate(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
