using Azure;
using Azure.Storage.Blobs;

namespace Regfin.Core.Ingestion;

/// <summary>
/// One received file on its way through ingestion: the name it arrived under, when it arrived, its
/// captured bytes and, for an inbox upload, the very blob version that was captured (to copy into the
/// archive and to remove once everything is stored). A replay or a local <c>regfin ingest</c> has no
/// inbox blob.
/// </summary>
/// <param name="BlobName">The inbox name, <c>{kind}/…</c>.</param>
/// <param name="ReceivedAt">When it was uploaded (the import id's time).</param>
/// <param name="Raw">The captured bytes.</param>
/// <param name="Inbox">The inbox blob, or null without one.</param>
/// <param name="ETag">The captured version of <paramref name="Inbox"/>.</param>
internal sealed record Delivery(string BlobName, DateTimeOffset ReceivedAt, RawFile Raw, BlobClient? Inbox = null, ETag ETag = default)
{
    /// <summary>The import id: upload time and content hash.</summary>
    public ImportId Id => ImportId.Create(ReceivedAt, Raw.Sha256);

    /// <summary>Removes the captured inbox version (a newer upload under the same name stays); nothing without an inbox blob.</summary>
    public Task RemoveFromInboxAsync(CancellationToken cancellationToken) => InboxVersion.RemoveAsync(Inbox, ETag, cancellationToken);
}
