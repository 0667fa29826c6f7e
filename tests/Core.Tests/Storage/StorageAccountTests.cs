using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Storage;

/// <summary>The storage account's set-up on Azurite: several hosts starting together on empty storage.</summary>
[Trait("Category", "Storage")]
public sealed class StorageAccountTests
{
    [Fact]
    public async Task Hosts_creating_the_same_empty_storage_at_once_all_start_and_every_table_and_container_exists()
    {
        // Each lists what exists (nothing), then creates everything: all but one get 409 Conflict for
        // every table and container, which means "made meanwhile", not a failure.
        var connection = await TestStorage.ConnectionStringAsync();
        var prefix = TestStorage.NewPrefix();
        var hosts = Enumerable.Range(0, 4)
            .Select(_ => new StorageAccount(Options.Create(new StorageOptions { ConnectionString = connection, Prefix = prefix })))
            .ToList();

        await Task.WhenAll(hosts.Select(h => h.EnsureCreatedAsync(CancellationToken.None)));

        foreach (var table in Tables.All)
        {
            await hosts[0].Table(table).AddEntityAsync(new TableEntity("p", "r"));
            Assert.Equal("p", (await hosts[3].Table(table).GetEntityAsync<TableEntity>("p", "r")).Value.PartitionKey);
        }

        foreach (var container in Containers.All)
        {
            Assert.True((await hosts[1].Container(container).ExistsAsync()).Value, container);
        }
    }
}
