using nietras.SeparatedValues;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;

namespace Regfin.Bench;

/// <summary>
/// The ledger's work on Sep 0.17.1, for the comparison in docs/performance.md ("Sep against Sylvan"):
/// read Period, Committee, Account and Amount by header name, parse and check them with regfin's own
/// field parsers (Values), and sum per (period, committee, account). The parallel form uses Sep's
/// ParallelEnumerate (which copes with quoted line breaks) with one dictionary per batch merged at the end.
/// </summary>
public static class SepLedger
{
    // Committee and account texts interned from spans (thread-safe: ParallelEnumerate calls Read on several threads),
    // so a row allocates no string — as regfin's own path does.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);

    private static string Intern(ReadOnlySpan<char> text)
    {
        var lookup = Strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var value))
        {
            return value;
        }

        var s = text.ToString();
        return Strings.GetOrAdd(s, s);
    }

    /// <summary>Sums the file; returns the number of totals, rows and bad rows.</summary>
    public static (int Totals, long Rows, long Bad) Aggregate(string path, bool parallel = true)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(path);
        var header = reader.Header;
        int period = header.IndexOf("Period"), committee = header.IndexOf("Committee"), account = header.IndexOf("Account"), amount = header.IndexOf("Amount");
        var totals = new Dictionary<(Period, string, string), decimal>();
        long rows = 0, bad = 0;
        if (!parallel)
        {
            foreach (var row in reader)
            {
                rows++;
                if (!Read(row, period, committee, account, amount, out var key, out var value))
                {
                    bad++;
                    continue;
                }

                totals[key] = totals.GetValueOrDefault(key) + value;
            }

            return (totals.Count, rows, bad);
        }

        foreach (var item in reader.ParallelEnumerate(row =>
                 {
                     var ok = Read(row, period, committee, account, amount, out var key, out var value);
                     return (ok, key, value);
                 }))
        {
            rows++;
            if (!item.ok)
            {
                bad++;
                continue;
            }

            totals[item.key] = totals.GetValueOrDefault(item.key) + item.value;
        }

        return (totals.Count, rows, bad);
    }

    private static bool Read(SepReader.Row row, int period, int committee, int account, int amount, out (Period, string, string) key, out decimal value)
    {
        key = default;
        value = 0;
        if (!Values.TryParsePeriod(row[period].Span, out var p) || !Values.IsDigits(row[account].Span) || !Values.TryParseDecimal(row[amount].Span, out value))
        {
            return false;
        }

        key = (p, Intern(row[committee].Span), Intern(row[account].Span));
        return true;
    }
}
