using System.Globalization;
using System.Text;

namespace Regfin.Bench;

/// <summary>
/// Writes a large region as an inbox folder (docs/performance.md, "Recompute"): <c>committees</c>
/// committees booking every operating account each month, the central committee RS also the tax,
/// grant, depreciation and financial accounts, for <c>years</c> calendar years ending with 2025; a
/// monthly ledger file per month (<c>ledger/YYYY-MM.csv</c>), a budget per year and the sample
/// policy. Deterministic for a seed; streams.
/// </summary>
public static class RegionGenerator
{
    /// <summary>Writes the region under <paramref name="folder"/>; returns the number of ledger rows.</summary>
    public static long Write(string folder, int committees, int accounts, int years, string policyFile, int seed = 20251031)
    {
        var random = new Random(seed);
        var codes = Enumerable.Range(0, committees).Select(i => i == 0 ? "RS" : $"N{i:00}").ToArray();
        var central = new[] { "7810", "7820", "8010", "8020", "8210", "8220", "8410", "8510" };
        var operating = Enumerable.Range(0, accounts - central.Length)
            .Select(i => (3000 + i * (4700 / Math.Max(1, accounts - central.Length))).ToString(CultureInfo.InvariantCulture)).Distinct().ToArray();
        var scale = operating.ToDictionary(a => a, _ => random.Next(1_000, 400_000));
        Directory.CreateDirectory(Path.Combine(folder, "ledger"));
        Directory.CreateDirectory(Path.Combine(folder, "budget"));
        Directory.CreateDirectory(Path.Combine(folder, "finanspolicy"));
        File.Copy(policyFile, Path.Combine(folder, "finanspolicy", Path.GetFileName(policyFile)), overwrite: true);
        long rows = 0;
        for (var year = 2026 - years; year <= 2025; year++)
        {
            using var budget = new StreamWriter(Path.Combine(folder, "budget", $"budget-{year}.csv"), false, new UTF8Encoding(true), 1 << 16);
            budget.Write("Period;Committee;Account;Amount\n");
            for (var month = 1; month <= 12; month++)
            {
                using var ledger = new StreamWriter(Path.Combine(folder, "ledger", $"{year}-{month:00}.csv"), false, new UTF8Encoding(true), 1 << 16);
                ledger.Write("Period;Committee;Account;Amount\n");
                var period = $"{year}-{month:00}";
                foreach (var committee in codes)
                {
                    foreach (var account in operating)
                    {
                        var size = scale[account] * (account[0] == '3' ? -1 : 1);
                        Row(ledger, period, committee, account, size * (0.9 + random.NextDouble() * 0.2));
                        Row(budget, period, committee, account, size);
                        rows++;
                    }
                }

                foreach (var account in central)
                {
                    var size = account[..2] switch { "78" => 30_000_000, "80" => -700_000_000, "82" => -260_000_000, "84" => -5_000_000, _ => 12_000_000 };
                    Row(ledger, period, "RS", account, size * (0.95 + random.NextDouble() * 0.1));
                    Row(budget, period, "RS", account, size);
                    rows++;
                }
            }
        }

        return rows;
    }

    private static void Row(StreamWriter writer, string period, string committee, string account, double amount)
    {
        writer.Write(period);
        writer.Write(';');
        writer.Write(committee);
        writer.Write(';');
        writer.Write(account);
        writer.Write(';');
        writer.Write(Math.Round(amount, 2).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ','));
        writer.Write('\n');
    }
}
