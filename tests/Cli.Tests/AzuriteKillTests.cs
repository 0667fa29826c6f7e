using Regfin.Cli.LocalStorage;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary>
/// Azurite killed with SIGKILL at several moments of ingestion and of compute, restarted on its disk
/// and ports each time: once the work is retried, every file is imported once (nothing half-imported,
/// nothing left) and the tables equal a clean run (docs/reliability.md, issue 24).
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class AzuriteKillTests
{
    [Fact]
    public async Task Azurite_killed_at_random_moments_of_ingestion_and_compute_then_restarted_on_its_disk_ends_with_the_tables_of_a_clean_run()
    {
        var root = RepositoryRoot.Find()!;
        using var disk = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["Storage:Prefix"] = "kill", ["Storage:NetworkTimeout"] = "00:00:05" };
        var azurite = await EmbeddedAzurite.StartAsync(root, TextWriter.Null, CancellationToken.None, disk.Path);
        var ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        // Random moments, but the same ones on every run (a failure can be repeated); printed below.
        var random = new Random(24);
        var kills = new List<string>();
        try
        {
            await using var session = await StorageSession.OpenAsync(azurite.ConnectionString, false, settings, CancellationToken.None);
            await OutageWorkload.UploadAllAsync(session);

            // Kills while the work runs: after a random delay, SIGKILL, a restart on the same disk and ports, and
            // again a random delay into the same work (which goes on once storage is back: the SDK retries).
            async Task KillDuringAsync(string what, Func<Task> work, int times, int maxDelay = 900)
            {
                var running = work();
                for (var i = 0; i < times && !running.IsCompleted; i++)
                {
                    var after = random.Next(Math.Min(100, maxDelay / 2), maxDelay);
                    await Task.WhenAny(running, Task.Delay(after));
                    if (running.IsCompleted)
                    {
                        break;
                    }

                    var pid = azurite.ProcessId;
                    await azurite.KillAsync(); // SIGKILL to the node process itself
                    kills.Add($"{what}: SIGKILL to node {pid} {after} ms into it");
                    await Task.Delay(random.Next(200, 1000));
                    azurite = await EmbeddedAzurite.StartAsync(root, TextWriter.Null, CancellationToken.None, disk.Path, ports);
                }

                await running;
            }

            // Kills while the inbox is being ingested (at different moments of different files), …
            await KillDuringAsync("ingestion", () => OutageWorkload.PassAsync(session), 4);

            // … and while compute writes its tables (every period of both years marked again). On a fast
            // machine the compute may end before the first kill: then it runs again, killed sooner.
            for (var attempt = 0; attempt < 5 && !kills.Any(k => k.StartsWith("compute", StringComparison.Ordinal)); attempt++)
            {
                await session.Get<DirtyPeriods>().MarkAsync(Enumerable.Range(0, 24).Select(m => new Period(2024, 1).AddMonths(m)).ToList(), CancellationToken.None);
                await KillDuringAsync("compute", async () =>
                {
                    try
                    {
                        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
                    }
                    catch (Exception e) when (OutageWorkload.IsOutage(e))
                    {
                        // The timer run failed: its dirty marks stay for the next one.
                    }
                }, 3, maxDelay: 900 >> attempt);
            }
            Assert.True(kills.Count(k => k.StartsWith("ingestion", StringComparison.Ordinal)) >= 2 && kills.Any(k => k.StartsWith("compute", StringComparison.Ordinal)),
                "the work ended before the kills: " + string.Join("; ", kills));

            // Recovery: passes until the inbox is empty. A file whose attempt a kill cut keeps its blob
            // lease until it expires (LeaseSeconds, 15 s): until then it is Busy, as for a crashed host.
            var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            await OutageWorkload.PassAsync(session);
            while (await inbox.GetBlobsAsync().AnyAsync() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                await OutageWorkload.PassAsync(session);
            }

            await OutageWorkload.PassAsync(session);
            Console.WriteLine(string.Join('\n', kills));
            Assert.False(await inbox.GetBlobsAsync().AnyAsync(), "a file is still pending after recovery");
            Assert.Empty(await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None));

            // Nothing half-imported: one record per file, each committed, each with its bytes archived.
            var imports = await session.Get<ImportLog>().ListAsync(CancellationToken.None);
            Assert.Equal(OutageWorkload.Files.Order(StringComparer.Ordinal), imports.Select(i => i.BlobName).Order(StringComparer.Ordinal));
            Assert.All(imports, i => Assert.Contains(i.Status, new[] { ImportStatus.Accepted, ImportStatus.Superseded }));
            var archive = session.Get<StorageAccount>().Container(Containers.Archive);
            foreach (var i in imports)
            {
                Assert.True(await archive.GetBlobClient(FileArchive.ArchiveName(InputKinds.TryResolve(i.Kind, out var k) ? k : null, i.Sha256, i.BlobName)).ExistsAsync(), i.BlobName);
            }

            await using var clean = await CliStorage.OpenAsync();
            await OutageWorkload.UploadAllAsync(clean);
            await OutageWorkload.PassAsync(clean);
            var columns = Exports.Timestamps.Concat(["Sources", "RowKey", "ReceivedAt", "IdempotencyKey", "Sequence", "AlertId", "PartitionKey"]);
            Exports.Equal(await Exports.OfAsync(clean.Get<CsvExporter>(), columns, OutputTables.Alerts, OutputTables.AlertDeliveries),
                          await Exports.OfAsync(session.Get<CsvExporter>(), columns, OutputTables.Alerts, OutputTables.AlertDeliveries));
        }
        finally
        {
            Console.WriteLine(string.Join('\n', kills));
            await azurite.DisposeAsync();
        }
    }
}
