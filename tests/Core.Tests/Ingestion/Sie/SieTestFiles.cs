using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Sie;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>SIE files written by the tests: text encoded as CP437 (the standard's PC8) or UTF-8, read with the reader.</summary>
internal static class SieTestFiles
{
    public static Encoding Cp437 => SieReader.Cp437;

    /// <summary>The lines joined with CRLF, as exporters write them.</summary>
    public static string Text(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    /// <summary>A calendar-year header for 2024 (with 2023 as year -1), then <paramref name="body"/>.</summary>
    public static string WithHeader(params string[] body) => Text(
    [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        "#FNAMN \"Testregionen\"",
        "#RAR 0 20240101 20241231",
        "#RAR -1 20230101 20231231",
        .. body,
    ]);

    public static (SieFile? File, ValidationErrors Errors) Read(string text, bool utf8 = false, SieReadOptions? options = null) =>
        Read(utf8 ? new UTF8Encoding(false).GetBytes(text) : Cp437.GetBytes(text), utf8, options);

    public static (SieFile? File, ValidationErrors Errors) Read(byte[] bytes, bool utf8, SieReadOptions? options = null)
    {
        var errors = new ValidationErrors();
        using var stream = new MemoryStream(bytes);
        return (SieReader.Read(stream, utf8, errors, options), errors);
    }

    /// <summary>The ledger or budget as "period account object amount" lines, object "-" for none: easy to compare with hand-computed values.</summary>
    public static string[] Lines(IEnumerable<SieAmount> amounts) =>
        [.. amounts.Select(a => $"{a.Period} {a.Account} {a.ObjectId ?? "-"} {a.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}")];

    /// <summary>The one error's text, failing when there is not exactly one.</summary>
    public static ValidationError Single(ValidationErrors errors)
    {
        Assert.True(errors.Count == 1, "expected one error, got: " + string.Join(" | ", errors.Listed));
        return errors.Listed[0];
    }
}
