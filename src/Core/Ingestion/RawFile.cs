using System.Security.Cryptography;
using System.Text;

namespace Regfin.Core.Ingestion;

/// <summary>
/// The raw bytes of one input file, captured once into a private temporary file while its SHA-256,
/// its size and whether it is valid UTF-8 are computed in the same streaming pass. Every later step
/// (archive, parse) reads this local copy, so a blob is downloaded exactly once and memory stays
/// flat whatever the file size. The temporary file is deleted when this object is disposed.
/// </summary>
public sealed class RawFile : IAsyncDisposable, IDisposable
{
    private const int ChunkSize = 1 << 16;
    private readonly FileStream _file;

    private RawFile(FileStream file, string sha256, long size, bool isUtf8)
    {
        _file = file;
        Sha256 = sha256;
        SizeBytes = size;
        IsValidUtf8 = isUtf8;
    }

    /// <summary>The lower-case hex SHA-256 of the bytes; empty for a file opened with <see cref="InspectAsync"/>.</summary>
    public string Sha256 { get; }

    /// <summary>The size in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>True when the bytes are valid UTF-8 (otherwise text is read as Windows-1252).</summary>
    public bool IsValidUtf8 { get; }

    /// <summary>
    /// Copies <paramref name="source"/> into a temporary file. Returns null, with nothing kept, when
    /// the file is larger than <paramref name="maxBytes"/>; the hash is then of the bytes read so far
    /// and is not returned.
    /// </summary>
    public static async Task<RawFile?> CaptureAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "regfin-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, ChunkSize,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var utf8 = new Utf8Check();
            var buffer = new byte[ChunkSize];
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                hash.AppendData(buffer, 0, read);
                utf8.Append(buffer.AsSpan(0, read));

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return new RawFile(file, Convert.ToHexStringLower(hash.GetHashAndReset()), size, utf8.Complete());
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens a local file in place for a dry run (<c>regfin validate</c>): no copy and no hash, only
    /// the size limit and the UTF-8 check, in one streaming pass. Returns null when the file is larger
    /// than <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<RawFile?> InspectAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        try
        {
            if (file.Length > maxBytes)
            {
                await file.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            // Large files are checked in two halves on two cores, cut at a character start (a byte that
            // is not a UTF-8 continuation byte), so each half holds whole characters.
            var cut = file.Length >= ParallelCheckBytes && Environment.ProcessorCount > 1 ? CharacterStart(path, file.Length / 2) : file.Length;
            var halves = await Task.WhenAll(
                IsUtf8RangeAsync(path, 0, cut, cancellationToken),
                cut < file.Length ? IsUtf8RangeAsync(path, cut, file.Length, cancellationToken) : Task.FromResult(true)).ConfigureAwait(false);
            file.Position = 0;
            return new RawFile(file, "", file.Length, halves[0] && halves[1]);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private const long ParallelCheckBytes = 8L << 20;

    private static async Task<bool> IsUtf8RangeAsync(string path, long start, long end, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        file.Position = start;
        var utf8 = new Utf8Check();
        var buffer = new byte[ChunkSize];
        var left = end - start;
        int read;
        while (utf8.IsValid && left > 0 && (read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            utf8.Append(buffer.AsSpan(0, read));
            left -= read;
        }

        return utf8.Complete();
    }

    /// <summary>The first position at or after <paramref name="from"/> that is not a UTF-8 continuation byte (10xxxxxx).</summary>
    private static long CharacterStart(string path, long from)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        file.Position = from;
        for (var position = from; position < Math.Min(file.Length, from + 4); position++)
        {
            if ((file.ReadByte() & 0xC0) != 0x80)
            {
                return position;
            }
        }

        return from; // four continuation bytes in a row: not UTF-8 anyway, and the halves will say so
    }

    /// <summary>Captures a local file into a temporary copy with its hash (used by <c>ingest FILE</c>).</summary>
    public static async Task<RawFile?> CaptureAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        if (source.Length > maxBytes)
        {
            return null; // over the limit by its length: not a byte is copied (the copy below still checks, as the file may grow)
        }

        return await CaptureAsync(source, maxBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A read-only view of the bytes from the start. Each call rewinds; only one reader at a time.
    /// Disposing the returned stream does not delete the file.
    /// </summary>
    public Stream OpenRead()
    {
        _file.Position = 0;
        return new NonClosingStream(_file);
    }

    /// <summary>
    /// An independent read-only stream over the same bytes (its own handle and position), for reading
    /// parts of the file on several threads at once. The caller disposes it.
    /// </summary>
    public Stream OpenShared() =>
        new FileStream(_file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ChunkSize, FileOptions.SequentialScan);

    /// <summary>The encoding to read the text with (formats.md: UTF-8, else Windows-1252).</summary>
    public Encoding TextEncoding => IsValidUtf8 ? new UTF8Encoding(false) : TextEncodings.Windows1252;

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Text encodings that need the code-pages provider.</summary>
public static class TextEncodings
{
    /// <summary>Windows-1252, the encoding of older Swedish Windows exports.</summary>
    public static Encoding Windows1252 { get; } = CreateWindows1252();

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
