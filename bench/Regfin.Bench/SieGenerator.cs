using System.Globalization;
using System.Text;

namespace Regfin.Bench;

/// <summary>
/// Writes the same transaction rows twice: as a SIE 4 file (vouchers of two <c>#TRANS</c> rows, a
/// cost or income row and its bank row 1930, the committee as the object of dimension 1) and as the
/// CSV ledger export of exactly those rows, so <c>regfin validate</c> reads the same facts from both
/// (docs/performance.md, "SIE against CSV"). CP437 with å ä ö in the texts, as ledger systems write.
/// Deterministic for a seed; streams.
/// </summary>
public static class SieGenerator
{
    private static readonly string[] Committees = ["RS", "HSN", "RUN", "KN", "PN", "FN", "RF", "TN", "VN", "IN", "MN", "SN"];

    /// <summary>Writes <paramref name="rows"/> <c>#TRANS</c> rows (rows / 2 vouchers) to <paramref name="sie"/> and the same rows to <paramref name="csv"/>.</summary>
    public static void Write(Stream sie, Stream csv, long rows, int seed = 20251031)
    {
        var random = new Random(seed);
        var accounts = Enumerable.Range(0, 300).Select(i => (3000 + i * 19).ToString(CultureInfo.InvariantCulture)).ToArray();
        using var s = new StreamWriter(sie, Encoding.GetEncoding(437), 1 << 16);
        using var c = new StreamWriter(csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        s.NewLine = "\r\n";
        s.WriteLine("#FLAGGA 0");
        s.WriteLine("#PROGRAM \"regfin bench\" 1.0");
        s.WriteLine("#FORMAT PC8");
        s.WriteLine("#SIETYP 4");
        s.WriteLine("#FNAMN \"Region Exempel, huvudbok för benchmark\"");
        s.WriteLine("#RAR 0 20250101 20251231");
        s.WriteLine("#DIM 1 \"Ansvar\"");
        c.Write("Period;Committee;Account;Amount;Date;Text\n");
        for (long v = 0; v < rows / 2; v++)
        {
            var month = random.Next(1, 13);
            var day = random.Next(1, 29);
            var committee = Committees[random.Next(Committees.Length)];
            var account = accounts[random.Next(accounts.Length)];
            var cents = random.NextInt64(-250_000_000, 250_000_000);
            var date = string.Create(CultureInfo.InvariantCulture, $"2025{month:00}{day:00}");
            var iso = string.Create(CultureInfo.InvariantCulture, $"2025-{month:00}-{day:00}");
            var amount = Amount(cents, '.');
            var bank = Amount(-cents, '.');
            s.Write("#VER A ");
            s.Write(v + 1);
            s.Write(' ');
            s.Write(date);
            s.WriteLine(" \"Leverantörsfaktura\"");
            s.WriteLine("{");
            s.WriteLine($"#TRANS {account} {{1 \"{committee}\"}} {amount}");
            s.WriteLine($"#TRANS 1930 {{1 \"{committee}\"}} {bank}");
            s.WriteLine("}");
            c.Write($"2025-{month:00};{committee};{account};{Amount(cents, ',')};{iso};Leverantörsfaktura {v + 1}\n");
            c.Write($"2025-{month:00};{committee};1930;{Amount(-cents, ',')};{iso};Leverantörsfaktura {v + 1}\n");
        }
    }

    private static string Amount(long cents, char separator) =>
        string.Create(CultureInfo.InvariantCulture, $"{(cents < 0 ? "-" : "")}{Math.Abs(cents) / 100}{separator}{Math.Abs(cents) % 100:00}");
}
