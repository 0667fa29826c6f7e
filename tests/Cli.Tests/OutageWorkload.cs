using Regfin.Cli.LocalStorage;
using Regfin.Core.Pipeline;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary>
/// The work the storage-outage tests break (AzuriteOutageTests: stopped; AzuriteKillTests: killed):
/// ten sample files of several kinds, and a host's pass over the inbox and the dirty periods that
/// leaves whatever storage failed for the next pass, as a trigger or timer retry would.
/// </summary>
internal static class OutageWorkload
{
    /// <summary>The sample files uploaded to the inbox.</summary>
    public static readonly string[] Files =
    [
        "finanspolicy/finanspolicy-2024-12-01.yaml", "budget/budget-2025.csv", "ledger/2025-07.csv", "ledger/2025-08.csv", "ledger/2025-09.csv",
        "ledger/2025-10.csv", "innehav/2025-09-30.csv", "innehav/2025-10-31.csv", "index/2025-10.csv", "lan/2025-10-31.csv",
    ];

    /// <summary>Uploads <see cref="Files"/> to the inbox.</summary>
    public static async Task UploadAllAsync(StorageSession session)
    {
        foreach (var name in Files)
        {
            await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(Path.Combine(TestFiles.SampleInbox, name), overwrite: true);
        }
    }

    /// <summary>One pass as a host makes it: every inbox blob through the processor, then compute; failures left for the next pass.</summary>
    /// <param name="session">The storage session.</param>
    /// <param name="afterFirstFile">Called once, after the first file (to break storage at that moment).</param>
    public static async Task PassAsync(StorageSession session, Action? afterFirstFile = null)
    {
        try
        {
            var blobs = new List<(string, Azure.ETag)>();
            await foreach (var blob in session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobsAsync())
            {
                blobs.Add((blob.Name, blob.Properties.ETag!.Value));
            }

            foreach (var (name, etag) in blobs.OrderBy(b => b.Item1, StringComparer.Ordinal))
            {
                try
                {
                    await session.Get<InboxProcessor>().ProcessAsync(name, etag, rethrow: false, CancellationToken.None);
                }
                catch (Exception e) when (IsOutage(e))
                {
                    // Storage unreachable even for the receipt: the blob stays in the inbox for the next pass.
                }

                afterFirstFile?.Invoke();
                afterFirstFile = null;
            }

            await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        }
        catch (Exception e) when (IsOutage(e))
        {
            // As a failed trigger or timer run: the inbox blobs and dirty marks stay for the next one.
        }
    }

    /// <summary>What an unreachable storage throws through the SDK.</summary>
    public static bool IsOutage(Exception e) => e is Azure.RequestFailedException or HttpRequestException or AggregateException or IOException or TaskCanceledException;
}
