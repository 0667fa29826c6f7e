using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Regfin.Core.Primitives;

namespace Regfin.Core.Reports;

/// <summary>
/// Small helpers for the self-contained report pages: every text goes through <see cref="Text"/>
/// (HTML-encoded; Swedish letters kept readable), numbers are Swedish-formatted, and the page
/// carries its own CSS (screen and print).
/// </summary>
public static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>A text as HTML.</summary>
    public static string Text(string? text) => Encoder.Encode(text ?? "");

    /// <summary>An amount in SEK as whole MSEK, or "–".</summary>
    public static string Msek(decimal? sek, int decimals = 0) => sek is { } v ? Text(SwedishFormat.Number(v / 1_000_000m, decimals)) : "–";

    /// <summary>A fraction as a percentage, or "–".</summary>
    public static string Percent(decimal? fraction, int decimals = 1) => fraction is { } v ? Text(SwedishFormat.Percent(v, decimals)) : "–";

    /// <summary>A value in a limit's unit, or "–".</summary>
    public static string InUnit(decimal? value, string? unit) => value is { } v ? Text(SwedishFormat.InUnit(v, unit)) : "–";

    /// <summary>A difference of percentages in percentage points, without the unit (the column says procentenheter): −0,04 stays −0,04.</summary>
    public static string Points(decimal? fraction) =>
        fraction is { } v ? Text(Primitives.SwedishFormat.PercentagePoints(v).Replace("\u00A0procentenheter", "", StringComparison.Ordinal)) : "–";

    /// <summary>A coloured badge: <paramref name="css"/> is ok, warning, breach or notevaluated.</summary>
    public static string Badge(string css, string text) => $"<span class=\"status {Text(css)}\">{Text(text)}</span>";

    /// <summary>A rule's status as a badge in its family's words (<see cref="Compliance.BoardWords"/>).</summary>
    public static string Status(Compliance.LimitCheck check, Primitives.Period period) =>
        Badge(check.Status.ToString().ToLowerInvariant(), Compliance.BoardWords.Status(check, period));

    /// <summary>A status of a rule of <paramref name="family"/> (a goal's row, a committee's row) as a badge in the family's words.</summary>
    public static string Status(Compliance.RuleFamily family, string? status, bool onForecast, Primitives.Period period) =>
        status is not null && Enum.TryParse<Compliance.LimitStatus>(status, out var s)
            ? Badge(status.ToLowerInvariant(), Compliance.BoardWords.Status(family, s, onForecast, period))
            : "";

    /// <summary>Starts a page: doctype, title, the CSS.</summary>
    public static StringBuilder Page(string title, string subtitle)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<title>").Append(Text(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append("<header><h1>").Append(Text(title)).Append("</h1><p class=\"sub\">").Append(Text(subtitle)).Append("</p></header>\n");
        return html;
    }

    /// <summary>Ends a page.</summary>
    public static string End(StringBuilder html, string footer) =>
        html.Append("<footer>").Append(Text(footer)).Append("</footer>\n</body>\n</html>\n").ToString();

    /// <summary>A table: header cells and rows of already-encoded cells; the numeric columns (from <paramref name="firstNumeric"/> to <paramref name="lastNumeric"/>) right-aligned.</summary>
    public static void Table(StringBuilder html, string id, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int firstNumeric = 1, int lastNumeric = int.MaxValue)
    {
        bool Numeric(int column) => column >= firstNumeric && column <= lastNumeric;
        html.Append("<table id=\"").Append(Text(id)).Append("\">\n<thead><tr>");
        for (var i = 0; i < header.Count; i++)
        {
            html.Append(Numeric(i) ? "<th class=\"num\">" : "<th>").Append(Text(header[i])).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(Numeric(i) ? "<td class=\"num\">" : "<td>").Append(row[i]).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>A figure wrapping an inline SVG chart with its caption.</summary>
    public static void Figure(StringBuilder html, string id, string svg, string caption) =>
        html.Append("<figure id=\"").Append(Text(id)).Append("\">").Append(svg).Append("<figcaption id=\"").Append(Text(id)).Append("-caption\">")
            .Append(Text(caption)).Append("</figcaption></figure>\n");

    private const string Css = """
        :root { --ink: #1b2733; --muted: #5b6b7b; --line: #d5dde5; --ok: #2e7d32; --warn: #a86b00; --breach: #b3261e; --na: #5b6b7b; }
        body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.4; }
        header h1 { margin: 0; font-size: 1.7rem; } .sub { color: var(--muted); margin-top: .25rem; }
        h2 { font-size: 1.2rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2rem; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
        th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f1f4f7; } .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .status { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem; color: #fff; white-space: nowrap; }
        .status.ok, .status.restored { background: var(--ok); } .status.warning, .status.open { background: var(--warn); }
        .status.breach, .status.overdue { background: var(--breach); } .status.notevaluated, .status.incomplete { background: var(--na); }
        .lead { font-size: 1.05rem; } .note { color: var(--muted); font-size: .85rem; }
        figure { margin: 1rem 0; } figcaption { color: var(--muted); font-size: .85rem; } svg.chart { max-width: 100%; height: auto; }
        footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; }
        @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } .status { color: #000; border: 1px solid #000; background: none !important; } }
        """;
}
