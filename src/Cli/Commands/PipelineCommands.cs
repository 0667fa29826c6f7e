using System.CommandLine;
using Regfin.Cli.LocalStorage;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Cli.Commands;

/// <summary>The commands of cli.md that move data through the pipeline.</summary>
public static class PipelineCommands
{
    /// <summary><c>demo [--out DIR]</c>: the full monthly cycle on the bundled sample data.</summary>
    public static Command Demo()
    {
        var outDir = new Option<string>("--out") { Description = "Where the exports go", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var command = new Command("demo", "Run a full monthly cycle on the bundled sample data and print the month's summary") { outDir };
        command.SetAction(async (parse, ct) =>
        {
            // A local receiver stands in for the treasury's Teams webhook, so the alerts can be seen arriving.
            var received = Path.Combine(parse.GetValue(outDir)!, "alerts-received.jsonl");
            await using var sink = AlertSink.Start(received);
            return await CommonOptions.WithSessionAsync(parse, async session =>
            {
                var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("The sample data ships with the repository; run ./regfin from a checkout.");
                var samples = Path.Combine(root, "samples", "inbox");
                var code = await RunAsync(session, samples, null, parse.GetValue(outDir)!, summarise: true, ct,
                    Path.Combine(parse.GetValue(outDir)!, "reports")).ConfigureAwait(false);
                await MonthSummary.WriteAlertsAsync(session, sink.Received, received, Console.Out, ct).ConfigureAwait(false);
                return code;
            }, ct, new Dictionary<string, string?> { ["AlertWebhookUrl"] = sink.Url }).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>run --input DIR [--period P] [--export DIR]</c>: one-shot processing of a folder.</summary>
    public static Command Run()
    {
        var input = new Option<DirectoryInfo>("--input") { Description = "Folder of files laid out as the inbox: ledger/x.csv …", Required = true };
        input.AcceptExistingOnly();
        var period = CommonOptions.PeriodOption("Compute only this period (default: every period with data)");
        var export = new Option<string?>("--export") { Description = "Write the tables as CSV into this folder" };
        var report = new Option<string?>("--report") { Description = "Write the HTML reports of the latest period into this folder" };
        var command = new Command("run", "Upload every file under a folder to the inbox, process, compute and export") { input, period, export, report };
        command.SetAction((parse, ct) => CommonOptions.WithSessionAsync(parse, session =>
            RunAsync(session, parse.GetValue(input)!.FullName, parse.GetValue(period), parse.GetValue(export), summarise: true, ct, parse.GetValue(report)), ct));
        return command;
    }

    private static async Task<int> RunAsync(StorageSession session, string input, Period? period, string? export, bool summarise, CancellationToken ct,
        string? reportDirectory = null)
    {
        var pipeline = new LocalPipeline(session);
        await pipeline.UploadAsync(LocalPipeline.FilesUnder(input), ct).ConfigureAwait(false);
        var ingested = await pipeline.IngestInboxAsync(ct).ConfigureAwait(false);
        var computed = await pipeline.ComputeAsync(period, ct).ConfigureAwait(false);
        if (export is not null)
        {
            await pipeline.ExportAsync(export, period, ct).ConfigureAwait(false);
        }

        if (reportDirectory is not null && computed.Count > 0)
        {
            foreach (var file in await session.Get<Core.Reports.ReportWriter>().WriteAsync(computed.Max(c => c.Period), reportDirectory, ct).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"report    {file}").ConfigureAwait(false);
            }
        }

        if (summarise && computed.Count > 0)
        {
            if (computed.Where(c => c.HasLedger).MaxBy(c => c.Period) is { } month)
            {
                MonthSummary.Write(month, Console.Out);
            }

            if (computed.Where(c => c.Finance is not null).MaxBy(c => c.Period) is { } finance)
            {
                MonthSummary.WriteFinance(finance, Console.Out);
            }

            var evaluator = session.Get<PeriodEvaluator>();
            var data = await evaluator.LoadAsync(computed.Select(c => c.Period).ToList(), ct).ConfigureAwait(false);
            MonthSummary.WriteRestoration(await evaluator.RestorationAsync(data, computed, ct).ConfigureAwait(false), Console.Out);
        }

        // Exit 1 (cli.md) when a file was rejected or the latest computed period breaches a limit.
        var breached = computed.Where(c => c.Finance is not null).MaxBy(c => c.Period)?.Finance!.Checks
            .Any(c => c.Status == Core.Compliance.LimitStatus.Breach) == true;
        return ingested.Any(r => r.Status == ImportStatus.Rejected) || breached ? ExitCodes.Attention : ExitCodes.Success;
    }

    /// <summary><c>ingest FILE… [--kind K]</c>: upload and process files.</summary>
    public static Command Ingest()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Files to ingest", Arity = ArgumentArity.OneOrMore };
        files.AcceptExistingOnly();
        var kind = new Option<string?>("--kind") { Description = "The kind (default: the file's parent folder name)" };
        var command = new Command("ingest", "Upload local files into the archive and process them as an inbox upload would") { files, kind };
        command.SetAction(async (parse, ct) =>
        {
            var named = parse.GetValue(files)!.Select(f => ($"{parse.GetValue(kind) ?? f.Directory?.Name ?? "unknown"}/{f.Name}", f.FullName)).ToList();

            // Copying and parsing a local file need no storage: the first file's are under way while the session opens.
            await using var captures = new LocalCaptures(named, ValidateCommand.Limits(), ct);
            return await CommonOptions.WithSessionAsync(parse, async session =>
            {
                WarnIfEphemeral(session);
                var results = await new LocalPipeline(session).IngestFilesAsync(captures, ct).ConfigureAwait(false);
                return results.Any(r => r.Status == ImportStatus.Rejected) ? ExitCodes.Attention : ExitCodes.Success;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>compute [--period P]</c>: recompute dirty periods or one period.</summary>
    public static Command Compute()
    {
        var period = CommonOptions.PeriodOption("Compute this period (default: every dirty period)");
        var command = new Command("compute", "Recompute the dirty periods, or the given one") { period };
        command.SetAction((parse, ct) => CommonOptions.WithSessionAsync(parse, async session =>
        {
            WarnIfEphemeral(session);
            await new LocalPipeline(session).ComputeAsync(parse.GetValue(period), ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary><c>export --out DIR [--period P]</c>: the tables as CSV.</summary>
    public static Command Export()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for the CSV files", Required = true };
        var period = CommonOptions.PeriodOption("Only this period's partitions of period tables");
        var command = new Command("export", "Write the tables as CSV (tables.md)") { outDir, period };
        command.SetAction((parse, ct) => CommonOptions.WithSessionAsync(parse, async session =>
        {
            WarnIfEphemeral(session);
            await new LocalPipeline(session).ExportAsync(parse.GetValue(outDir)!, parse.GetValue(period), ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary><c>report --out DIR [--period P]</c>: the HTML reports of a computed period.</summary>
    public static Command Report()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for the reports ({period}/manadsrapport.html, finansrapport.html)", Required = true };
        var period = CommonOptions.PeriodOption("The period (default: the latest computed period)");
        var command = new Command("report", "Write the månadsrapport and finansrapport of a computed period as HTML") { outDir, period };
        command.SetAction((parse, ct) => CommonOptions.WithSessionAsync(parse, async session =>
        {
            WarnIfEphemeral(session);
            var p = parse.GetValue(period) ?? await session.Get<RunLog>().LatestPeriodAsync(ct).ConfigureAwait(false);
            if (p is null)
            {
                await Console.Error.WriteLineAsync("regfin: nothing has been computed yet; run compute first").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            foreach (var file in await session.Get<Core.Reports.ReportWriter>().WriteAsync(p.Value, parse.GetValue(outDir)!, ct).ConfigureAwait(false))
            {
                await Console.Out.WriteLineAsync(file).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary><c>replay [--from DATE]</c>: rebuild the tables from the archive alone.</summary>
    public static Command Replay()
    {
        var from = new Option<DateOnly?>("--from") { Description = "Only uploads received on or after this date (YYYY-MM-DD), over the current tables" };
        var command = new Command("replay", "Re-ingest archived files with their original names and upload times, and recompute") { from };
        command.SetAction((parse, ct) => CommonOptions.WithSessionAsync(parse, async session =>
        {
            WarnIfEphemeral(session);
            var result = await session.Get<Core.Runtime.ReplayHandler>().ReplayAsync(parse.GetValue(from), ct).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"replayed  {result.Uploads} uploads; computed {result.Periods} periods").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary><c>serve</c>: the long-running local host (inbox watcher and timer schedules) until Ctrl-C.</summary>
    public static Command Serve()
    {
        var poll = new Option<double>("--poll-seconds") { Description = "How often the inbox is listed", DefaultValueFactory = _ => 2 };
        var command = new Command("serve", "Run the local host: inbox watcher (blob-trigger semantics) and the timer schedules, until Ctrl-C") { poll };
        command.SetAction((parse, ct) => CommonOptions.WithSessionAsync(parse, async session =>
        {
            var storage = session.Get<StorageAccount>();
            await Console.Error.WriteLineAsync($"regfin serve: watching {storage.Container(Containers.Inbox).Uri} (Ctrl-C to stop)").ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"  tables (Power BI's AzuriteTableEndpoint): {storage.TableService.Uri}").ConfigureAwait(false);
            if (session.IsEphemeral)
            {
                await Console.Error.WriteLineAsync("  Note: an in-memory Azurite; the data ends with this command. Give --storage to keep it.").ConfigureAwait(false);
            }

            var host = new LocalHost(session, session.Get<TimeProvider>(), session.Get<Microsoft.Extensions.Logging.ILogger<LocalHost>>())
            {
                PollInterval = TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(poll))),
                OnInbox = (name, outcome) => Console.Error.WriteLine($"inbox     {name}: {outcome}"),
                OnJob = (job, occurrence) => Console.Error.WriteLine($"job       {job} for {occurrence:yyyy-MM-dd HH:mm:ss}Z"),
            };
            await host.RunAsync(ct).ConfigureAwait(false);
            await Console.Error.WriteLineAsync("regfin serve: stopped").ConfigureAwait(false);
            return ExitCodes.Success;
        }, CancellationToken.None));
        return command;
    }

    /// <summary><c>status</c>: imports, rejected files with their reasons, dirty periods, undelivered alerts.</summary>
    public static Command Status()
    {
        var command = new Command("status", "Show imports, rejected files with their reasons, dirty periods and undelivered alerts");
        command.SetAction((parse, ct) => CommonOptions.WithSessionAsync(parse, async session =>
        {
            WarnIfEphemeral(session);
            var status = await session.Get<Core.Runtime.PipelineStatus>().ReadAsync(ct).ConfigureAwait(false);
            Console.Out.WriteLine($"Imports ({status.Imports.Count}):");
            foreach (var i in status.Imports)
            {
                Console.Out.WriteLine($"  {i.Id}  {i.Status,-10} {i.Kind,-8} {i.BlobName}  rows={i.Rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}{(i.DuplicateOf is { } of ? "  duplicate of " + of : "")}");
            }

            // Every rejection leaves a report in rejected/ (also a file too large to be read and logged).
            Console.Out.WriteLine($"Rejected ({status.Rejected.Count}):");
            foreach (var rejected in status.Rejected)
            {
                var first = rejected.Report.Errors.Count > 0 ? "- " + rejected.Report.Errors[0] : "";
                Console.Out.WriteLine($"  {rejected.BlobName}: {rejected.Report.CountLine} {first}  (report: rejected/{rejected.TextReport})");
            }

            Console.Out.WriteLine($"Dirty periods ({status.DirtyPeriods.Count}): {string.Join(' ', status.DirtyPeriods)}");
            Console.Out.WriteLine($"Undelivered alerts ({status.Undelivered.Count}):");
            foreach (var p in status.Undelivered)
            {
                Console.Out.WriteLine($"  {p.Period} {p.AlertId} → {p.Channel}: {p.Row.GetString("ToStatus")}, attempts {p.Attempts}{(p.LastError is null ? "" : ", last error: " + p.LastError)}");
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static void WarnIfEphemeral(StorageSession session)
    {
        if (session.IsEphemeral)
        {
            Console.Error.WriteLine("Note: no --storage given; using a temporary in-memory Azurite that ends with this command.");
        }
    }
}
