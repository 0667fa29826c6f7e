using System.Diagnostics;
using System.Runtime.InteropServices;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary>The <c>regfin</c> program end to end: its own process, its own or the shared Azurite.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Demo_runs_the_sample_year_and_prints_seed_003s_October_figures()
    {
        using var output = new TempDirectory();

        var run = await RegfinProcess.RunAsync(null, "demo", "--out", output.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        // Seed 003, "Månadsrapport per oktober 2025": 53 and +78 in October; finance net −61 and +138;
        // −8 after financial items; prior year −293 (MSEK, Swedish minus sign).
        Assert.Contains("Månadsrapport per oktober 2025 (2025-10)", run.Stdout);
        Assert.Matches(@"Verksamhetens resultat\s+53\s+78\s+−292", run.Stdout);
        Assert.Matches(@"Finansnetto\s+−61\s+138\s+−1", run.Stdout);
        Assert.Matches(@"Resultat efter finansiella poster\s+−8\s+216\s+−293", run.Stdout);

        var kpis = await File.ReadAllLinesAsync(Path.Combine(output.Path, "kpis.csv"));
        Assert.Contains(kpis, l => l.StartsWith("2025-10,OperatingResult,2025-10,2025-10-31,Result,OperatingResult,Verksamhetens resultat,SEK,53000000,78000000,-292000000,", StringComparison.Ordinal));
        Assert.Contains(kpis, l => l.StartsWith("2025-10,FinancialNet,2025-10,2025-10-31,Result,FinancialNet,Finansnetto,SEK,-61000000,138000000,-1000000,", StringComparison.Ordinal));
        Assert.Contains(kpis, l => l.StartsWith("2025-10,NetOperatingCost,2025-10,2025-10-31,Result,NetOperatingCost,Verksamhetens nettokostnader,SEK,-9190000000,-847000000,-9292000000,", StringComparison.Ordinal));
        // The result goal on the full-year forecast (−148 MSEK: −1,3 % of taxes and grants), the committees
        // with their forecasts (samples/README.md): HSN's after August carried, 512 MSEK over its budget;
        // RS's after October near its budget; RUN's computed, 11 MSEK under its budget.
        Assert.Matches(@"Verksamhetens resultat i andel av skatter och bidrag\s+0,6 %\s+−1,3 %\s+1,4 %\s+uppfylls inte enligt prognos", run.Stdout);
        Assert.Contains("Helårsprognos: verksamhetens resultat −148 MSEK, −554 mot årsbudgeten", run.Stdout.Replace('\u00A0', ' '));
        Assert.Matches(@"Hälso- och sjukvårdsnämnden\s+−5 932\s+−6 772\s+−7 284\s+−512\s+från 2025-08 \(ingen ny\)", run.Stdout.Replace('\u00A0', ' '));
        Assert.Matches(@"Regionstyrelsen\s+−2 916\s+−3 494\s+−3 538\s+−44\s+inlämnad efter 2025-10", run.Stdout.Replace('\u00A0', ' '));
        Assert.Matches(@"Regionala utvecklingsnämnden\s+−342\s+−428\s+−417\s+11\s+beräknad", run.Stdout);
        // Seed 001's pension split (avsättning 8 083, ansvarsförbindelse 4 854 MSEK): soliditet 13,8 %,
        // inklusive pensionsförpliktelser −15,4 % as in seed 001's annual report 2024.
        Assert.Matches(@"Soliditet\s+13,8 %", run.Stdout);
        Assert.Matches(@"Soliditet inklusive pensionsförpliktelser\s+−15,4 %", run.Stdout);
        // Seed 000's restoration: closing −239, −432, −859, −619, −311, 0.
        Assert.Matches(@"−239\s+−432\s+−859\s+−619\s+−311\s+0\s+utgående balans", run.Stdout);
        var (_, restoration) = CsvFiles.Parse(await File.ReadAllTextAsync(Path.Combine(output.Path, "balancereq.csv")));
        Assert.Equal(["-239000000", "-432000000", "-859000000", "-619000000", "-311000000", "0"], restoration.Select(r => r[8]));

        // Month sums to Value over the year: Σ Month(2024-01 … 2024-12) = Value(2024-12), for every report line.
        var (header, rows) = CsvFiles.Parse(await File.ReadAllTextAsync(Path.Combine(output.Path, "kpis.csv")));
        int Column(string name) => Array.IndexOf(header, name);
        var amounts = rows.Where(r => r[Column("Area")] == "Result" && r[Column("Unit")] == "SEK" && r[Column("KpiId")] != "UnmappedAmount").ToList();
        foreach (var line in amounts.Select(r => r[Column("KpiId")]).Distinct())
        {
            var months = amounts.Where(r => r[Column("KpiId")] == line && r[Column("Period")].StartsWith("2024-", StringComparison.Ordinal)).ToList();
            Assert.Equal(12, months.Count);
            var december = double.Parse(months.Single(r => r[Column("Period")] == "2024-12")[Column("Value")], System.Globalization.CultureInfo.InvariantCulture);
            var sum = months.Sum(r => double.Parse(r[Column("Month")], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(Math.Abs(december - sum) <= 12, $"{line}: Σ Month {sum} ≠ Value {december}"); // whole-krona rounding per month
        }

        var imports = await File.ReadAllLinesAsync(Path.Combine(output.Path, "imports.csv"));
        Assert.Equal(Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories).Count() + 1, imports.Length); // header + every sample file of every kind (SIE included)

        // Seed 003's finance report per October 2025: total +2.1 % against +2.2 %, equity +2.9 against
        // +3.5, fixed income +1.0 against +0.2; loans 2 570 MSEK at 3.02 % and 1.94 years; 204 MSEK
        // liquid funds; "Portföljen ligger inom samtliga limitar".
        Assert.Matches(@"Aktier\s+2,9 %\s+3,5 %\s+−0,6\s+4,6 %", run.Stdout); // active in procentenheter
        Assert.Matches(@"Räntebärande\s+1,0 %\s+0,2 %\s+0,8\s+4,1 %", run.Stdout);
        Assert.Matches(@"Totalt\s+2,1 %\s+2,2 %\s+−0,04\s", run.Stdout); // −0,04 procentenheter, not 0,0
        Assert.Matches(@"uppfylls inte enligt prognos\s+Finansiella mål: 0 av 4 uppfylls;", run.Stdout);
        Assert.DoesNotContain("Finansiella mål ligger inom samtliga limitar", run.Stdout);
        Assert.Matches(@"Totalt\s+2,1 %\s+2,2 %", run.Stdout);
        Assert.Contains("Totala lån 2 570 MSEK, genomsnittsränta 3,02 %, räntebindning 1,94 år, kapitalbindning 1,94 år", run.Stdout.Replace('\u00A0', ' '));
        Assert.Contains("Likvida medel 204 MSEK per 2025-10-31", run.Stdout.Replace('\u00A0', ' '));
        Assert.Contains("Pensionsportföljen ligger inom samtliga limitar", run.Stdout);
        var (checkHeader, checks) = CsvFiles.Parse(await File.ReadAllTextAsync(Path.Combine(output.Path, "limitchecks.csv")));
        string Status(string rule) => checks.Single(r => r[0] == "2025-10" && r[Array.IndexOf(checkHeader, "RuleId")] == rule)[Array.IndexOf(checkHeader, "Status")];
        Assert.Equal("Ok", Status("summary.pension"));
        Assert.Equal("Ok", Status("summary.debt"));
        Assert.Equal("Ok", Status("summary.liquidity"));
        Assert.Equal("Warning", Status("pension.return.requirement")); // a target: below it is a warning, never a breach
        // Alerts reach the demo's local receiver, each once: as many Teams cards as rows in the outbox.
        var (alertHeader, alertRows) = CsvFiles.Parse(await File.ReadAllTextAsync(Path.Combine(output.Path, "alerts.csv")));
        var received = await File.ReadAllLinesAsync(Path.Combine(output.Path, "alerts-received.jsonl"));
        Assert.NotEmpty(alertRows);
        Assert.Equal(alertRows.Count, received.Length);
        Assert.All(received, l => Assert.Contains("\"type\":\"AdaptiveCard\"", l));
        Assert.Equal(alertRows.Count, received.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["idempotencyKey"]!.GetValue<string>()).Distinct().Count());
        Assert.Contains($"Larm: {alertRows.Count} höjda; den lokala mottagaren tog emot {alertRows.Count}", run.Stdout);
        // Then the latest period's alerts, each message as the outbox holds it (cut at 160 characters).
        var alertPeriod = Array.IndexOf(alertHeader, "Period");
        var latestAlertPeriod = alertRows.Select(a => a[alertPeriod]).Max(StringComparer.Ordinal);
        var latestAlerts = alertRows.Where(a => a[alertPeriod] == latestAlertPeriod).Select(a => a[Array.IndexOf(alertHeader, "Message")]).ToList();
        Assert.NotEmpty(latestAlerts);
        Assert.All(latestAlerts, m => Assert.Contains("\n  " + (m.Length > 160 ? m[..160] + " …" : m) + "\n", run.Stdout.ReplaceLineEndings("\n")));
        var dimrule = await File.ReadAllLinesAsync(Path.Combine(output.Path, "dimrule.csv"));
        Assert.Contains(dimrule, l => l.StartsWith("all,pension.issuer.Stadshypotek,pension.issuer.Stadshypotek,Pension,Concentration,Emittenten Stadshypotek", StringComparison.Ordinal));
        Assert.All(imports.Skip(1), l => Assert.Contains(",Accepted,", l));
        // The sample policy's versions judge every period: 2024-12-01 October 2025, 2024-01-01 2024 (so no
        // figure or alert cites the built-in default of 2000-01-01).
        Assert.Contains(kpis, l => l.StartsWith("2025-10,OperatingResult,", StringComparison.Ordinal) && l.Contains(",2024-12-01,"));
        Assert.Contains(kpis, l => l.StartsWith("2024-10,OperatingResult,", StringComparison.Ordinal) && l.Contains(",2024-01-01,"));
        Assert.DoesNotContain(kpis, l => l.Contains(",2000-01-01,"));
        Assert.All(alertRows, a => Assert.DoesNotContain("2000-01-01", string.Join(",", a)));

        // The native program computes what the in-process pipeline computes: every table the demo
        // exported equals the committed exports of the sample year (GoldenExportTests), apart from
        // the run's own times; the delivery log is the demo's alone (its local receiver).
        var expected = Exports.Golden("demo", Core.Export.OutputTables.AlertDeliveries);
        var actual = Exports.OfDirectory(output.Path, Exports.RunDependent, Core.Export.OutputTables.AlertDeliveries)
            .ToDictionary(t => t.Key, t => Exports.WithoutUploadTimes(t.Value));
        Assert.Equal(Core.Export.OutputTables.All.Count - 1, expected.Count);
        Exports.Equal(expected, actual);
    }

    [Fact]
    public async Task Run_processes_a_folder_rejects_the_bad_file_keeps_the_good_ones_and_exits_1()
    {
        using var input = new TempDirectory();
        using var export = new TempDirectory();
        TestFiles.WriteInbox(input, "ledger/2025-01.csv", "Period;Committee;Account;Amount\n2025-01;RS;8010;-100\n2025-01;RS;4010;40\n");
        TestFiles.WriteInbox(input, "huvudbok/trasig.csv", "Period;Committee;Account;Amount\n2025-01;RS;4010;x\n");
        var environment = new Dictionary<string, string> { ["Storage__Prefix"] = TestStorage.NewPrefix() };

        var run = await RegfinProcess.RunAsync(environment, "run", "--input", input.Path, "--export", export.Path,
            "--storage", await TestStorage.ConnectionStringAsync());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("REJECTED  huvudbok/trasig.csv: 1 error(s); first: row 2, column Amount, value 'x'", run.Stderr);
        Assert.Contains("accepted  ledger/2025-01.csv: 2 rows", run.Stderr);
        var kpis = await File.ReadAllLinesAsync(Path.Combine(export.Path, "kpis.csv"));
        Assert.Contains(kpis, l => l.StartsWith("2025-01,OperatingResult,2025-01,2025-01-31,Result,OperatingResult,Verksamhetens resultat,SEK,60,60,,", StringComparison.Ordinal));

        var status = await RegfinProcess.RunAsync(environment, "status", "--storage", await TestStorage.ConnectionStringAsync());
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Rejected (1):", status.Stdout);
        Assert.Contains("huvudbok/trasig.csv: Errors: 1. - row 2, column Amount, value 'x'", status.Stdout);
        Assert.Contains("Dirty periods (0)", status.Stdout);
    }

    [Fact]
    public async Task Validate_reports_totals_per_scope_and_every_error_without_storage()
    {
        var ledger = Path.Combine(TestFiles.SampleInbox, "ledger", "2025-10.csv");
        var sie = Path.Combine(TestFiles.SampleInbox, "sie", "run-2025-10.se");
        var ok = await RegfinProcess.RunAsync(null, "validate", ledger, sie);
        Assert.Equal(0, ok.ExitCode);
        // October's own month: HSN and RS from the CSV ledger, RUN from its ledger system's SIE file
        // (8 vouchers of 2 #TRANS, 9 accounts with the bank 1930): 109.93 − 31.93 = OperatingResult 78 MSEK.
        Assert.Contains("OK        " + ledger + " (ledger): 45 rows, 1 scopes", ok.Stdout);
        Assert.Contains("  2025-10: 45 rows  ", ok.Stdout);
        Assert.Contains("OperatingResult 109930919", ok.Stdout);
        Assert.Contains("OK        " + sie + " (sie): 16 rows, 1 scopes", ok.Stdout);
        Assert.Contains("  2025-10: 9 rows  OperatingIncome 11007314  OperatingCosts -41047875  Depreciation -1890358  OperatingResult -31930919", ok.Stdout);
        Assert.DoesNotContain("Azurite", ok.Stderr);

        using var dir = new TempDirectory();
        TestFiles.WriteInbox(dir, "lan/bad.csv", "AsOf;LoanId;Lender;PrincipalSek;RateType;RatePercent;StartDate;MaturityDate\n2025-10-31;L1;KI;100;Rörlig;3;2024-01-01;2027-01-01\n");
        var bad = await RegfinProcess.RunAsync(null, "validate", "--json", Path.Combine(dir.Path, "lan", "bad.csv"), ledger);
        Assert.Equal(1, bad.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(bad.Stdout);
        var first = json.RootElement[0];
        Assert.Equal("loans", first.GetProperty("kind").GetString());
        Assert.False(first.GetProperty("accepted").GetBoolean());
        Assert.Equal(2, first.GetProperty("errors")[0].GetProperty("row").GetInt64());
        Assert.Equal("NextFixingDate", first.GetProperty("errors")[0].GetProperty("column").GetString());
        Assert.True(json.RootElement[1].GetProperty("accepted").GetBoolean());
        // The verdict's whole shape, as tools read it (docs/formats.md, "The verdicts as JSON").
        Assert.Equal(["file", "kind", "accepted", "rows", "scopes", "errorCount", "errors", "warnings"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["row", "column", "value", "reason"], first.GetProperty("errors")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("a floating-rate loan needs its next fixing date (Räntebindning)", first.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(1, first.GetProperty("errorCount").GetInt64());
        var scope = Assert.Single(json.RootElement[1].GetProperty("scopes").EnumerateArray());
        Assert.Equal(["scope", "rows", "totals"], scope.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2025-10", scope.GetProperty("scope").GetString());
        Assert.Equal(45, scope.GetProperty("rows").GetInt64());
        var operating = scope.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "OperatingResult");
        Assert.Equal(["key", "value"], operating.EnumerateObject().Select(p => p.Name));
        Assert.Equal(109_930_919m, operating.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Validate_reads_a_workbook_and_policies_in_the_native_program()
    {
        // What the native program reaches through reflection-minded libraries: a workbook (OpenXml) and
        // the policy's YAML (YamlDotNet's reflection over the policy document, kept from trimming).
        using var dir = new TempDirectory();
        var workbook = Path.Combine(dir.Path, "prognos", "2025-08-run.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(workbook)!);
        await File.WriteAllBytesAsync(workbook, Workbooks.Of(
        [
            ["Prognosmånad", "Nämnd", "Konto", "Belopp"],
            ["2025-08", "RUN", "5", 300_000_000m],
            ["2025-08", "RUN", "3", -120_000_000.5m],
        ]));
        var policy = Path.Combine(TestFiles.SampleInbox, "finanspolicy", "finanspolicy-2024-12-01.yaml");
        TestFiles.WriteInbox(dir, "finanspolicy/finanspolicy-2024-12-01.yaml",
            (await File.ReadAllTextAsync(policy)).Replace("\nname:", "\nnmae:", StringComparison.Ordinal));
        var misspelt = Path.Combine(dir.Path, "finanspolicy", "finanspolicy-2024-12-01.yaml");

        var run = await RegfinProcess.RunAsync(null, "validate", workbook, policy, misspelt);

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Contains("OK        " + workbook + " (forecast): 2 rows, 1 scopes", run.Stdout);
        Assert.Contains("OK        " + policy + " (policy): 1 rows, 1 scopes", run.Stdout);
        Assert.Contains("REJECTED  " + misspelt + " (policy): 1 error(s)", run.Stdout);
        Assert.Contains("  - row 4: the policy cannot be read: unknown field 'nmae' (see the policy's field names in docs/policy.md)", run.Stdout);
    }

    [Fact]
    public async Task Validate_reads_a_ledger_on_every_core_in_the_native_program_as_on_one_thread()
    {
        // Ingestion__ParallelFromBytes=1 sends even this small file down the read on every core (Sep's
        // ParallelEnumerate on the thread pool); a bad file is read again on one thread, which numbers
        // its rows as records (every thousandth Text holds a quoted line break).
        using var dir = new TempDirectory();
        string Ledger(int badRecord)
        {
            var text = new System.Text.StringBuilder("Period;Committee;Account;Amount;Text\n");
            for (var i = 0; i < 30_000; i++)
            {
                text.Append("2025-10;").Append(i % 2 == 0 ? "RS" : "HSN").Append(';').Append(4010 + i % 3).Append(';')
                    .Append(i == badRecord ? "x" : "1").Append(';').Append(i % 1000 == 0 ? "\"rad\nbrytning\"" : "text").Append('\n');
            }

            return text.ToString();
        }

        TestFiles.WriteInbox(dir, "ledger/good.csv", Ledger(badRecord: -1));
        TestFiles.WriteInbox(dir, "ledger/bad.csv", Ledger(badRecord: 25_000));
        var good = Path.Combine(dir.Path, "ledger", "good.csv");
        var bad = Path.Combine(dir.Path, "ledger", "bad.csv");
        var everyCore = new Dictionary<string, string> { ["Ingestion__ParallelFromBytes"] = "1" };

        var parallel = await RegfinProcess.RunAsync(everyCore, "validate", "--json", good, bad);
        var oneThread = await RegfinProcess.RunAsync(null, "validate", "--json", good, bad);

        Assert.True(parallel.ExitCode == 1, parallel.Stderr);
        Assert.Equal(oneThread.Stdout, parallel.Stdout);
        using var json = System.Text.Json.JsonDocument.Parse(parallel.Stdout);
        Assert.True(json.RootElement[0].GetProperty("accepted").GetBoolean());
        Assert.Equal(30_000, json.RootElement[0].GetProperty("rows").GetInt64());
        var scope = Assert.Single(json.RootElement[0].GetProperty("scopes").EnumerateArray()); // the month
        Assert.Equal("2025-10", scope.GetProperty("scope").GetString());
        Assert.Equal(30_000, scope.GetProperty("rows").GetInt64());
        var error = json.RootElement[1].GetProperty("errors")[0];
        Assert.Equal(1, json.RootElement[1].GetProperty("errorCount").GetInt64());
        Assert.Equal(25_002, error.GetProperty("row").GetInt64()); // record 25 000 after the header; line 25 027
        Assert.Equal("Amount", error.GetProperty("column").GetString());
    }

    [Fact]
    public async Task Help_succeeds_and_bad_usage_exits_2_with_a_message()
    {
        var help = await RegfinProcess.RunAsync(null, "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "demo", "run", "ingest", "validate", "compute", "export", "status" })
        {
            Assert.Contains(command, help.Stdout);
        }

        var bad = await RegfinProcess.RunAsync(null, "compute", "--period", "2025-13");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'2025-13' is not a period", bad.Stderr);
    }

    [Fact]
    public async Task Ctrl_C_stops_the_command_and_its_Azurite()
    {
        using var output = new TempDirectory();
        // Ctrl-C as a terminal gives it: SIGINT at its default disposition. A test run started in the
        // background of a shell without job control inherits SIGINT ignored, and .NET keeps an ignored
        // SIGINT ignored (as nohup wants), so the program is started through env(1) to reset it.
        var start = RegfinProcess.StartInfo(null, "demo", "--out", output.Path);
        start.ArgumentList.Insert(0, start.FileName);
        start.ArgumentList.Insert(0, "--default-signal=INT");
        start.FileName = "env";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(); // read, so a full pipe never blocks the program
        var stdout = process.StandardOutput.ReadToEndAsync();
        var azurite = await RegfinProcess.WaitForAzuriteAsync(process);

        Assert.Equal(0, Kill(process.Id, 2 /* SIGINT */));
        var signalled = Stopwatch.StartNew();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await RegfinProcess.WaitUntilGoneAsync(azurite, TimeSpan.FromSeconds(15));

        Assert.True(process.ExitCode != 0,
            $"exit {process.ExitCode} {signalled.Elapsed.TotalSeconds:0.0} s after SIGINT\nstderr:\n{await stderr}\nstdout:\n{(await stdout)[..Math.Min(2_000, (await stdout).Length)]}");
        Assert.False(RegfinProcess.IsAlive(azurite));
    }

    [Fact]
    public async Task Azurite_does_not_outlive_a_killed_regfin()
    {
        using var output = new TempDirectory();
        using var process = Process.Start(RegfinProcess.StartInfo(null, "demo", "--out", output.Path))!;
        var azurite = await RegfinProcess.WaitForAzuriteAsync(process);

        process.Kill(entireProcessTree: false); // SIGKILL to regfin alone: no chance to clean up
        await process.WaitForExitAsync();
        await RegfinProcess.WaitUntilGoneAsync(azurite, TimeSpan.FromSeconds(15));

        Assert.False(RegfinProcess.IsAlive(azurite));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
