using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Regfin.Core.Ingestion;

/// <summary>
/// Why a file was rejected: every error up to <see cref="ValidationErrors.MaxListed"/>, then a count.
/// Stored next to the rejected file as JSON (for tools) and text (for people).
/// </summary>
/// <param name="BlobName">The inbox blob name.</param>
/// <param name="Kind">The kind, when the name gave one.</param>
/// <param name="Sha256">The hash of the raw bytes (the archive key).</param>
/// <param name="ReceivedAt">The upload time.</param>
/// <param name="ErrorCount">The number of errors in all.</param>
/// <param name="Errors">The listed errors.</param>
public sealed record RejectionReport(
    string BlobName, string? Kind, string Sha256, DateTimeOffset ReceivedAt, long ErrorCount, IReadOnlyList<ValidationError> Errors)
{
    private static readonly RejectionReportJson Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json.RejectionReport);

    /// <summary>A report read back from its JSON form.</summary>
    public static RejectionReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, Json.RejectionReport) ?? throw new JsonException("an empty rejection report");

    /// <summary>The count line: <c>Errors: 3.</c>, or with how many are listed when not all are.</summary>
    public string CountLine => $"Errors: {ErrorCount}{(ErrorCount > Errors.Count ? $" (the first {Errors.Count} are listed)" : "")}.";

    /// <summary>The report as plain text a finance officer can act on.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"The file '{BlobName}' was rejected; nothing in it was imported.");
        text.AppendLine(CountLine);
        text.AppendLine("Correct the file and upload it again.");
        text.AppendLine();
        foreach (var error in Errors)
        {
            text.AppendLine("- " + error);
        }

        if (ErrorCount > Errors.Count)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"… and {ErrorCount - Errors.Count} more.");
        }

        return text.ToString();
    }
}

/// <summary>The rejection report's JSON, generated at compile time (no reflection: the program is compiled ahead of time).</summary>
[JsonSerializable(typeof(RejectionReport))]
internal sealed partial class RejectionReportJson : JsonSerializerContext;
