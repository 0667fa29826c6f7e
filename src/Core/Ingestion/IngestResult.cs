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

/// <summary>One upload as the archive remembers it (<c>archive/_uploads/…</c>), for <c>regfin replay</c>.</summary>
/// <param name="BlobName">The inbox name it arrived under.</param>
/// <param name="ReceivedAt">Its upload time (UTC).</param>
/// <param name="Kind">The kind its folder named, if any.</param>
/// <param name="Sha256">The content hash.</param>
/// <param name="Archive">The archived bytes' blob name.</param>
public sealed record UploadRecord(string BlobName, DateTime ReceivedAt, string? Kind, string Sha256, string Archive);

/// <summary>The upload record's JSON (its property names as declared), generated at compile time.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(UploadRecord))]
internal sealed partial class UploadRecordJson : System.Text.Json.Serialization.JsonSerializerContext;
