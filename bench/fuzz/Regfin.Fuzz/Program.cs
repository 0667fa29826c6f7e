using System.Diagnostics;
using System.Text;
using Regfin.Core.Ingestion;
using SharpFuzz;

namespace Regfin.Fuzz;

/// <summary>
/// Fuzz harnesses of every reader, through the one parse entry point ingestion uses
/// (<see cref="FileParser.Parse"/>) on a <see cref="RawFile"/> captured as ingestion captures a blob.
/// The contract (docs/reliability.md): any input parses, or is refused with a report (null and at
/// least one error); an exception, a refusal without a reason, or more than a second per MiB (at
/// least one second) is a finding, which this process turns into a crash for AFL++.
/// </summary>
public static class Program
{
    // Nothing of Regfin.Core may run before the fuzzer's loop: instrumented code needs AFL++'s map.
    private static IngestionLimits? _limits;

    /// <summary>Every harness: its name, and the kind and extensions it parses each input as.</summary>
    public static IReadOnlyDictionary<string, (InputKind Kind, string Extension)[]> Harnesses { get; } = BuildHarnesses();

    private static Dictionary<string, (InputKind, string)[]> BuildHarnesses()
    {
        var harnesses = new Dictionary<string, (InputKind, string)[]>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<InputKind>().Where(k => k is not (InputKind.Policy or InputKind.Sie)))
        {
            harnesses["csv-" + kind.ToString().ToLowerInvariant()] = [(kind, ".csv")]; // (not InputKinds.Name: see _limits)
        }

        // XLSX: the zip, the workbook and the sheet reader, then both row paths (the ledger's fast path and the schema parser).
        harnesses["xlsx"] = [(InputKind.Ledger, ".xlsx"), (InputKind.Holdings, ".xlsx")];
        harnesses["policy-yaml"] = [(InputKind.Policy, ".yaml")];
        harnesses["policy-json"] = [(InputKind.Policy, ".json")];
        harnesses["sie"] = [(InputKind.Sie, ".se")];
        return harnesses;
    }

    /// <summary>
    /// <c>Regfin.Fuzz HARNESS</c> under afl-fuzz; <c>Regfin.Fuzz HARNESS --run FILE…</c> runs inputs once
    /// (reproduce a finding; exit 1 on the first one); <c>Regfin.Fuzz list</c>; <c>Regfin.Fuzz seeds ROOT OUT</c>
    /// writes the seed corpus of every harness (<see cref="Seeds"/>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args is ["list"])
        {
            Console.WriteLine(string.Join('\n', Harnesses.Keys));
            return 0;
        }

        if (args is ["seeds", var root, var to])
        {
            Seeds.Write(root, to);
            return 0;
        }

        if (args.Length == 0 || !Harnesses.TryGetValue(args[0], out var targets))
        {
            Console.Error.WriteLine("usage: Regfin.Fuzz HARNESS [--run FILE…] | list | seeds ROOT OUT\nharnesses: " + string.Join(' ', Harnesses.Keys));
            return 2;
        }

        if (args.Length > 1 && args[1] == "--run")
        {
            foreach (var file in args.Skip(2))
            {
                try
                {
                    Check(targets, File.ReadAllBytes(file));
                    Console.WriteLine($"ok      {file}");
                }
                catch (Exception e)
                {
                    Console.WriteLine($"FINDING {file}: {e}");
                    return 1;
                }
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            Check(targets, memory.ToArray());
        });
        return 0;
    }

    /// <summary>Parses <paramref name="bytes"/> as each target; throws on a breach of the contract.</summary>
    public static void Check((InputKind Kind, string Extension)[] targets, byte[] bytes)
    {
        var limits = _limits ??= new IngestionLimits();
        foreach (var (kind, extension) in targets)
        {
            var watch = Stopwatch.StartNew();
            using var raw = RawFile.CaptureAsync(new MemoryStream(bytes, writable: false), limits.MaxFileBytes, CancellationToken.None).GetAwaiter().GetResult()
                ?? throw new InvalidOperationException("the input is over the size limit (not a fuzz input)");
            var errors = new ValidationErrors();
            var parsed = FileParser.Parse(kind, extension, raw, limits, errors);
            if (parsed is null && errors.IsEmpty)
            {
                throw new FuzzFindingException($"{kind}{extension}: refused without a reason in the report");
            }

            var allowed = TimeSpan.FromSeconds(Math.Max(1.0, bytes.Length / (1024.0 * 1024.0)));
            if (watch.Elapsed > allowed)
            {
                throw new FuzzFindingException($"{kind}{extension}: {watch.Elapsed.TotalMilliseconds:0} ms for {bytes.Length} bytes (over a second per MiB)");
            }
        }
    }
}

/// <summary>A breach of the parse contract that is not an exception of the parser itself.</summary>
public sealed class FuzzFindingException(string message) : Exception(message);
