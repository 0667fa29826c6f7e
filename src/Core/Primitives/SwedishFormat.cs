using System.Globalization;

namespace Regfin.Core.Primitives;

/// <summary>
/// Numbers as Swedish readers write them (1 234,5 mnkr, 2,1 %, 1,94 år): non-breaking space between
/// thousands, decimal comma, a true minus sign. Fixed rules, independent of the machine's culture data.
/// </summary>
public static class SwedishFormat
{
    private static readonly NumberFormatInfo Numbers = new()
    {
        NumberGroupSeparator = "\u00A0",
        NumberDecimalSeparator = ",",
        NegativeSign = "\u2212",
        NumberGroupSizes = [3],
    };

    /// <summary>A number with <paramref name="decimals"/> decimals and grouped thousands, e.g. <c>2 570,0</c>.</summary>
    public static string Number(decimal value, int decimals) =>
        decimal.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Numbers);

    /// <summary>An amount in millions of kronor with one decimal, e.g. <c>2 570,0 mnkr</c>.</summary>
    public static string Msek(decimal sek) => Number(sek / 1_000_000m, 1) + "\u00A0mnkr";

    /// <summary>A fraction as a percentage with one decimal, e.g. <c>2,1 %</c>.</summary>
    public static string Percent(decimal fraction, int decimals = 1) => Number(fraction * 100m, decimals) + "\u00A0%";

    /// <summary>
    /// A difference of two percentages in percentage points (procentenheter), with one decimal or as
    /// many more as keep a non-zero difference from printing as zero (−0,04, not 0,0), e.g. <c>−0,04 procentenheter</c>.
    /// </summary>
    public static string PercentagePoints(decimal fraction)
    {
        var points = fraction * 100m;
        var decimals = 1;
        while (decimals < 4 && points != 0 && decimal.Round(points, decimals, MidpointRounding.AwayFromZero) == 0)
        {
            decimals++;
        }

        return Number(points, decimals) + " procentenheter";
    }

    /// <summary>A value in the unit of a limit: fraction as percent, years, days, SEK as mnkr.</summary>
    public static string InUnit(decimal value, string? unit) => unit switch
    {
        "fraction" => Percent(value),
        "years" => Number(value, 2) + "\u00A0år",
        "days" => Number(value, 0) + "\u00A0dagar",
        "SEK" => Msek(value),
        _ => Number(value, 2),
    };
}
