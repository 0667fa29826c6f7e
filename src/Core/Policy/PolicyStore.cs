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
    private readonly ConcurrentDictionary<string, FinancePolicy> _byHash = new(StringComparer.Ordinal);

    /// <summary>The policy in force on <paramref name="date"/>.</summary>
    public async Task<FinancePolicy> ValidAtAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var versions = await stage.CountingAsync(InputKind.Policy, null, cancellationToken).ConfigureAwait(false);
        var current = versions
            .Where(v => v.Date("ValidFrom") <= date)
            .MaxBy(v => v.Date("ValidFrom"));
        if (current is null)
        {
            return FinancePolicy.Default;
        }

        var sha = current.Text("Sha256")!;
        if (_byHash.TryGetValue(sha, out var cached))
        {
            return cached;
        }

        var blob = storage.Container(Containers.Archive).GetBlobClient(IngestHandler.ArchiveName(InputKind.Policy, sha, "policy" + current.Text("Extension")));
        var text = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        var errors = new ValidationErrors();
        var policy = PolicyParser.Parse(text, errors)
            ?? throw new InvalidOperationException($"The archived policy {blob.Name} no longer validates: {string.Join("; ", errors.Listed)}");
        return _byHash.GetOrAdd(sha, policy);
    }
}
