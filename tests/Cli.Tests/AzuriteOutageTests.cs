using Regfin.Cli.LocalStorage;
using Regfin.Core.Export;
using Regfin.Core.Pipeline;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary>
/// Storage stopped in the middle of an ingest and in the middle of a table write, then restarted on
/// its disk: every file ends fully imported or still pending, and the tables equal a clean run
/// (docs/reliability.md).
/// </summary>
public class AzuriteOutageTests
{
    private static readonly string[] Files =
    [
        "finanspolicy/finanspolicy-2024-12-01.yaml", "budget/budget-2025.csv", "ledger/2025-07.csv", "ledger/2025-08.csv", "ledger/2025-09.csv",
        "ledger/2025-10.csv", "innehav/2025-09-30.csv", "innehav/2025-10-31.csv", "index/2025-10.csv", "lan/2025-10-31.csv",
    ];

    private static async Task UploadAllAsync(StorageSession session)
    {
        foreach (var name in Files)
        {
            await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(Path.Combine(TestFiles.SampleInbox, name), overwrite: true);
        }
    }

    /// <summary>One pass as a host makes it: every inbox blob through the processor, then compute; failures left for the next pass.</summary>
    private static async Task PassAsync(StorageSession session, Action? afterFirstFile = null)
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
                catch (Exception e) when (Outage(e))
                {
                    // Storage unreachable even for the receipt: the blob stays in the inbox for the next pass.
                }

                afterFirstFile?.Invoke();
                afterFirstFile = null;
            }

            await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        }
        catch (Exception e) when (Outage(e))
        {
            // As a failed trigger or timer run: the inbox blobs and dirty marks stay for the next one.
        }
    }

    private static bool Outage(Exception e) => e is Azure.RequestFailedException or HttpRequestException or AggregateException or IOException;

    [Fact]
    public async Task Azurite_stopped_during_ingestion_and_during_compute_then_restarted_loses_nothing_and_changes_nothing()
    {
        var root = RepositoryRoot.Find()!;
        using var disk = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["Storage:Prefix"] = "outage", ["Storage:NetworkTimeout"] = "00:00:05" };
        var azurite = await EmbeddedAzurite.StartAsync(root, TextWriter.Null, CancellationToken.None, disk.Path);
        var ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var connection = azurite.ConnectionString;
        try
        {
            await using var session = await StorageSession.OpenAsync(connection, false, settings, CancellationToken.None);
            await UploadAllAsync(session);

            // Outage 1: storage stops right after the first file, while the next ones are being ingested.
            Task? outage = null;
            var first = PassAsync(session, () => outage = Task.Run(async () =>
            {
                await azurite.StopGracefullyAsync();
                await Task.Delay(1500);
                azurite = await EmbeddedAzurite.StartAsync(root, TextWriter.Null, CancellationToken.None, disk.Path, ports);
            }));
            await first;
            await outage!;

            // Outage 2: storage stops while compute writes its tables.
            await session.Get<DirtyPeriods>().MarkAsync([new Core.Primitives.Period(2025, 9), new Core.Primitives.Period(2025, 10)], CancellationToken.None);
            var compute = PassAsync(session);
            await Task.Delay(300);
            await azurite.StopGracefullyAsync();
            await Task.Delay(1500);
            azurite = await EmbeddedAzurite.StartAsync(root, TextWriter.Null, CancellationToken.None, disk.Path, ports);
            await compute;

            // Recovery: further passes process whatever is still pending. A file whose attempt the outage cut
            // keeps its blob lease until it expires (LeaseSeconds, 15 s): until then it is Busy, as for a crashed host.
            var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
            var deadline = DateTime.UtcNow.AddSeconds(45);
            await PassAsync(session);
            while (await inbox.GetBlobsAsync().AnyAsync() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                await PassAsync(session);
            }

            await PassAsync(session);
            Assert.False(await inbox.GetBlobsAsync().AnyAsync(), "a file is still pending after recovery");

            Assert.Empty(await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None));
            await using var clean = await CliStorage.OpenAsync();
            await UploadAllAsync(clean);
            await PassAsync(clean);

            var columns = Exports.Timestamps.Concat(["Sources", "RowKey", "ReceivedAt", "IdempotencyKey", "Sequence", "AlertId", "PartitionKey"]);
            Exports.Equal(await Exports.OfAsync(clean.Get<CsvExporter>(), columns, OutputTables.Alerts, OutputTables.AlertDeliveries),
                          await Exports.OfAsync(session.Get<CsvExporter>(), columns, OutputTables.Alerts, OutputTables.AlertDeliveries));
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
