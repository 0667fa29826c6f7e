using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Reliability;

/// <summary>Replays, duplicates and out-of-order delivery change nothing (docs/reliability.md).</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class ReplayAndOrderTests
{
    private static async Task UploadAsync(TestSession session, string name, string content) =>
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);

    private static async Task IngestAsync(TestSession session, string name, string content)
    {
        await UploadAsync(session, name, content);
        await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
    }

    private static async Task ComputeAsync(TestSession session) => await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

    [Fact]
    public async Task Replay_rebuilds_every_table_from_the_archive_alone_identical_apart_from_timestamps()
    {
        await using var session = await TestStorage.OpenAsync();
        foreach (var file in Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(TestFiles.SampleInbox, file).Replace('\\', '/');
            await IngestAsync(session, name, await File.ReadAllTextAsync(file));
        }

        await IngestAsync(session, "ledger/broken.csv", "Period;Committee;Account;Amount\n2025-10;RS;4010;x\n");   // a rejected file
        await Task.Delay(1100); // a later upload of the same bytes: a Duplicate row of its own
        await IngestAsync(session, "huvudbok/copy-of-2025-10.csv", await File.ReadAllTextAsync(Path.Combine(TestFiles.SampleInbox, "ledger", "2025-10.csv"))); // a duplicate
        await ComputeAsync(session);
        var before = await Exports.OfAsync(session, Exports.Timestamps);
        Assert.True(before["imports"].Contains("Duplicate", StringComparison.Ordinal), before["imports"]);
        Assert.Contains("Rejected", before["imports"]);

        var result = await session.Get<ReplayHandler>().ReplayAsync(null, CancellationToken.None);

        var samples = Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories).Count();
        Assert.Equal(samples + 2, result.Uploads);   // the sample files, the broken one, the duplicate
        Exports.Equal(before, await Exports.OfAsync(session, Exports.Timestamps));
    }

    [Fact]
    public async Task The_same_blob_event_delivered_twice_concurrently_imports_once()
    {
        var ledger = "Period;Committee;Account;Amount\n2025-03;RS;8010;-100\n2025-03;HSN;4010;70\n";
        await using var clean = await TestStorage.OpenAsync();
        await IngestAsync(clean, "ledger/2025-03.csv", ledger);
        await ComputeAsync(clean);

        await using var twice = await TestStorage.OpenAsync();
        await UploadAsync(twice, "ledger/2025-03.csv", ledger);
        var handler = twice.Get<IngestHandler>();
        var results = await Task.WhenAll(handler.IngestAsync("ledger/2025-03.csv", CancellationToken.None), handler.IngestAsync("ledger/2025-03.csv", CancellationToken.None));
        await ComputeAsync(twice);

        Assert.Contains(results, r => r.Status == ImportStatus.Accepted);
        Exports.Equal(await Exports.OfAsync(clean, Exports.Timestamps.Concat(["Sources", "RowKey", "ReceivedAt"])),
            await Exports.OfAsync(twice, Exports.Timestamps.Concat(["Sources", "RowKey", "ReceivedAt"])));
    }

    [Fact]
    public async Task Two_versions_of_one_scope_racing_give_the_newer_and_a_policy_after_its_data_judges_as_if_first()
    {
        const string v1 = "Period;Committee;Account;Amount\n2025-03;RS;8010;-100\n";
        const string v2 = "Period;Committee;Account;Amount\n2025-03;RS;8010;-250\n";
        const string policy = "validFrom: 2025-01-01\nname: Strict\ngoals:\n  resultShareMin: 0.99\ncommittees:\n  RS: { name: Regionstyrelsen, netCostGrowthMax: 0.01 }\n";

        // The clean, ordered run: policy, then v1, then v2 (newer), one compute.
        await using var ordered = await TestStorage.OpenAsync();
        await UploadAsync(ordered, "finanspolicy/p.yaml", policy);
        await UploadAsync(ordered, "ledger/v1.csv", v1);
        await Task.Delay(1100); // blob creation times have one-second resolution
        await UploadAsync(ordered, "ledger/v2.csv", v2);
        foreach (var name in new[] { "finanspolicy/p.yaml", "ledger/v1.csv", "ledger/v2.csv" })
        {
            await ordered.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        }

        await ComputeAsync(ordered);

        // Racing: the two versions ingested concurrently, computed, and the policy arrives last.
        await using var racing = await TestStorage.OpenAsync();
        await UploadAsync(racing, "ledger/v1.csv", v1);
        await Task.Delay(1100);
        await UploadAsync(racing, "ledger/v2.csv", v2);
        await Task.WhenAll(racing.Get<IngestHandler>().IngestAsync("ledger/v2.csv", CancellationToken.None),
                           racing.Get<IngestHandler>().IngestAsync("ledger/v1.csv", CancellationToken.None));
        await ComputeAsync(racing);
        await IngestAsync(racing, "finanspolicy/p.yaml", policy);
        await ComputeAsync(racing);

        var columns = Exports.Timestamps.Concat(["Sources", "RowKey", "ReceivedAt", "Status"]);
        var expected = await Exports.OfAsync(ordered, columns, OutputTables.Alerts, OutputTables.AlertDeliveries);
        var actual = await Exports.OfAsync(racing, columns, OutputTables.Alerts, OutputTables.AlertDeliveries);
        Exports.Equal(expected, actual);
        Assert.Matches("\u241F-250(\u241F|\r?\n|$)", expected["ledgerfacts"]); // the newer version counts
        Assert.Contains("committee.RS.netcostgrowth", expected["limitchecks"]);  // judged by the late policy
    }
}
