using System.Text.Json;
using Regfin.Core.Alerts;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Runtime;

/// <summary>One rejected file, from its JSON report in <c>rejected/</c>.</summary>
/// <param name="BlobName">The inbox blob name as received (also its name under <c>rejected/</c>).</param>
/// <param name="TextReport">The text report's blob under <c>rejected/</c>, for people.</param>
/// <param name="Report">The report: error count and the listed errors.</param>
public sealed record RejectedFile(string BlobName, string TextReport, RejectionReport Report);

/// <summary>The pipeline's state as <c>regfin status</c> shows it (cli.md).</summary>
/// <param name="Imports">Every import record, newest last.</param>
/// <param name="Rejected">Every rejected file with its report, by name.</param>
/// <param name="DirtyPeriods">The periods waiting for compute.</param>
/// <param name="Undelivered">The (alert, channel) pairs the policy in force today still has to deliver.</param>
public sealed record StatusReport(IReadOnlyList<ImportRecord> Imports, IReadOnlyList<RejectedFile> Rejected, IReadOnlyList<Period> DirtyPeriods,
    IReadOnlyList<PendingDelivery> Undelivered);

/// <summary>
/// Reads the pipeline's state for <c>regfin status</c>: the import log, the rejection reports (their
/// JSON form, never text scraped), the dirty marks and the undelivered alerts of the channels of the
/// policy valid today (the Swedish calendar date of <see cref="TimeProvider"/>).
/// </summary>
public sealed class PipelineStatus(ImportLog imports, StorageAccount storage, DirtyPeriods dirty, PolicyStore policies, AlertOutbox outbox, TimeProvider time)
{
    private const string JsonSuffix = ".report.json";

    /// <summary>Reads the state.</summary>
    public async Task<StatusReport> ReadAsync(CancellationToken cancellationToken)
    {
        var container = storage.Container(Containers.Rejected);
        var rejected = new List<RejectedFile>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith(JsonSuffix, StringComparison.Ordinal))
            {
                var json = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
                var name = blob.Name[..^JsonSuffix.Length];
                rejected.Add(new RejectedFile(name, name + ".report.txt", RejectionReport.FromJson(json.ToString())));
            }
        }

        var channels = (await policies.ValidAtAsync(SwedishCalendar.Today(time), cancellationToken).ConfigureAwait(false)).AlertChannels.Select(c => c.Name).ToList();
        return new StatusReport(
            await imports.ListAsync(cancellationToken).ConfigureAwait(false),
            rejected.OrderBy(r => r.BlobName, StringComparer.Ordinal).ToList(),
            (await dirty.ListAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Period).ToList(),
            await outbox.PendingAsync(channels, cancellationToken).ConfigureAwait(false));
    }
}
