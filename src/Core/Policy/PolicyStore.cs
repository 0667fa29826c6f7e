using System.Collections.Concurrent;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Storage;

namespace Regfin.Core.Policy;

/// <summary>
/// The policy versions in force: every accepted policy file (its validFrom is its scope, so a newer
/// upload for the same validFrom replaces it) and the built-in default. The version that judges a
/// period is the newest whose validFrom is on or before the period's last day (policy.md).
/// Policies are read back from the archive by hash and cached.
/// </summary>
/// <param name="stage">The staged facts.</param>
/// <param name="storage">The storage account (the archive).</param>
public sealed class PolicyStore(FactStage stage, StorageAccount storage)
{
    private const string ValidFromColumn = "ValidFrom";
    private const string NameColumn = "Name";
    private const string Sha256Column = "Sha256";
    private const string ExtensionColumn = "Extension";

    private readonly ConcurrentDictionary<string, FinancePolicy> _byHash = new(StringComparer.Ordinal);

    /// <summary>
    /// The stage row of an accepted policy file: its validFrom is its scope; the policy itself is read
    /// back from the archive by the file's hash and extension.
    /// </summary>
    public static StageRow StageRow(FinancePolicy policy, string sha256, string extension) =>
        new(policy.Version.ToString(), "policy",
        [
            new(ValidFromColumn, policy.Version.ToString()),
            new(NameColumn, policy.Name),
            new(Sha256Column, sha256),
            new(ExtensionColumn, extension),
        ]);

    /// <summary>The policy in force on <paramref name="date"/>.</summary>
    public async Task<FinancePolicy> ValidAtAsync(DateOnly date, CancellationToken cancellationToken) =>
        (await TimelineAsync(cancellationToken).ConfigureAwait(false)).At(date);

    /// <summary>Every version, for judging many dates with one read (the return requirement of each month of a year).</summary>
    public async Task<PolicyTimeline> TimelineAsync(CancellationToken cancellationToken)
    {
        var versions = await stage.CountingAsync(InputKind.Policy, null, cancellationToken).ConfigureAwait(false);
        var list = new List<FinancePolicy>();
        foreach (var version in versions)
        {
            list.Add(await LoadAsync(version, cancellationToken).ConfigureAwait(false));
        }

        return new PolicyTimeline(list);
    }

    private async Task<FinancePolicy> LoadAsync(CountingRow version, CancellationToken cancellationToken)
    {
        var sha = version.Text(Sha256Column)!;
        if (_byHash.TryGetValue(sha, out var cached))
        {
            return cached;
        }

        var blob = storage.Container(Containers.Archive).GetBlobClient(FileArchive.ArchiveName(InputKind.Policy, sha, "policy" + version.Text(ExtensionColumn)));
        var text = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        var errors = new ValidationErrors();
        var policy = PolicyParser.Parse(text, errors)
            ?? throw new InvalidOperationException($"The archived policy {blob.Name} no longer validates: {string.Join("; ", errors.Listed)}");
        return _byHash.GetOrAdd(sha, policy);
    }
}

/// <summary>The policy versions in force over time, the built-in default before the first.</summary>
public sealed class PolicyTimeline
{
    private readonly List<FinancePolicy> _versions;

    /// <summary>Orders the uploaded versions by validFrom.</summary>
    public PolicyTimeline(IEnumerable<FinancePolicy> versions) =>
        _versions = versions.OrderBy(v => v.Version.ValidFrom).ToList();

    /// <summary>The newest version whose validFrom is on or before <paramref name="date"/>, else the default.</summary>
    public FinancePolicy At(DateOnly date) => _versions.LastOrDefault(v => v.Version.ValidFrom <= date) ?? FinancePolicy.Default;
}
