using BenchmarkDotNet.Attributes;
using Regfin.Core.Ingestion;

namespace Regfin.Bench;

/// <summary>
/// The parse-and-aggregate path of a ledger export (what <c>regfin validate</c> and ingestion run),
/// on an in-memory generated file: capture (hash, UTF-8 check, temporary copy) and parse separately.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _file = [];

    /// <summary>Data rows in the generated file.</summary>
    [Params(100_000)]
    public int Rows { get; set; }

    /// <summary>Generates the file once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var memory = new MemoryStream();
        LedgerGenerator.Write(memory, Rows);
        _file = memory.ToArray();
    }

    /// <summary>Capture only: the single pass of hash, UTF-8 check and temporary copy.</summary>
    [Benchmark]
    public async Task<long> Capture()
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(_file), 1L << 30, CancellationToken.None);
        return raw!.SizeBytes;
    }

    /// <summary>Capture and parse: the whole validate path of one file.</summary>
    [Benchmark]
    public async Task<long> CaptureAndParse()
    {
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(_file), 1L << 30, CancellationToken.None);
        var errors = new ValidationErrors();
        return FileParser.Parse(InputKind.Ledger, ".csv", raw!, new IngestionLimits(), errors)!.Rows;
    }
}
