using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Regfin.Core.Storage;

/// <summary>
/// A stable fingerprint of an output row's content: every column except the keys, the service's own
/// (Timestamp, ETag) and <see cref="ComputedAt"/>, in ordinal order of name, each value with its type.
/// Two rows with the same hash hold the same figures, so a recompute that produces the same row need
/// not write it again (<see cref="PartitionWriter"/>). The first 96 bits of SHA-256, Base64: 16 characters.
/// Called for every row of every computed partition (tens of thousands a period), so it formats into
/// one reused buffer and allocates only the result.
/// </summary>
public static class RowHash
{
    /// <summary>The column that says when a row was written; it is not part of the content.</summary>
    public const string ComputedAt = "ComputedAt";

    [ThreadStatic]
    private static char[]? t_text;

    [ThreadStatic]
    private static string[]? t_names;

    /// <summary>The hash of <paramref name="row"/>'s content.</summary>
    public static string Of(ITableEntity row)
    {
        if (row is not IDictionary<string, object?> columns)
        {
            throw new ArgumentException("An output row is a TableEntity (a dictionary of columns).", nameof(row));
        }

        var names = t_names is { } cached && cached.Length >= columns.Count ? cached : t_names = new string[Math.Max(32, columns.Count)];
        var count = 0;
        foreach (var (name, value) in columns)
        {
            if (value is not null && name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" or ComputedAt))
            {
                names[count++] = name; // a null column is not stored, so it is no content either
            }
        }

        Array.Sort(names, 0, count, StringComparer.Ordinal);
        var text = new Writer(t_text ??= new char[1024]);
        for (var i = 0; i < count; i++)
        {
            text.Append(names[i]);
            text.Append('\u001f');
            Append(ref text, columns[names[i]]!);
            text.Append('\u001e');
        }

        t_text = text.Buffer;
        var chars = text.Written;
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(chars, bytes);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes.AsSpan(0, length), hash);
            return Convert.ToBase64String(hash[..12]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void Append(ref Writer text, object value)
    {
        switch (value)
        {
            case string s:
                text.Append('s');
                text.Append(s);
                break;
            case double d:
                text.Append('d');
                text.Format(d, "R");
                break;
            case long l:
                text.Append('l');
                text.Format(l, null);
                break;
            case int i:
                text.Append('i');
                text.Format(i, null);
                break;
            case bool b:
                text.Append(b ? "b1" : "b0");
                break;
            case DateTime t:
                text.Append('t');
                text.Format((t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).Ticks, null);
                break;
            case DateTimeOffset o:
                text.Append('t');
                text.Format(o.UtcTicks, null);
                break;
            case Guid g:
                text.Append('g');
                text.Append(g.ToString("N"));
                break;
            case byte[] x:
                text.Append('x');
                text.Append(Convert.ToBase64String(x));
                break;
            default:
                throw new ArgumentException($"An output column holds a {value.GetType().Name}, which Table Storage does not store.");
        }
    }

    /// <summary>Characters appended into a buffer that grows by doubling.</summary>
    private ref struct Writer(char[] buffer)
    {
        private int _length;

        public char[] Buffer = buffer;

        public readonly ReadOnlySpan<char> Written => Buffer.AsSpan(0, _length);

        public void Append(char c)
        {
            Ensure(1);
            Buffer[_length++] = c;
        }

        public void Append(string s)
        {
            Ensure(s.Length);
            s.CopyTo(Buffer.AsSpan(_length));
            _length += s.Length;
        }

        public void Format<T>(T value, string? format) where T : ISpanFormattable
        {
            int written;
            while (!value.TryFormat(Buffer.AsSpan(_length), out written, format, CultureInfo.InvariantCulture))
            {
                Ensure(Buffer.Length);
            }

            _length += written;
        }

        private void Ensure(int more)
        {
            if (_length + more > Buffer.Length)
            {
                Array.Resize(ref Buffer, Math.Max(Buffer.Length * 2, _length + more));
            }
        }
    }
}
