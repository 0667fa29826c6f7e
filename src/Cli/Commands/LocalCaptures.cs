using Regfin.Core.Ingestion;

namespace Regfin.Cli.Commands;

/// <summary>
/// The local files <c>ingest</c> was given, in name order, each captured (a private copy, hashed and
/// UTF-8 checked) and its parse started one file ahead: the first while the storage session opens,
/// the next while the current one is archived and staged. Neither needs storage.
/// </summary>
public sealed class LocalCaptures : IAsyncDisposable
{
    private readonly List<(string BlobName, string Path)> _files;
    private readonly IngestionLimits _limits;
    private readonly CancellationToken _cancellationToken;
    private readonly Task<LocalCapture>?[] _started;

    /// <summary>Starts on the first file.</summary>
    /// <param name="files">Blob name → local path.</param>
    /// <param name="limits">The ingestion limits (size and parse).</param>
    /// <param name="cancellationToken">Cancels the copies.</param>
    public LocalCaptures(IEnumerable<(string BlobName, string Path)> files, IngestionLimits limits, CancellationToken cancellationToken)
    {
        _files = files.OrderBy(f => f.BlobName, StringComparer.Ordinal).ToList();
        _limits = limits;
        _cancellationToken = cancellationToken;
        _started = new Task<LocalCapture>?[_files.Count];
        _ = Start(0);
    }

    /// <summary>The files, in name order.</summary>
    public IReadOnlyList<(string BlobName, string Path)> Files => _files;

    /// <summary>File <paramref name="index"/>, captured and being parsed (the caller disposes it); starts the next one.</summary>
    public async Task<LocalCapture> TakeAsync(int index)
    {
        var capture = Start(index)!;
        _started[index] = null;
        _ = Start(index + 1); // one ahead; awaited by the next call or by DisposeAsync
        return await capture.ConfigureAwait(false);
    }

    private Task<LocalCapture>? Start(int index)
    {
        if (index >= _files.Count)
        {
            return null;
        }

        var (blobName, path) = _files[index];
        return _started[index] ??= Task.Run(async () =>
        {
            var raw = await RawFile.CaptureAsync(path, _limits.MaxFileBytes, _cancellationToken).ConfigureAwait(false);
            return new LocalCapture(raw, raw is null ? null : ParseAhead.Start(blobName, raw, _limits));
        }, _cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var capture in _started.OfType<Task<LocalCapture>>())
        {
            try
            {
                await (await capture.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or UnauthorizedAccessException)
            {
                // A copy nobody will read: its failure does not matter (the temporary file is deleted on close).
            }
        }
    }
}

/// <summary>One captured local file and its parse under way.</summary>
/// <param name="Raw">The private copy; null when the file is over the size limit (not copied).</param>
/// <param name="Parse">The parse started on it; null when there is no copy or the name has no kind.</param>
public sealed record LocalCapture(RawFile? Raw, ParseAhead? Parse) : IAsyncDisposable
{
    /// <summary>Waits for the parse to let go of the bytes, then deletes the copy.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Parse is not null)
        {
            await Parse.FinishedAsync().ConfigureAwait(false);
        }

        if (Raw is not null)
        {
            await Raw.DisposeAsync().ConfigureAwait(false);
        }
    }
}
