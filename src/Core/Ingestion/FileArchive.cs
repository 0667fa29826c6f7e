using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion;

/// <summary>
/// The archive of every received file: the bytes once per content hash under
/// <c>archive/{kind}/{sha256}{ext}</c>, and one upload record per upload under
/// <c>archive/_uploads/</c> (name, upload time, hash), from which <c>regfin replay</c> repeats every
/// upload.
/// </summary>
/// <param name="storage">The storage account.</param>
public sealed class FileArchive(StorageAccount storage)
{
    /// <summary>Stores the raw bytes under <c>archive/{kind}/{sha256}</c> unless already there.</summary>
    internal async Task StoreAsync(Delivery delivery, InputKind? kind, CancellationToken cancellationToken)
    {
        var (raw, blobName, receivedAt) = (delivery.Raw, delivery.BlobName, delivery.ReceivedAt);
        var archive = storage.Container(Containers.Archive).GetBlobClient(ArchiveName(kind, raw.Sha256, blobName));
        var metadata = new Dictionary<string, string>
        {
            ["blobname"] = Uri.EscapeDataString(blobName),
            ["receivedat"] = receivedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };

        // One record per upload (a duplicate under another name too), so a replay repeats every upload.
        var record = storage.Container(Containers.Archive).GetBlobClient(UploadRecordName(delivery.Id, blobName));
        var json = System.Text.Json.JsonSerializer.Serialize(new UploadRecord(blobName, receivedAt.UtcDateTime, kind?.Name(), raw.Sha256, ArchiveName(kind, raw.Sha256, blobName)), UploadRecordJson.Default.UploadRecord);
        await Task.WhenAll(
            ArchiveBytesAsync(archive, raw, metadata, delivery.Inbox, delivery.ETag, cancellationToken),
            record.UploadAsync(BinaryData.FromString(json), overwrite: true, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task ArchiveBytesAsync(BlobClient archive, RawFile raw, Dictionary<string, string> metadata, BlobClient? inbox, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            if (inbox is not null)
            {
                // A server-side copy of the very version that was hashed (source ETag): no second upload of the bytes.
                var copy = await archive.StartCopyFromUriAsync(inbox.Uri, new BlobCopyFromUriOptions
                {
                    Metadata = metadata,
                    SourceConditions = new BlobRequestConditions { IfMatch = etag },
                    DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                }, cancellationToken).ConfigureAwait(false);
                await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            await using var bytes = raw.OpenShared();
            await archive.UploadAsync(bytes, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = metadata,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The same bytes are archived already — or the inbox blob changed after it was read (the
            // source condition): then the bytes that were read are uploaded below.
            if (inbox is not null && !await archive.ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var bytes = raw.OpenShared();
                await archive.UploadAsync(bytes, new BlobUploadOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The prefix of the upload records in the archive.</summary>
    public const string UploadRecords = "_uploads/";

    /// <summary>The name of an upload's record: its import id and a hash of its name (two names may share an id).</summary>
    public static string UploadRecordName(ImportId id, string blobName) =>
        UploadRecords + id.Value + "-" + KeyCodec.Hash(blobName, 16) + ".json";

    /// <summary>The archive name of a file: by kind and content hash, keeping the extension.</summary>
    public static string ArchiveName(InputKind? kind, string sha256, string blobName) =>
        $"{kind?.Name() ?? "unknown"}/{sha256}{Path.GetExtension(blobName).ToLowerInvariant()}";

}
