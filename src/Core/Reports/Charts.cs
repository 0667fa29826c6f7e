using System.Globalization;
using System.Text.RegularExpressions;
using Regfin.Core.Liquidity;
using Regfin.Core.Primitives;
using ScottPlot;

namespace Regfin.Core.Reports;

/// <summary>
/// The reports' charts, drawn with ScottPlot and returned as SVG to inline in the page (no
/// external fetches). Amounts in MSEK. Every label is Swedish: numbers with a decimal comma, a
/// non-breaking space between thousands and a true minus (U+2212, <see cref="SwedishFormat"/>), dates
/// as Swedish calendar dates, committees by name. Labels that come from data are stripped of markup
/// characters before they reach the SVG.
/// </summary>
public static partial class Charts
{
    private const int Width = 760;
    private const int Height = 300;
    private static readonly Color Blue = Color.FromHex("#1f5f8b");
    private static readonly Color Grey = Color.FromHex("#9aa5b1");
    private static readonly Color Red = Color.FromHex("#b3261e");
    private static readonly Color Green = Color.FromHex("#2e7d32");

    private static Plot NewPlot(string title, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, size: 14);
        plot.Axes.Left.Label.Text = yLabel;
        plot.Axes.Left.Label.FontSize = 12;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = SwedishTick };
        return plot;
    }

    /// <summary>A value axis tick in Swedish: 1 200 → "1 200", −0.5 → "−0,5" (as many decimals as the tick has, at most two).</summary>
    public static string SwedishTick(double value)
    {
        var rounded = Math.Round(value, 2);
        var decimals = rounded == Math.Round(rounded) ? 0 : Math.Round(rounded, 1) == rounded ? 1 : 2;
        return SwedishFormat.Number((decimal)rounded, decimals);
    }

    /// <summary>Data-derived text without characters that could break out of SVG text.</summary>
    public static string Safe(string? text) => MarkupCharacters().Replace(text ?? "", "");

    private static void Categories(Plot plot, IReadOnlyList<string> labels)
    {
        var ticks = labels.Select((l, i) => new Tick(i, Safe(l))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.HideGrid();
    }

    private static string Svg(Plot plot, string id) =>
        plot.GetSvgXml(Width, Height).Replace("<svg ", $"<svg role=\"img\" aria-labelledby=\"{id}\" class=\"chart\" id=\"{id}-svg\" ", StringComparison.Ordinal);

    /// <summary>Monthly result as bars and the cumulative result against the cumulative budget as lines (MSEK).</summary>
    public static string MonthlyResult(IReadOnlyList<(string Month, double? Result, double? CumulativeResult, double? CumulativeBudget)> months)
    {
        var plot = NewPlot("Verksamhetens resultat per månad och ackumulerat mot budget", "MSEK");
        var bars = plot.Add.Bars(months.Select((m, i) => new Bar { Position = i, Value = m.Result ?? 0, FillColor = (m.Result ?? 0) < 0 ? Red : Blue }).ToArray());
        bars.LegendText = "Månadens resultat";
        var xs = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
        var cumulative = plot.Add.Scatter(xs, months.Select(m => m.CumulativeResult ?? double.NaN).ToArray());
        cumulative.LegendText = "Ackumulerat utfall";
        cumulative.Color = Green;
        cumulative.LineWidth = 2;
        if (months.Any(m => m.CumulativeBudget is not null))
        {
            var budget = plot.Add.Scatter(xs, months.Select(m => m.CumulativeBudget ?? double.NaN).ToArray());
            budget.LegendText = "Ackumulerad budget";
            budget.Color = Grey;
            budget.LineWidth = 2;
        }

        plot.Add.HorizontalLine(0, 1, Colors.Black);
        Categories(plot, months.Select(m => m.Month).ToList());
        plot.ShowLegend(Alignment.UpperLeft);
        return Svg(plot, "chart-monthly-result");
    }

    /// <summary>Each committee's forecast deviation from its budget for the year (MSEK; positive is better than budget), by name.</summary>
    public static string CommitteeDeviations(IReadOnlyList<(string Committee, double Deviation)> committees)
    {
        var plot = NewPlot("Nämndernas prognos mot årsbudget", "MSEK");
        plot.Add.Bars(committees.Select((c, i) => new Bar { Position = i, Value = c.Deviation, FillColor = c.Deviation < 0 ? Red : Green }).ToArray());
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        Categories(plot, committees.Select(c => c.Committee).ToList());
        return Svg(plot, "chart-committees");
    }

    /// <summary>The operating result of the rolling twelve months ending each month (MSEK): the trend behind the year to date.</summary>
    public static string Trend(IReadOnlyList<(string Month, double? Rolling12)> months)
    {
        var plot = NewPlot("Verksamhetens resultat, rullande tolv månader", "MSEK");
        var xs = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
        var line = plot.Add.Scatter(xs, months.Select(m => m.Rolling12 ?? double.NaN).ToArray());
        line.Color = Blue;
        line.LineWidth = 2;
        line.MarkerSize = 5;
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        Categories(plot, months.Select(m => m.Month).ToList());
        return Svg(plot, "chart-trend");
    }

    /// <summary>Segment shares against the policy's min and max (percent).</summary>
    public static string Allocation(IReadOnlyList<(string Segment, double Share, double? Min, double? Max, double? Normal)> segments)
    {
        var plot = NewPlot("Allokering mot finanspolicyns gränser", "Andel, %");
        plot.Add.Bars(segments.Select((s, i) => new Bar { Position = i, Value = s.Share * 100, FillColor = Blue }).ToArray());
        for (var i = 0; i < segments.Count; i++)
        {
            var (_, _, min, max, normal) = segments[i];
            if (min is { } lo && max is { } hi)
            {
                var range = plot.Add.Line(i + 0.45, lo * 100, i + 0.45, hi * 100);
                range.LineWidth = 4;
                range.Color = Grey;
            }

            if (normal is { } n)
            {
                var marker = plot.Add.Marker(i + 0.45, n * 100, MarkerShape.FilledDiamond, 8, Colors.Black);
                marker.LegendText = i == 0 ? "Normalläge" : "";
            }
        }

        Categories(plot, segments.Select(s => s.Segment).ToList());
        return Svg(plot, "chart-allocation");
    }

    /// <summary>Principal maturing per calendar year (MSEK).</summary>
    public static string MaturityProfile(IReadOnlyList<(int Year, double Principal)> years)
    {
        var plot = NewPlot("Förfalloprofil: lån som förfaller per år", "MSEK");
        plot.Add.Bars(years.Select((y, i) => new Bar { Position = i, Value = y.Principal, FillColor = Blue }).ToArray());
        Categories(plot, years.Select(y => y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
        return Svg(plot, "chart-maturity");
    }

    /// <summary>The projected balance over the forecast horizon, own funds and with the credit facility (MSEK).</summary>
    public static string ProjectedLiquidity(IReadOnlyList<ProjectedDay> days)
    {
        var plot = NewPlot("Prognostiserad likviditet", "MSEK");
        var xs = days.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        var own = plot.Add.Scatter(xs, days.Select(d => (double)d.Own / 1_000_000).ToArray());
        own.LegendText = "Egna likvida medel";
        own.Color = Blue;
        own.MarkerSize = 0;
        own.LineWidth = 2;
        var credit = plot.Add.Scatter(xs, days.Select(d => (double)d.WithCredit / 1_000_000).ToArray());
        credit.LegendText = "Inklusive checkräkningskredit";
        credit.Color = Grey;
        credit.MarkerSize = 0;
        plot.Add.HorizontalLine(0, 1, Red);
        var dates = plot.Axes.DateTimeTicksBottom();
        if (dates.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic automatic)
        {
            automatic.LabelFormatter = d => d.ToString("d MMM", CultureInfo.GetCultureInfo("sv-SE"));
        }

        plot.ShowLegend(Alignment.LowerLeft);
        return Svg(plot, "chart-liquidity");
    }

    [GeneratedRegex("[<>&\"']")]
    private static partial Regex MarkupCharacters();
}
