using System.Globalization;

namespace Regfin.Core.Ingestion;

/// <summary>
/// The id of one import: upload time (<c>yyyyMMddHHmmssfff</c>, UTC) + <c>-</c> + the first 16 hex
/// digits of the file's SHA-256 (tables.md). Ids compare in upload order with ties broken by the
/// hash, which is exactly the "newer file replaces" rule of formats.md, so the winner of a scope
/// is simply its largest import id.
/// </summary>
public readonly record struct ImportId : IComparable<ImportId>
{
    private ImportId(string value) => Value = value;

    /// <summary>The id text.</summary>
    public string Value { get; }

    /// <summary>Creates the id of a file uploaded at <paramref name="uploadedAt"/> with hash <paramref name="sha256Hex"/>.</summary>
    public static ImportId Create(DateTimeOffset uploadedAt, string sha256Hex)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256Hex);
        if (sha256Hex.Length < 16)
        {
            throw new ArgumentException("A SHA-256 has 64 hex digits.", nameof(sha256Hex));
        }

        var time = uploadedAt.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        return new ImportId(time + "-" + sha256Hex[..16].ToLowerInvariant());
    }

    /// <summary>Reads an id back from its text.</summary>
    public static ImportId Parse(string value)
    {
        if (value is not { Length: 34 } || value[17] != '-')
        {
            throw new FormatException($"'{value}' is not an import id.");
        }

        return new ImportId(value);
    }

    /// <inheritdoc />
    public int CompareTo(ImportId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>True when <paramref name="left"/> is smaller.</summary>
    public static bool operator <(ImportId left, ImportId right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is larger.</summary>
    public static bool operator >(ImportId left, ImportId right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is smaller or equal.</summary>
    public static bool operator <=(ImportId left, ImportId right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is larger or equal.</summary>
    public static bool operator >=(ImportId left, ImportId right) => left.CompareTo(right) >= 0;
}
