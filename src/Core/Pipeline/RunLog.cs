using System.Globalization;
using Azure.Data.Tables;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>
/// The log of compute runs (output table <c>runs</c>, tables.md): one row per computed period and run,
/// with when it started and ended and the imports it read. Written by <see cref="ComputeHandler"/>,
/// read by whoever asks what has been computed (<c>regfin report</c> without a period).
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="outputRows">Row shaping (a long list of imports is cut, the whole kept in <c>details/</c>).</param>
public sealed class RunLog(StorageAccount storage, OutputRows outputRows)
{
    private TableClient Runs => storage.Table(Tables.Runs);

    /// <summary>Records that <paramref name="period"/> was computed from <paramref name="sources"/> between the two times.</summary>
    public async Task RecordAsync(Period period, DateTimeOffset started, DateTimeOffset completed, IEnumerable<string> sources, CancellationToken cancellationToken)
    {
        var partition = period.ToString();
        var run = new TableEntity(partition, started.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8])
        {
            ["Started"] = started.UtcDateTime,
            ["Completed"] = completed.UtcDateTime,
        };
        // Under the run's own key: each run's whole list stays where its cut cell says.
        run["Imports"] = await outputRows.CellTextAsync(Tables.Runs, run, "Imports", string.Join(';', sources), cancellationToken).ConfigureAwait(false);
        await Runs.UpsertEntityAsync(run, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The latest period that has been computed, or null when nothing has been (keys only).</summary>
    public async Task<Period?> LatestPeriodAsync(CancellationToken cancellationToken)
    {
        Period? latest = null;
        await foreach (var row in Runs.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var period = Period.Parse(row.PartitionKey);
            if (latest is null || period > latest)
            {
                latest = period;
            }
        }

        return latest;
    }
}
