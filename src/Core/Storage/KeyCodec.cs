using System.Security.Cryptography;
using System.Text;

namespace Regfin.Core.Storage;

/// <summary>
/// Builds table keys from data. Characters Table Storage forbids in keys (<c>/ \ # ?</c> and
/// control characters), the <c>|</c> separator and the escape character <c>%</c> itself are
/// written as <c>%XX</c>, reversibly; a key over 1 KiB is cut and suffixed with a hash (tables.md).
/// </summary>
public static class KeyCodec
{
    /// <summary>The separator between the parts of a composite key.</summary>
    public const char Separator = '|';

    /// <summary>The longest key in characters (Table Storage allows 1 KiB).</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Encodes one part of a key.</summary>
    public static string Encode(string part)
    {
        if (!part.AsSpan().ContainsAny(Forbidden) && !part.Any(char.IsControl))
        {
            return part;
        }

        var builder = new StringBuilder(part.Length + 8);
        foreach (var c in part)
        {
            if (c is '/' or '\\' or '#' or '?' or '|' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes one part of a key written by <see cref="Encode"/>.</summary>
    public static string Decode(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var builder = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length)
            {
                builder.Append((char)Convert.ToInt32(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                builder.Append(encoded[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Joins encoded parts with <see cref="Separator"/>, cutting an over-long key.</summary>
    public static string Compose(params ReadOnlySpan<string> parts)
    {
        var encoded = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            encoded[i] = Encode(parts[i]);
        }

        return Limit(string.Join(Separator, encoded));
    }

    /// <summary>Cuts a key over <paramref name="maxLength"/> and appends a hash of the whole, so it stays unique.</summary>
    public static string Limit(string key, int maxLength = MaxKeyLength)
    {
        if (key.Length <= maxLength)
        {
            return key;
        }

        return key[..(maxLength - 17)] + "~" + Hash(key, 16);
    }

    /// <summary>The first <paramref name="hexDigits"/> lowercase hex digits of the SHA-256 of <paramref name="text"/> (UTF-8): a short name for any text.</summary>
    public static string Hash(string text, int hexDigits) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..hexDigits];

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("/\\#?|%");
}
