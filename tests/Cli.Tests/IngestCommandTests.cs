using System.Security.Cryptography;
using System.Text;
using Regfin.Cli.Commands;
using Regfin.Core.Ingestion;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary><c>regfin ingest FILE…</c>: local files captured ahead, archived straight, processed in name order.</summary>
public sealed class IngestCommandTests
{
    private const string Good = "Period;Committee;Account;Amount\n2025-01;RS;8010;-100\n2025-01;RS;4010;40\n";

    /// <summary>Writes <paramref name="name"/> under <paramref name="dir"/> (kind folder and file) and returns its path.</summary>
    private static string Write(TempDirectory dir, string name, string content) => Path.Combine(TestFiles.WriteInbox(dir, name, content), name);

    [Fact]
    public async Task Ingest_accepts_the_good_file_rejects_the_bad_one_exits_1_and_leaves_the_inbox_empty()
    {
        using var input = new TempDirectory();
        var good = Write(input, "ledger/2025-01.csv", Good);
        var bad = Write(input, "huvudbok/trasig.csv", "Period;Committee;Account;Amount\n2025-01;RS;4010;x\n");
        var environment = new Dictionary<string, string> { ["Storage__Prefix"] = TestStorage.NewPrefix() };
        var storage = await TestStorage.ConnectionStringAsync();

        var run = await RegfinProcess.RunAsync(environment, "ingest", good, bad, "--storage", storage);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("REJECTED  huvudbok/trasig.csv: 1 error(s); first: row 2, column Amount, value 'x'", run.Stderr);
        Assert.Contains("accepted  ledger/2025-01.csv: 2 rows", run.Stderr);
        Assert.True(run.Stderr.IndexOf("huvudbok/trasig.csv", StringComparison.Ordinal) < run.Stderr.IndexOf("ledger/2025-01.csv", StringComparison.Ordinal),
            "files are processed in name order");

        var status = await RegfinProcess.RunAsync(environment, "status", "--storage", storage);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Rejected (1):", status.Stdout);
        Assert.Contains("huvudbok/trasig.csv: Errors: 1. - row 2, column Amount, value 'x'", status.Stdout);
        Assert.Contains("Dirty periods (24)", status.Stdout); // every month of 2025 and of 2026 (year-to-date and prior-year figures)

        // Nothing computed yet: `report` without a period has no period to write.
        using var reports = new TempDirectory();
        var early = await RegfinProcess.RunAsync(environment, "report", "--out", reports.Path, "--storage", storage);
        Assert.Equal(ExitCodes.Failure, early.ExitCode);
        Assert.Contains("regfin: nothing has been computed yet; run compute first", early.Stderr);

        // The accepted month computes from what was archived: revenue 100 (the credit −100 on 8010) less costs 40 (4010).
        var compute = await RegfinProcess.RunAsync(environment, "compute", "--storage", storage);
        Assert.Equal(0, compute.ExitCode);
        // Of the 24 dirty months only January has data, so it is the latest computed: the report's default.
        var report = await RegfinProcess.RunAsync(environment, "report", "--out", reports.Path, "--storage", storage);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Equal([Path.Combine(reports.Path, "2025-01")], Directory.GetDirectories(reports.Path));
        Assert.Contains("<title>Månadsrapport per januari 2025</title>", await File.ReadAllTextAsync(Path.Combine(reports.Path, "2025-01", "manadsrapport.html")));
        using var export = new TempDirectory();
        Assert.Equal(0, (await RegfinProcess.RunAsync(environment, "export", "--out", export.Path, "--period", "2025-01", "--storage", storage)).ExitCode);
        var kpis = await File.ReadAllLinesAsync(Path.Combine(export.Path, "kpis.csv"));
        Assert.Contains(kpis, l => l.StartsWith("2025-01,OperatingResult,2025-01,2025-01-31,Result,OperatingResult,Verksamhetens resultat,SEK,60,60,,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_not_copied_and_ends_in_rejected_with_the_reason()
    {
        using var input = new TempDirectory();
        var big = Write(input, "ledger/stor.csv", Good); // 72 bytes
        var environment = new Dictionary<string, string> { ["Storage__Prefix"] = TestStorage.NewPrefix(), ["Ingestion__MaxFileBytes"] = "64" };

        var run = await RegfinProcess.RunAsync(environment, "ingest", big, "--storage", await TestStorage.ConnectionStringAsync());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("REJECTED  ledger/stor.csv: 1 error(s); first: the file is larger than the limit", run.Stderr);
    }

    [Fact]
    public async Task Captures_come_in_name_order_hashed_with_their_parse_and_none_for_a_file_over_the_limit()
    {
        using var input = new TempDirectory();
        var files = new[]
        {
            ("ledger/b.csv", Write(input, "ledger/b.csv", Good)),
            ("ledger/a.csv", Write(input, "ledger/a.csv", Good + "2025-01;HSN;3010;-7\n")),
            ("okand/c.csv", Write(input, "okand/c.csv", Good)),
        };
        var limits = new IngestionLimits { MaxFileBytes = Encoding.UTF8.GetByteCount(Good) };

        await using var captures = new LocalCaptures(files, limits, CancellationToken.None);

        Assert.Equal(["ledger/a.csv", "ledger/b.csv", "okand/c.csv"], captures.Files.Select(f => f.BlobName));
        await using (var a = await captures.TakeAsync(0))
        {
            Assert.Null(a.Raw); // one line too many for the limit: not copied, nothing to parse
            Assert.Null(a.Parse);
        }

        await using (var b = await captures.TakeAsync(1))
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Good))), b.Raw!.Sha256);
            Assert.Equal(Good.Length, b.Raw.SizeBytes);
            Assert.NotNull(b.Parse);
            await b.Parse.FinishedAsync();
        }

        // The third was started ahead and is never taken: disposing the captures waits for it and deletes its copy.
    }
}
