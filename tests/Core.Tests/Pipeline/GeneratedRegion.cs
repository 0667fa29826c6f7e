using System.Globalization;
using System.Text;

namespace Regfin.Core.Tests.Pipeline;

/// <summary>
/// A generated region for the golden comparison: two years (2024–2025) of monthly ledgers and a
/// budget per year for six committees over 25 accounts of every report line, with the sample
/// policy. Deterministic: a seeded <see cref="Random"/> (a seed selects .NET's legacy algorithm,
/// unchanged since .NET Framework though not promised; should it change, these golden files show
/// it at once) and whole kronor.
/// </summary>
internal static class GeneratedRegion
{
    private static readonly string[] Committees = ["RS", "HSN", "RUN", "KN", "TN", "PN"];

    // Accounts of every line: income, costs, depreciation; the tax and grant and financial accounts book on RS.
    private static readonly int[] OperatingAccounts = [3010, 3110, 3590, 3910, 4010, 4110, 4510, 5010, 5110, 5410, 5510, 5810, 6010, 6410, 6510, 7010, 7110, 7610, 7810, 7820];
    private static readonly int[] CentralAccounts = [8010, 8210, 8410, 8430, 8510];

    /// <summary>The files, as (inbox blob name, content).</summary>
    public static IEnumerable<(string Name, string Content)> Files()
    {
        var random = new Random(20251031);
        yield return ("finanspolicy/finanspolicy-2024-12-01.yaml",
            File.ReadAllText(Path.Combine(Regfin.Tests.Support.TestFiles.SampleInbox, "finanspolicy", "finanspolicy-2024-12-01.yaml")));
        for (var year = 2024; year <= 2025; year++)
        {
            var budget = new StringBuilder("Period;Nämnd;Konto;Belopp;Version\n");
            for (var month = 1; month <= 12; month++)
            {
                var ledger = new StringBuilder("Månad;Nämnd;Konto;Belopp\n");
                foreach (var (committee, account) in Rows())
                {
                    var size = Size(committee, account) * (1 + (year - 2024) * 0.03m);
                    var actual = Math.Round(size * (0.9m + (decimal)random.NextDouble() * 0.2m));
                    var planned = Math.Round(size);
                    ledger.Append(CultureInfo.InvariantCulture, $"{year}-{month:00};{committee};{account};{actual}\n");
                    budget.Append(CultureInfo.InvariantCulture, $"{year}-{month:00};{committee};{account};{planned};Budget {year}\n");
                }

                yield return ($"ledger/{year}-{month:00}.csv", ledger.ToString());
            }

            yield return ($"budget/budget-{year}.csv", budget.ToString());
        }
    }

    private static IEnumerable<(string Committee, int Account)> Rows() =>
        Committees.SelectMany(c => OperatingAccounts.Select(a => (c, a)))
            .Concat(CentralAccounts.Select(a => ("RS", a)));

    /// <summary>A monthly amount in SEK, signed as the ledger books it (income and revenue negative).</summary>
    private static decimal Size(string committee, int account)
    {
        var scale = Array.IndexOf(Committees, committee) switch { 1 => 6m, 0 => 2m, _ => 1m };
        return account switch
        {
            8010 => -700_000_000m,
            8210 => -260_000_000m,
            8410 => -3_000_000m,
            8430 => -500_000m,
            8510 => 14_000_000m,
            < 4000 => -scale * (2_000_000m + account % 100 * 50_000m),
            < 7800 => scale * (4_700_000m + account % 1000 * 5_000m),
            _ => scale * 1_500_000m,
        };
    }
}
