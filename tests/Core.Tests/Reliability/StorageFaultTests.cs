using System.Text.RegularExpressions;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Reliability;

/// <summary>Transient storage faults on real connections are absorbed by the Azure SDK's retries alone (docs/reliability.md).</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public partial class StorageFaultTests
{
    private static readonly string[] Files =
    [
        "finanspolicy/finanspolicy-2024-12-01.yaml", "budget/budget-2025.csv", "ledger/2025-08.csv", "ledger/2025-09.csv", "ledger/2025-10.csv",
        "innehav/2025-09-30.csv", "innehav/2025-10-31.csv", "index/2025-10.csv", "lan/2025-10-31.csv", "likvida/2025-10.csv",
        "likviditetsprognos/2025-10-31.csv", "balanskrav/atgardsplan-2025.csv",
    ];

    private static async Task RunAsync(TestSession session)
    {
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        foreach (var name in Files)
        {
            await inbox.GetBlobClient(name).UploadAsync(Path.Combine(TestFiles.SampleInbox, name), overwrite: true);
            Assert.NotEqual(ImportStatus.Rejected, (await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None)).Status);
        }

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Transient_503s_timeouts_dropped_connections_and_lost_answers_are_absorbed_and_the_tables_equal_a_clean_run()
    {
        var direct = await TestStorage.ConnectionStringAsync();
        var blob = new Uri(Endpoint("Blob").Match(direct).Groups[1].Value);
        var table = new Uri(Endpoint("Table").Match(direct).Groups[1].Value);
        // Faults on every few requests, never many in a row (the SDK retries each call up to five times).
        // Two hangs per endpoint, each until the client's network timeout (5 s here) gives up and retries.
        static Fault Plan(int n) => n is 20 or 60 ? Fault.Hang : n % 13 == 3 ? Fault.ServerBusy : n % 47 == 5 ? Fault.Drop : n % 53 == 7 ? Fault.LoseAnswer : Fault.None;
        await using var blobProxy = new FaultProxy(new Uri(blob.GetLeftPart(UriPartial.Authority))) { Plan = Plan };
        await using var tableProxy = new FaultProxy(new Uri(table.GetLeftPart(UriPartial.Authority))) { Plan = Plan };
        await blobProxy.StartAsync();
        await tableProxy.StartAsync();
        var proxied = direct.Replace(blob.GetLeftPart(UriPartial.Authority), $"http://127.0.0.1:{blobProxy.Port}", StringComparison.Ordinal)
                            .Replace(table.GetLeftPart(UriPartial.Authority), $"http://127.0.0.1:{tableProxy.Port}", StringComparison.Ordinal);

        await using var clean = await TestStorage.OpenAsync();
        await RunAsync(clean);
        await using var faulty = await TestSession.OpenAsync(proxied,
            new Dictionary<string, string?> { ["Storage:Prefix"] = TestStorage.NewPrefix(), ["Storage:NetworkTimeout"] = "00:00:05" });
        await RunAsync(faulty);

        Assert.All(new[] { blobProxy, tableProxy }, p => Assert.All(p.Injected, f => Assert.True(f.Value > 0, $"no {f.Key} injected")));
        Console.WriteLine($"faults: blob {string.Join(", ", blobProxy.Injected)} of {blobProxy.Requests}; table {string.Join(", ", tableProxy.Injected)} of {tableProxy.Requests}");
        var columns = Exports.Timestamps.Concat(["Sources", "RowKey", "ReceivedAt", "IdempotencyKey", "Sequence", "AlertId", "PartitionKey"]);
        Exports.Equal(await Exports.OfAsync(clean, columns), await Exports.OfAsync(faulty, columns));
    }

    /// <summary>The endpoint of a service (Blob, Table) in a connection string.</summary>
    internal static Regex Endpoint(string service) => new($"{service}Endpoint=(http://[^;]+);");
}
