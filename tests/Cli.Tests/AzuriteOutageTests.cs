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
            await OutageWorkload.UploadAllAsync(session);

            // Outage 1: storage stops right after the first file, while the next ones are being ingested.
            Task? outage = null;
            var first = OutageWorkload.PassAsync(session, () => outage = Task.Run(async () =>
            {
                await azurite.StopGracefullyAsync();
                await Task.Delay(1500);
                azurite = await EmbeddedAzurite.StartAsync(root, TextWriter.Null, CancellationToken.None, disk.Path, ports);
            }));
            await first;
            await outage!;

            // Outage 2: storage stops while compute writes its tables.
            await session.Get<DirtyPeriods>().MarkAsync([new Core.Primitives.Period(2025, 9), new Core.Primitives.Period(2025, 10)], CancellationToken.None);
            var compute = OutageWorkload.PassAsync(session);
            await Task.Delay(300);
            await azurite.StopGracefullyAsync();
            await Task.Delay(1500);
            azurite = await EmbeddedAzurite.StartAsync(root, TextWriter.Null, CancellationToken.None, disk.Path, ports);
            await compute;

            // Recovery: further passes process whatever is still pending. A file whose attempt the outage cut
            // keeps its blob lease until it expires (LeaseSeconds, 15 s): until then it is Busy, as for a crashed host.
            var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
            var deadline = DateTime.UtcNow.AddSeconds(45);
            await OutageWorkload.PassAsync(session);
            while (await inbox.GetBlobsAsync().AnyAsync() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                await OutageWorkload.PassAsync(session);
            }

            await OutageWorkload.PassAsync(session);
            Assert.False(await inbox.GetBlobsAsync().AnyAsync(), "a file is still pending after recovery");

            Assert.Empty(await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None));
            await using var clean = await CliStorage.OpenAsync();
            await OutageWorkload.UploadAllAsync(clean);
            await OutageWorkload.PassAsync(clean);

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
