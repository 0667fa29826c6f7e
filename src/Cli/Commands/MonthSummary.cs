using System.Globalization;
using Regfin.Core.Pipeline;

namespace Regfin.Cli.Commands;

/// <summary>The month's result as the board reads it: MSEK, Swedish number format, Swedish labels.</summary>
public static class MonthSummary
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    private static readonly string[] Lines =
    [
        "NetOperatingCost", "TaxAndGrants", "OperatingResult", "FinancialNet", "ResultAfterFinancialItems", "Result",
    ];

    /// <summary>Writes the summary of <paramref name="result"/> to <paramref name="output"/>.</summary>
    public static void Write(ComputeResult result, TextWriter output)
    {
        var month = result.Period.FirstDay.ToString("MMMM yyyy", Swedish);
        output.WriteLine($"Månadsrapport per {month} ({result.Period})");
        output.WriteLine(string.Create(Swedish, $"{"MSEK",-42}{"Ack. utfall",14}{"Månaden",12}{"Fg år",12}"));
        foreach (var id in Lines)
        {
            var row = result.Kpis.Single(k => k.KpiId == id);
            output.WriteLine(string.Create(Swedish, $"{row.Label,-42}{Msek(row.Value),14}{Msek(row.Month),12}{Msek(row.PriorYear),12}"));
        }

        if (result.Kpis.Single(k => k.KpiId == "OperatingResult").Reason is { } reason)
        {
            output.WriteLine("Obs: " + reason);
        }
    }

    /// <summary>An amount in SEK as whole MSEK in Swedish format, or "–" when missing.</summary>
    public static string Msek(decimal? sek) =>
        sek is { } v ? decimal.Round(v / 1_000_000m, 0, MidpointRounding.AwayFromZero).ToString("#,0", Swedish) : "–";
}
