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
/// </summary>
public static class RowHash
{
    /// <summary>The column that says when a row was written; it is not part of the content.</summary>
    public const string ComputedAt = "ComputedAt";

    /// <summary>The hash of <paramref name="row"/>'s content.</summary>
    public static string Of(ITableEntity row)
    {
        var text = new StringBuilder(256);
        if (row is not IDictionary<string, object?> columns)
        {
            throw new ArgumentException("An output row is a TableEntity (a dictionary of columns).", nameof(row));
        }

        foreach (var (name, value) in columns.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (value is null || name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" or ComputedAt)
            {
                continue; // a null column is not stored, so it is no content either
            }

            text.Append(name).Append('\u001f').Append(Typed(value)).Append('\u001e');
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text.ToString(), bytes);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes.AsSpan(0, length), hash);
            return Convert.ToBase64String(hash[..12]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string Typed(object value) => value switch
    {
        string s => "s" + s,
        double d => "d" + d.ToString("R", CultureInfo.InvariantCulture),
        long l => "l" + l.ToString(CultureInfo.InvariantCulture),
        int i => "i" + i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "b1" : "b0",
        DateTime t => "t" + (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).Ticks.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset o => "t" + o.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Guid g => "g" + g.ToString("N"),
        byte[] b => "x" + Convert.ToBase64String(b),
        _ => throw new ArgumentException($"An output column holds a {value.GetType().Name}, which Table Storage does not store."),
    };
}
