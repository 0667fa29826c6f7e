using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Regfin.Core.Ingestion.Sie;
using static Regfin.Core.Tests.Ingestion.Sie.SieTestFiles;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>Properties of the SIE reader, checked by FsCheck over generated voucher files.</summary>
public class SieProperties
{
    /// <summary>One generated voucher: its month, and its rows (account, committee object or null, amount in öre) that sum to zero.</summary>
    private sealed record Voucher(int Month, int Day, (string Account, string? Object, long Ore)[] Rows);

    private static readonly string[] Accounts = ["1930", "3010", "4010", "5010"];
    private static readonly string?[] Objects = [null, "10", "20", "310"];

    private static readonly Gen<Voucher> Vouchers =
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 28)
        from rows in Gen.NonEmptyListOf(
            from account in Gen.Elements(Accounts)
            from obj in Gen.Elements(Objects)
            from ore in Gen.Choose(-1_000_000, 1_000_000)
            select (account, obj, (long)ore))
        select new Voucher(month, day, [.. rows.Take(5), ("2990", null, -rows.Take(5).Sum(r => r.Item3))]);

    private static string Render(IEnumerable<Voucher> vouchers)
    {
        var lines = new List<string> { "#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#FNAMN \"Generör\"", "#RAR 0 20240101 20241231" };
        var number = 0;
        foreach (var v in vouchers)
        {
            lines.Add($"#VER A {++number} 2024{v.Month:00}{v.Day:00} \"v\"");
            lines.Add("{");
            foreach (var (account, obj, ore) in v.Rows)
            {
                var objects = obj is null ? "{}" : $"{{1 \"{obj}\" 6 \"P\"}}";
                lines.Add($"#TRANS {account}\t{objects}  {(ore / 100m).ToString("0.00", CultureInfo.InvariantCulture)}");
            }

            lines.Add("}");
        }

        return Text([.. lines]);
    }

    private static Dictionary<(string, string, string?), decimal> Facts(string text)
    {
        var (file, errors) = Read(text);
        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        return file!.Ledger.ToDictionary(a => (a.Period.ToString(), a.Account, a.ObjectId), a => a.Amount);
    }

    [Fact]
    public void Any_split_of_a_voucher_file_into_per_month_files_gives_the_same_facts_as_the_whole_file()
    {
        Prop.ForAll(Gen.ListOf(Vouchers).Select(l => l.ToArray()).ToArbitrary(), vouchers =>
        {
            var whole = Facts(Render(vouchers));
            var parts = vouchers.GroupBy(v => v.Month).Select(g => Facts(Render(g))).ToList();
            var union = parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value); // throws if two months share a key
            var model = vouchers.SelectMany(v => v.Rows.Select(r => (Key: ($"2024-{v.Month:00}", r.Account, r.Object), Amount: r.Ore / 100m)))
                .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));

            return (Same(whole, union) && Same(whole, model))
                .Label($"whole {whole.Count} facts, parts {union.Count}, model {model.Count}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    private static bool Same(Dictionary<(string, string, string?), decimal> a, Dictionary<(string, string, string?), decimal> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}
