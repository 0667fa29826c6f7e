using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Pipeline;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Bench;

/// <summary>
/// <c>compute-cpu POLICY</c>: the CPU part of computing one period of the large region in process, without
/// storage — the monthly report over its 24 ledger and 12 budget months (12 committees × 2 000
/// accounts), the mapping of its result to rows, and the row hashes — cold (first call) and warm.
/// </summary>
public static class ComputeBench
{
    public static Command Command()
    {
        var policyArgument = new Argument<string>("policy") { Description = "A finanspolicy YAML file" };
        var command = new Command("compute-cpu", "Time the CPU steps of one period's compute of the large region (no storage)") { policyArgument };
        command.SetAction(parse => Run(parse.GetValue(policyArgument)!));
        return command;
    }

    private static void Run(string policyFile)
    {
        var errors = new ValidationErrors();
        var policy = PolicyParser.Parse(File.ReadAllText(policyFile), errors) ?? throw new InvalidOperationException(string.Join("; ", errors.Listed));
        var import = ImportId.Create(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), new string('a', 64));
        var random = new Random(20251031);
        var committees = Enumerable.Range(0, 12).Select(i => i == 0 ? "RS" : $"N{i:00}").ToArray();
        var accounts = Enumerable.Range(0, 1992).Select(i => (3000 + i * 2).ToString(CultureInfo.InvariantCulture))
            .Concat(["7810", "7820", "8010", "8020", "8210", "8220", "8410", "8510"]).Distinct().ToArray();
        Dictionary<Period, IReadOnlyList<StagedAmount>> Months(int fromYear, int toYear) =>
            Enumerable.Range(0, (toYear - fromYear + 1) * 12).Select(i => new Period(fromYear, 1).AddMonths(i))
                .ToDictionary(p => p, p => (IReadOnlyList<StagedAmount>)committees.SelectMany(c => accounts.Select(a =>
                    new StagedAmount(new AccountKey(p, c, a), Math.Round((decimal)(random.NextDouble() * 400_000 - 100_000), 2), import))).ToList());
        var ledger = Months(2024, 2025);
        var budget = Months(2025, 2025);
        var period = new Period(2025, 12);

        for (var round = 0; round < 6; round++)
        {
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            double Cpu() { process.Refresh(); return (process.TotalProcessorTime - cpu0).TotalMilliseconds; }
            var clock = Stopwatch.StartNew();
            var inputs = new PeriodInputs(period, policy, ledger, budget, null, null, null, []);
            var monthly = MonthlyReport.Compute(inputs);
            var report = clock.Elapsed.TotalMilliseconds;
            var reportCpu = Cpu();
            var result = new ComputeResult(period, true, monthly.Kpis, monthly.Committees, monthly.Months, [import.Value], null,
                ledger[period], budget[period], policy);
            var rows = PeriodRows.Of(result).Select(r => (r.Table, r.Row)).Concat(PeriodRows.Facts(result).SelectMany(f => f.Rows().Select(r => (f.Table, r.Row)))).ToList();
            var mapped = clock.Elapsed.TotalMilliseconds;
            var mappedCpu = Cpu();
            var hashes = rows.Select(r => RowHash.Of(r.Row)).Distinct().Count();
            var hashed = clock.Elapsed.TotalMilliseconds;
            var hashedCpu = Cpu();
            Console.WriteLine($"{(round == 0 ? "cold" : "warm")}: monthly report {report:F0} ms ({reportCpu:F0} ms CPU), rows {mapped - report:F0} ms ({mappedCpu - reportCpu:F0} ms CPU, {rows.Count}), " +
                $"hashes {hashed - mapped:F0} ms ({hashedCpu - mappedCpu:F0} ms CPU, {hashes} distinct)");
        }
    }
}
