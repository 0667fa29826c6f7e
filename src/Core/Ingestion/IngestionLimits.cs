namespace Regfin.Core.Ingestion;

/// <summary>Size limits on input files (formats.md; configurable in section <c>Ingestion</c>).</summary>
public sealed class IngestionLimits
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>The largest file accepted: 512 MiB.</summary>
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The largest uncompressed size of an XLSX workbook: 1 GiB (zip-bomb guard).</summary>
    public long MaxXlsxUncompressedBytes { get; set; } = Xlsx.XlsxTabularReader.MaxUncompressedBytes;

    /// <summary>The longest field accepted: 1,000,000 characters.</summary>
    public int MaxFieldLength { get; set; } = 1_000_000;

    /// <summary>A ledger or budget CSV of this size or more is read on every core (<see cref="Ledger.LedgerCsv"/>): 16 MiB.</summary>
    public long ParallelFromBytes { get; set; } = Ledger.LedgerCsv.ParallelFromBytes;
}
