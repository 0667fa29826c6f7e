using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>Properties of ingestion, checked by FsCheck over generated cases.</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class IngestionProperties
{
    // Ledger files with overlapping scopes (2025-01 RS twice, 2025-01 HSN, 2025-02 RS), a balance sheet,
    // one policy, forecasts whose scopes overlap (2025-01 RS twice, the later file wins), and two
    // investments files whose 2025-01 scopes overlap (g replaces f's January; f's February stands, with an overrun).
    private static readonly (string Name, string Content)[] Files =
    [
        ("ledger/a.csv", "Period;Committee;Account;Amount\n2025-01;RS;8010;-100\n2025-01;HSN;4010;40\n"),
        ("ledger/b.csv", "Period;Committee;Account;Amount\n2025-01;RS;8010;-130\n2025-01;RS;9910;5\n"),
        ("ledger/c.csv", "Period;Committee;Account;Amount\n2025-02;RS;8010;-90\n2025-02;RS;4010;10\n"),
        ("balans/d.csv", "Period;Post;Belopp\n2025-01;Eget kapital;500\n2025-01;Summa tillgångar;4000\n"),
        ("finanspolicy/e.yaml", "validFrom: 2025-01-01\nname: E\naccounts:\n  OperatingCosts: [\"40-77\", \"99\"]\n"),
        ("prognos/f.csv", "Prognosmånad;Nämnd;Konto;Prognos;Kommentar\n2025-01;RS;80;-1200;Efter januari\n2025-01;RS;4;100;\n"),
        ("prognos/g.csv", "Prognosmånad;Nämnd;Konto;Prognos\n2025-01;RS;80;-1250\n2025-02;HSN;4;500\n"),
        ("investeringar/f.csv", Investments + "2025-01;P1;A;RS;IT;100;10;120;300;330\n2025-01;P2;B;HSN;MT;50;5;50;;\n2025-02;P1;A;RS;IT;100;30;125;300;340\n"),
        ("investeringar/g.csv", Investments + "2025-01;P1;A;RS;IT;100;12;110;300;300\n"),
    ];

    private const string Investments = "Period;Projekt;Projektnamn;Nämnd;Kategori;Årsbudget;Utfall;Prognos;Beslutad totalutgift;Prognos totalutgift\n";

    /// <summary>
    /// The files that replace others (the later upload wins), uploaded in a later second than the rest:
    /// upload times have one-second resolution, and within one second the content hash orders the
    /// imports, which would make the winner depend on whether two uploads straddled a second.
    /// </summary>
    private static readonly HashSet<string> UploadedLater = ["prognos/g.csv", "investeringar/g.csv"];

    /// <summary>Uploads every file once (upload times fix the winners), ingests in <paramref name="order"/>, computes, exports.</summary>
    private static async Task<Dictionary<string, string>> ExportAfterAsync(IReadOnlyList<int> order)
    {
        await using var session = await TestStorage.OpenAsync();
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        foreach (var (name, content) in Files.Where(f => !UploadedLater.Contains(f.Name)))
        {
            await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromString(content));
        }

        await Task.Delay(TimeSpan.FromMilliseconds(1050 - DateTime.UtcNow.Millisecond)); // into the next second (Azurite's clock is this machine's)
        foreach (var (name, content) in Files.Where(f => UploadedLater.Contains(f.Name)))
        {
            await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromString(content));
        }

        var handler = session.Get<IngestHandler>();
        foreach (var i in order)
        {
            await handler.IngestAsync(Files[i].Name, CancellationToken.None);
            if (i % 2 == 0)
            {
                await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None); // compute between some files, as the timer would
            }
        }

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        using var dir = new TempDirectory();
        await session.Get<CsvExporter>().ExportAsync(dir.Path, null, CancellationToken.None);
        // Alerts are the history of evaluations (computing between files sees intermediate statuses), not state.
        return OutputTables.All.Where(t => t != OutputTables.Alerts && t != OutputTables.AlertDeliveries).ToDictionary(t => t.Name, t => Comparable(t.Name, File.ReadAllText(Path.Combine(dir.Path, t.Name + ".csv"))));
    }

    /// <summary>
    /// An export without what depends on when the files were uploaded (import ids, times): the
    /// ComputedAt, Sources, ReceivedAt, ProcessedAt columns and the import ids in keys.
    /// </summary>
    private static string Comparable(string table, string csv) => table == "imports"
        ? string.Join('\n', CsvFiles.Without(csv, "RowKey", "ReceivedAt", "ProcessedAt").Split('\n').Order(StringComparer.Ordinal))
        : CsvFiles.Without(csv, "ComputedAt", "Sources");

    [Fact]
    public async Task Any_order_and_any_repetition_of_a_set_of_files_gives_identical_exports()
    {
        var all = Enumerable.Range(0, Files.Length).ToArray();
        var baseline = await ExportAfterAsync(all);
        Assert.Contains("P1", baseline[Tables.Investments], StringComparison.Ordinal); // the investments files are in the comparison
        var orders = Gen.Shuffle(all)
            .SelectMany(shuffled => Gen.ListOf(Gen.Choose(0, Files.Length - 1)).Select(repeats => shuffled.Concat(repeats.Take(4)).ToArray()));

        Prop.ForAll(orders.ToArbitrary(), order =>
        {
            var export = ExportAfterAsync(order).GetAwaiter().GetResult();
            foreach (var (table, content) in baseline)
            {
                if (export[table] != content)
                {
                    return false.Label($"{table} differs after order {string.Join(',', order)}:\n{export[table]}\n---\n{content}");
                }
            }

            return true.ToProperty();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }

    [Fact]
    public void A_file_with_one_bad_row_anywhere_imports_nothing()
    {
        var cases = from rows in Gen.Choose(1, 60)
                    from bad in Gen.Choose(0, rows - 1)
                    from value in Gen.Elements("NaN", "12,3,4", "1e9", "", "x", "Infinity", "−−1")
                    select (rows, bad, value);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var text = new StringBuilder("Period;Committee;Account;Amount\n");
            for (var i = 0; i < c.rows; i++)
            {
                text.Append("2025-0").Append(1 + i % 9).Append(";RS;4010;").Append(i == c.bad ? c.value : (i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }

            using var raw = RawFile.CaptureAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), 1L << 30, CancellationToken.None).GetAwaiter().GetResult();
            var errors = new ValidationErrors();
            var parsed = FileParser.Parse(InputKind.Ledger, ".csv", raw!, new IngestionLimits(), errors);
            return (parsed is null && errors.Count == 1 && errors.Listed[0].Row == c.bad + 2 && errors.Listed[0].Column == "Amount")
                .Label($"rows {c.rows}, bad row {c.bad + 2}, value '{c.value}': {string.Join("; ", errors.Listed)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
