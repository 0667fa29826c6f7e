using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion;

/// <summary>What became of one inbox blob.</summary>
/// <param name="BlobName">The inbox blob name.</param>
/// <param name="Status">Accepted, Rejected, Duplicate or Superseded.</param>
/// <param name="ImportId">The import id, when the bytes could be read.</param>
/// <param name="Rows">Data rows read.</param>
/// <param name="Errors">The listed validation errors (empty unless rejected).</param>
/// <param name="ErrorCount">All errors, listed or not.</param>
/// <param name="DirtyPeriods">The periods marked for computation.</param>
public sealed record IngestResult(
    string BlobName, ImportStatus Status, ImportId? ImportId, long Rows,
    IReadOnlyList<ValidationError> Errors, long ErrorCount, IReadOnlyList<Period> DirtyPeriods);
