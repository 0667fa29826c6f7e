namespace Regfin.Core.Ingestion;

/// <summary>
/// A validated blob name inside the inbox container: <c>{kind}/{anything}.{csv|xlsx|yaml|yml|json}</c>.
/// </summary>
public sealed record InboxBlobName
{
    /// <summary>The longest blob name accepted (Azure's own limit is 1,024 characters).</summary>
    public const int MaxLength = 1024;

    private static readonly string[] Extensions = [".csv", ".xlsx", ".yaml", ".yml", ".json", ".se", ".si", ".sie"];

    private InboxBlobName(string name, InputKind kind, string extension)
    {
        Name = name;
        Kind = kind;
        Extension = extension;
    }

    /// <summary>The whole name, e.g. <c>ledger/2025-10/huvudbok.csv</c>.</summary>
    public string Name { get; }

    /// <summary>The kind named by the first segment.</summary>
    public InputKind Kind { get; }

    /// <summary>The lower-case extension including the dot.</summary>
    public string Extension { get; }

    /// <summary>
    /// Parses a blob name. Returns a reason in <paramref name="error"/> when the name cannot be
    /// ingested (unknown kind, no folder, unsupported extension, unsafe characters).
    /// </summary>
    public static InboxBlobName? TryParse(string name, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength)
        {
            error = $"the blob name is empty or longer than {MaxLength} characters";
            return null;
        }

        if (name.Any(char.IsControl))
        {
            error = "the blob name contains control characters";
            return null;
        }

        var segments = name.Split('/');
        if (segments.Any(s => s is ".." or "."))
        {
            error = "the blob name contains '.' or '..' segments";
            return null;
        }

        if (segments.Length < 2)
        {
            error = "the file is not in a kind folder (expected {kind}/{file}, e.g. ledger/huvudbok.csv)";
            return null;
        }

        if (!InputKinds.TryResolve(segments[0], out var kind))
        {
            error = $"'{segments[0]}' is not a known kind of file (ledger, budget, balance, pension, holdings, flows, indices, cpi, loans, cash, cashforecast, balancerequirement, policy or their Swedish names)";
            return null;
        }

        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            error = $"the extension '{extension}' is not supported (csv, xlsx, yaml, yml, json; se, si or sie for a SIE file)";
            return null;
        }

        return new InboxBlobName(name, kind, extension);
    }
}
