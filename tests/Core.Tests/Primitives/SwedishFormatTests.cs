using Regfin.Core.Primitives;
using Regfin.Core.Reports;

namespace Regfin.Core.Tests.Primitives;

/// <summary>Numbers as Swedish readers write them: decimal comma, non-breaking space between thousands, U+2212 for minus.</summary>
public sealed class SwedishFormatTests
{
    [Theory]
    [InlineData(-0.0004, "\u22120,04\u00A0procentenheter")] // seed 003's total active return: not "0,0"
    [InlineData(-0.006, "\u22120,6\u00A0procentenheter")]
    [InlineData(0.012, "1,2\u00A0procentenheter")]
    [InlineData(0, "0,0\u00A0procentenheter")]
    [InlineData(0.0000004, "0,0000\u00A0procentenheter")] // at most four decimals
    public void Percentage_points_keep_the_sign_of_a_small_difference(double fraction, string expected) =>
        Assert.Equal(expected, SwedishFormat.PercentagePoints((decimal)fraction));

    [Theory]
    [InlineData(1200, "1\u00A0200")]
    [InlineData(-250, "\u2212250")]
    [InlineData(-0.5, "\u22120,5")]
    [InlineData(2.25, "2,25")]
    [InlineData(0, "0")]
    public void Chart_ticks_are_Swedish(double value, string expected) => Assert.Equal(expected, Charts.SwedishTick(value));
}
