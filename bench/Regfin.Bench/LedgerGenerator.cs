using System.Globalization;
using System.Text;

namespace Regfin.Bench;

/// <summary>
/// Writes a realistic transaction-level ledger export (huvudbok) of any size: the columns of the
/// ledger format including Date and Text, semicolons, decimal comma, a UTF-8 BOM, a year of periods,
/// a dozen committees and a few hundred accounts. Deterministic for a seed; streams, so a 10-million
/// row file needs no memory to speak of.
/// </summary>
public static class LedgerGenerator
{
    private static readonly string[] Committees = ["RS", "HSN", "RUN", "KN", "PN", "FN", "RF", "TN", "VN", "IN", "MN", "SN"];

    /// <summary>The column shapes formats.md allows for a ledger, as the benchmark compares them.</summary>
    public static IReadOnlyList<string> Shapes { get; } = ["full", "required", "costcenter", "datetext", "quoted"];

    /// <summary>
    /// Writes <paramref name="rows"/> data rows to <paramref name="output"/> in a column shape: <c>full</c>
    /// (every column), <c>required</c> (Period, Committee, Account, Amount), <c>costcenter</c> (and
    /// CostCenter), <c>datetext</c> (and Date and Text), <c>quoted</c> (and a quoted Text holding the
    /// separator and a doubled quote, as spreadsheets write).
    /// </summary>
    public static void Write(Stream output, long rows, int seed = 20251031, string shape = "full")
    {
        if (!Shapes.Contains(shape))
        {
            throw new ArgumentException($"unknown shape '{shape}': use {string.Join(", ", Shapes)}", nameof(shape));
        }

        var random = new Random(seed);
        var accounts = Enumerable.Range(0, 300).Select(i => (3000 + i * 19).ToString(CultureInfo.InvariantCulture)).ToArray();
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        writer.Write(shape switch
        {
            "required" => "Period;Committee;Account;Amount\n",
            "costcenter" => "Period;Committee;Account;Amount;CostCenter\n",
            "datetext" or "quoted" => "Period;Committee;Account;Amount;Date;Text\n",
            _ => "Period;Committee;Account;Amount;CostCenter;Activity;Project;Counterparty;Date;Text\n",
        });
        Span<char> amount = stackalloc char[32];
        for (long i = 0; i < rows; i++)
        {
            var month = random.Next(1, 13);
            var day = random.Next(1, 29);
            var cents = random.NextInt64(-250_000_000, 250_000_000);
            writer.Write("2025-");
            writer.Write(month.ToString("00", CultureInfo.InvariantCulture));
            writer.Write(';');
            writer.Write(Committees[random.Next(Committees.Length)]);
            writer.Write(';');
            writer.Write(accounts[random.Next(accounts.Length)]);
            writer.Write(';');
            FormatAmount(cents, amount, out var length);
            writer.Write(amount[..length]);
            if (shape is "costcenter" or "full")
            {
                writer.Write(';');
                writer.Write(random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            }

            if (shape == "full")
            {
                writer.Write(";V");
                writer.Write(random.Next(100, 999).ToString(CultureInfo.InvariantCulture));
                writer.Write(";P");
                writer.Write(random.Next(1, 99).ToString(CultureInfo.InvariantCulture));
                writer.Write(";");
                writer.Write(random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture));
            }

            if (shape is "datetext" or "quoted" or "full")
            {
                writer.Write(";2025-");
                writer.Write(month.ToString("00", CultureInfo.InvariantCulture));
                writer.Write('-');
                writer.Write(day.ToString("00", CultureInfo.InvariantCulture));
                writer.Write(shape == "quoted" ? ";\"Leverantörsfaktura; \"\"AB Exempel\"\" nr " : ";Leverantörsfaktura ");
                writer.Write(i.ToString(CultureInfo.InvariantCulture));
                if (shape == "quoted")
                {
                    writer.Write('"');
                }
            }

            writer.Write('\n');
        }
    }

    /// <summary>Swedish export style: decimal comma, no grouping (e.g. -12345,67).</summary>
    private static void FormatAmount(long cents, Span<char> buffer, out int length)
    {
        var whole = Math.Abs(cents) / 100;
        var fraction = Math.Abs(cents) % 100;
        var position = 0;
        if (cents < 0)
        {
            buffer[position++] = '-';
        }

        whole.TryFormat(buffer[position..], out var written, default, CultureInfo.InvariantCulture);
        position += written;
        buffer[position++] = ',';
        buffer[position++] = (char)('0' + fraction / 10);
        buffer[position++] = (char)('0' + fraction % 10);
        length = position;
    }
}
