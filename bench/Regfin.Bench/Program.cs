using System.CommandLine;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using DuckDB.NET.Data;
using nietras.SeparatedValues;
using Regfin.Bench;
using Regfin.Core.Ingestion;

var root = new RootCommand("regfin benchmarks (docs/performance.md)");

var rows = new Option<long>("--rows") { Description = "Data rows", DefaultValueFactory = _ => 1_000_000 };
var output = new Option<string>("--out") { Description = "The file to write", Required = true };
var shape = new Option<string>("--shape") { Description = "Columns: " + string.Join(", ", LedgerGenerator.Shapes), DefaultValueFactory = _ => "full" };
var generate = new Command("generate", "Write a realistic ledger export") { rows, output, shape };
generate.SetAction(parse =>
{
    var path = parse.GetValue(output)!;
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    using var file = File.Create(path);
    LedgerGenerator.Write(file, parse.GetValue(rows), shape: parse.GetValue(shape)!);
});
root.Add(generate);

var csvOut = new Option<string>("--csv") { Description = "The CSV ledger of the same rows", Required = true };
var generateSie = new Command("generate-sie", "Write a SIE 4 file of vouchers and the CSV ledger of the same #TRANS rows") { rows, output, csvOut };
generateSie.SetAction(parse =>
{
    System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
    foreach (var path in new[] { parse.GetValue(output)!, parse.GetValue(csvOut)! })
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    using var sie = File.Create(parse.GetValue(output)!);
    using var csv = File.Create(parse.GetValue(csvOut)!);
    SieGenerator.Write(sie, csv, parse.GetValue(rows));
});
root.Add(generateSie);

var committeeCount = new Option<int>("--committees") { DefaultValueFactory = _ => 12 };
var accountCount = new Option<int>("--accounts") { DefaultValueFactory = _ => 2000 };
var yearCount = new Option<int>("--years") { DefaultValueFactory = _ => 10 };
var policyFile = new Option<string>("--policy") { Description = "The policy file to include", Required = true };
var generateRegion = new Command("generate-region", "Write a large region as an inbox folder: monthly ledgers, yearly budgets, a policy")
    { output, committeeCount, accountCount, yearCount, policyFile };
generateRegion.SetAction(parse =>
{
    var written = RegionGenerator.Write(parse.GetValue(output)!, parse.GetValue(committeeCount), parse.GetValue(accountCount), parse.GetValue(yearCount), parse.GetValue(policyFile)!);
    Console.WriteLine($"{written} ledger rows");
});
root.Add(generateRegion);
root.Add(Regfin.Bench.ComputeBench.Command());

var input = new Argument<string>("file") { Description = "A ledger export" };
var duck = new Command("duckdb", "The baseline: DuckDB read_csv + GROUP BY period, committee, account") { input };
duck.SetAction(parse =>
{
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    using var command = connection.CreateCommand();
    var path = parse.GetValue(input)!.Replace("'", "''", StringComparison.Ordinal);
    command.CommandText =
        $"SELECT Period, Committee, Account, SUM(Amount) FROM read_csv('{path}', delim=';', decimal_separator=',', header=true) GROUP BY Period, Committee, Account";
    using var reader = command.ExecuteReader();
    var groups = 0;
    while (reader.Read())
    {
        groups++;
    }

    Console.WriteLine($"{groups} groups");
});
root.Add(duck);

var phases = new Command("phases", "Time the phases of regfin's validate path on a file") { input };
phases.SetAction(async (parse, ct) =>
{
    var path = parse.GetValue(input)!;
    var limits = new IngestionLimits();
    var clock = Stopwatch.StartNew();
    await using var raw = await RawFile.InspectAsync(path, limits.MaxFileBytes, ct);
    var captured = clock.Elapsed;
    var errors = new ValidationErrors();
    var parsed = FileParser.Parse(InputKind.Ledger, ".csv", raw!, limits, errors);
    var parsedAt = clock.Elapsed;
    // The floor: the same reader, every row, every field touched, nothing parsed.
    using (var reader = Regfin.Core.Ingestion.Tabular.CsvTabularReader.Open(raw!, limits.MaxFieldLength, errors)!)
    {
        long chars = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                chars += reader.GetField(i).Length;
            }
        }
    }

    {
        var start = clock.Elapsed;
        using var reader = Regfin.Core.Ingestion.Tabular.CsvTabularReader.Open(raw!, limits.MaxFieldLength, errors)!;
        var file = Regfin.Core.Ingestion.Ledger.AccountAmountParser.Parse(reader, limits.MaxFieldLength, errors);
        Console.WriteLine($"  AccountAmountParser alone: {(clock.Elapsed - start).TotalMilliseconds:0} ms ({file!.Totals.Count} totals)");
    }

    foreach (var probe in new[] { "period", "amount", "date", "digits", "blank" })
    {
        var start = clock.Elapsed;
        using var reader = Regfin.Core.Ingestion.Tabular.CsvTabularReader.Open(raw!, limits.MaxFieldLength, errors)!;
        long hits = 0;
        while (reader.Read())
        {
            hits += probe switch
            {
                "period" => Regfin.Core.Ingestion.Tabular.Values.TryParsePeriod(reader.GetField(0), out _) ? 1 : 0,
                "amount" => Regfin.Core.Ingestion.Tabular.Values.TryParseDecimal(reader.GetField(3), out _) ? 1 : 0,
                "date" => Regfin.Core.Ingestion.Tabular.Values.TryParseDate(reader.GetField(8), out _) ? 1 : 0,
                "digits" => Regfin.Core.Ingestion.Tabular.Values.IsDigits(reader.GetField(2)) ? 1 : 0,
                _ => ((Regfin.Core.Ingestion.Tabular.ITabularReader)reader).IsBlankRow() ? 1 : 0,
            };
        }

        Console.WriteLine($"  read + {probe}: {(clock.Elapsed - start).TotalMilliseconds:0} ms ({hits})");
    }

    for (var i = 0; i < 3; i++)
    {
        // Ingestion's private copy of a local file (regfin ingest): hash, UTF-8 check, temporary file.
        var start = clock.Elapsed;
        await using var copy = await RawFile.CaptureAsync(path, limits.MaxFileBytes, ct);
        Console.WriteLine($"  capture (copy + hash + UTF-8): {(clock.Elapsed - start).TotalMilliseconds:0} ms");
    }

    Console.WriteLine($"inspect {captured.TotalMilliseconds:0} ms, parse {(parsedAt - captured).TotalMilliseconds:0} ms, read only {(clock.Elapsed - parsedAt).TotalMilliseconds:0} ms, {parsed?.Rows} rows, {errors.Count} errors");
});
root.Add(phases);

var siePhases = new Command("sie-phases", "Time the phases of reading a SIE file: decode, lines, tokens, the whole reader") { input };
siePhases.SetAction(async (parse, ct) =>
{
    var path = parse.GetValue(input)!;
    var limits = new IngestionLimits();
    await using var raw = await RawFile.InspectAsync(path, limits.MaxFileBytes, ct);
    var encoding = raw!.IsValidUtf8 ? new System.Text.UTF8Encoding(false) : Regfin.Core.Ingestion.Sie.SieReader.Cp437;
    for (var round = 0; round < 5; round++)
    {
        var clock = Stopwatch.StartNew();
        long chars = 0;
        using (var reader = new StreamReader(raw.OpenRead(), encoding, false, 1 << 16))
        {
            var buffer = new char[1 << 16];
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                chars += n;
            }
        }

        var decoded = clock.Elapsed;
        long lines = 0;
        using (var reader = new Regfin.Core.Ingestion.Sie.SieLineReader(raw.OpenRead(), encoding, 1 << 20))
        {
            while (reader.TryReadLine(out _, out _))
            {
                lines++;
            }
        }

        var lined = clock.Elapsed;
        long fields = 0;
        var record = new Regfin.Core.Ingestion.Sie.SieRecord();
        using (var reader = new Regfin.Core.Ingestion.Sie.SieLineReader(raw.OpenRead(), encoding, 1 << 20))
        {
            while (reader.TryReadLine(out var line, out _))
            {
                Regfin.Core.Ingestion.Sie.SieTokenizer.TryTokenize(line, record, 1 << 20, out _);
                fields += record.FieldCount;
            }
        }

        var tokenized = clock.Elapsed;
        var errors = new ValidationErrors();
        var file = Regfin.Core.Ingestion.Sie.SieReader.Read(raw, errors, null, ct);
        var read = clock.Elapsed;
        Console.WriteLine($"decode {decoded.TotalMilliseconds:0} ms ({chars} chars, {encoding.WebName}), lines +{(lined - decoded).TotalMilliseconds:0} ms ({lines}), " +
            $"tokens +{(tokenized - lined).TotalMilliseconds:0} ms ({fields} fields), SieReader.Read {(read - tokenized).TotalMilliseconds:0} ms ({file?.TransactionCount} #TRANS, {errors.Count} errors)");
    }
});
root.Add(siePhases);

var sepCompare = new Command("sep", "The ledger's CSV path on Sep (FileParser: ParallelEnumerate from 8 MiB), Sep on one thread, and Sylvan on one thread, alternately, in process") { input };
sepCompare.SetAction(async (parse, ct) =>
{
    var path = parse.GetValue(input)!;
    var limits = new IngestionLimits();
    await using var raw = await RawFile.InspectAsync(path, limits.MaxFileBytes, ct);
    for (var round = 0; round < 7; round++)
    {
        var clock = Stopwatch.StartNew();
        var errors = new ValidationErrors();
        var parsed = FileParser.Parse(InputKind.Ledger, ".csv", raw!, limits, errors);
        var ours = clock.Elapsed;
        var sequential = Regfin.Core.Ingestion.Ledger.LedgerCsv.Parse(raw!, limits.MaxFieldLength, new ValidationErrors(), parallel: false);
        var sepSequential = clock.Elapsed - ours;
        using (var reader = Regfin.Core.Ingestion.Tabular.CsvTabularReader.Open(raw!, limits.MaxFieldLength, new ValidationErrors())!)
        {
            var sylvan = Regfin.Core.Ingestion.Ledger.AccountAmountParser.Parse(reader, limits.MaxFieldLength, new ValidationErrors());
            var sylvanTime = clock.Elapsed - ours - sepSequential;
            Console.WriteLine($"Sep parallel (FileParser) {ours.TotalMilliseconds:0} ms ({parsed?.Rows} rows, {errors.Count} errors) | Sep one thread {sepSequential.TotalMilliseconds:0} ms ({sequential?.Rows} rows) | Sylvan one thread {sylvanTime.TotalMilliseconds:0} ms ({sylvan?.Rows} rows)");
        }
    }
});
root.Add(sepCompare);

var sepPhases = new Command("sep-phases", "The Sep ledger path's steps on one file, warm, one thread: decoding, Sep's rows, the fields, the whole check") { input };
sepPhases.SetAction(async (parse, ct) =>
{
    var path = parse.GetValue(input)!;
    var limits = new IngestionLimits();
    await using var raw = await RawFile.InspectAsync(path, limits.MaxFileBytes, ct);
    for (var round = 0; round < 5; round++)
    {
        var clock = Stopwatch.StartNew();
        using (var text = new StreamReader(raw!.OpenRead(), raw.TextEncoding, true, 1 << 16))
        {
            var buffer = new char[1 << 16];
            while (text.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        var decode = clock.Elapsed;
        long cols = 0;
        using (var reader = Sep.New(';').Reader(o => o with { DisableColCountCheck = true }).From(new StreamReader(raw.OpenRead(), raw.TextEncoding, true, 1 << 16)))
        {
            foreach (var row in reader)
            {
                cols += row.ColCount;
            }
        }

        var rows = clock.Elapsed - decode;
        long chars = 0;
        using (var reader = Sep.New(';').Reader(o => o with { DisableColCountCheck = true }).From(new StreamReader(raw.OpenRead(), raw.TextEncoding, true, 1 << 16)))
        {
            foreach (var row in reader)
            {
                for (var i = 0; i < row.ColCount; i++)
                {
                    chars += row[i].Span.Length;
                }
            }
        }

        var fields = clock.Elapsed - decode - rows;
        long ok = 0;
        using (var reader = Sep.New(';').Reader(o => o with { DisableColCountCheck = true }).From(new StreamReader(raw.OpenRead(), raw.TextEncoding, true, 1 << 16)))
        {
            var header = reader.Header;
            int p = header.IndexOf("Period"), a = header.IndexOf("Amount"), d = header.IndexOf("Date"), k = header.IndexOf("Account");
            foreach (var row in reader)
            {
                if (Regfin.Core.Ingestion.Tabular.Values.TryParsePeriod(row[p].Span, out _) && Regfin.Core.Ingestion.Tabular.Values.TryParseDecimal(row[a].Span, out _)
                    && Regfin.Core.Ingestion.Tabular.Values.TryParseDate(row[d].Span, out _) && Regfin.Core.Ingestion.Tabular.Values.IsDigits(row[k].Span))
                {
                    ok++;
                }
            }
        }

        var values = clock.Elapsed - decode - rows - fields;
        fields += values;
        var file = Regfin.Core.Ingestion.Ledger.LedgerCsv.Parse(raw, limits.MaxFieldLength, new ValidationErrors(), parallel: false);
        var whole = clock.Elapsed - decode - rows - fields;
        Console.WriteLine($"decode {decode.TotalMilliseconds:0} ms | + Sep rows {rows.TotalMilliseconds:0} ms ({cols} fields) | + every field {(fields - values).TotalMilliseconds:0} ms | + period, amount, date, account parsed {values.TotalMilliseconds:0} ms ({ok}) | LedgerCsv one thread {whole.TotalMilliseconds:0} ms ({file?.Rows} rows)");
    }
});
root.Add(sepPhases);



var micro = new Command("micro", "BenchmarkDotNet: the parse-and-aggregate path (extra arguments go to BenchmarkDotNet)");
micro.TreatUnmatchedTokensAsErrors = false;
micro.SetAction(parse => BenchmarkRunner.Run<ParseBenchmarks>(args: parse.UnmatchedTokens.ToArray()));
root.Add(micro);

return await root.Parse(args).InvokeAsync();
