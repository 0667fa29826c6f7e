using Azure.Storage.Blobs.Models;
using Regfin.Cli.LocalStorage;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Cli.Commands;

/// <summary>
/// The one-shot pipeline of <c>run</c>, <c>demo</c> and <c>ingest</c>: upload files into the inbox (or,
/// for <c>ingest</c>, straight into the archive), process them in name order with the same handler
/// the blob trigger calls, compute, export.
/// </summary>
/// <param name="session">The storage session.</param>
public sealed class LocalPipeline(StorageSession session)
{
    /// <summary>Uploads <paramref name="files"/> (blob name → local path) into the inbox, in name order.</summary>
    public async Task UploadAsync(IEnumerable<(string BlobName, string Path)> files, CancellationToken cancellationToken)
    {
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        foreach (var (blobName, path) in files.OrderBy(f => f.BlobName, StringComparer.Ordinal))
        {
            await inbox.GetBlobClient(blobName).UploadAsync(path, new BlobUploadOptions(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ingests the captured local files one by one, in name order (<c>ingest</c>): each private copy is
    /// uploaded straight into the archive while it is parsed (<see cref="IngestHandler.IngestLocalAsync"/>;
    /// the parse started when the file was captured, <see cref="LocalCaptures"/>), so what is parsed is
    /// exactly what was archived. A file over the size limit goes through the inbox, where ingestion
    /// refuses it by its declared length and moves it to <c>rejected/</c>. Blobs already waiting in the
    /// inbox are ingested after.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> IngestFilesAsync(LocalCaptures captures, CancellationToken cancellationToken)
    {
        var handler = session.Get<IngestHandler>();
        var results = new List<IngestResult>();
        for (var i = 0; i < captures.Files.Count; i++)
        {
            var (blobName, path) = captures.Files[i];
            await using var capture = await captures.TakeAsync(i).ConfigureAwait(false);
            IngestResult result;
            if (capture.Raw is not { } raw)
            {
                await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(blobName)
                    .UploadAsync(path, new BlobUploadOptions(), cancellationToken).ConfigureAwait(false);
                result = await handler.IngestAsync(blobName, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result = await handler.IngestLocalAsync(blobName, raw, capture.Parse, cancellationToken).ConfigureAwait(false);
            }

            CommonOptions.Report(result);
            results.Add(result);
        }

        results.AddRange(await IngestInboxAsync(cancellationToken).ConfigureAwait(false));
        return results;
    }

    /// <summary>Ingests every blob in the inbox, in name order, as the trigger would.</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestInboxAsync(CancellationToken cancellationToken)
    {
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        var names = new List<string>();
        await foreach (var blob in inbox.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            names.Add(blob.Name);
        }

        var handler = session.Get<IngestHandler>();
        var results = new List<IngestResult>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var result = await handler.IngestAsync(name, cancellationToken).ConfigureAwait(false);
            CommonOptions.Report(result);
            results.Add(result);
        }

        return results;
    }

    /// <summary>Computes the dirty periods, or only <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<ComputeResult>> ComputeAsync(Period? period, CancellationToken cancellationToken)
    {
        var handler = session.Get<ComputeHandler>();
        var results = period is { } p
            ? [await handler.ComputeAsync(p, cancellationToken).ConfigureAwait(false)]
            : await handler.ComputeDirtyAsync(cancellationToken).ConfigureAwait(false);
        foreach (var r in results.Where(r => r.HasData))
        {
            await Console.Error.WriteLineAsync($"computed  {r.Period}").ConfigureAwait(false);
        }

        return results.Where(r => r.HasData).ToList();
    }

    /// <summary>Exports the tables into <paramref name="directory"/>.</summary>
    public async Task ExportAsync(string directory, Period? period, CancellationToken cancellationToken)
    {
        var files = await session.Get<CsvExporter>().ExportAsync(directory, period, cancellationToken).ConfigureAwait(false);
        foreach (var (file, rows) in files)
        {
            await Console.Error.WriteLineAsync($"exported  {file} ({rows} rows)").ConfigureAwait(false);
        }
    }

    /// <summary>Every file under <paramref name="directory"/> with the blob name it gets (its relative path).</summary>
    public static IReadOnlyList<(string BlobName, string Path)> FilesUnder(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Select(f => (Path.GetRelativePath(directory, f).Replace('\\', '/'), f))
            .ToList();
}
