using System.Text.Json;
using Azure.Data.Tables;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.PowerBi;

/// <summary>
/// RegfinTable.pq's Azurite path reads every row of a table over 1,000 rows: the same REST calls
/// (URL, headers, continuation query options) return them all, over more than one page.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class PagingTests
{
    [Fact]
    public async Task Every_row_of_a_table_over_1000_rows_comes_back_over_several_pages_with_the_query_s_requests()
    {
        await using var session = await TestStorage.OpenAsync();
        var table = session.Get<Regfin.Core.Storage.StorageAccount>().Table("paging");
        await table.CreateIfNotExistsAsync();
        var written = new List<(string Partition, string Row)>();
        foreach (var partition in new[] { "2025-01", "2025-02", "2025-03" })
        {
            var rows = Enumerable.Range(0, 850).Select(i => new TableEntity(partition, i.ToString("00000")) { ["Amount"] = i + 0.5, ["Rows"] = (long)i, ["At"] = new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc) }).ToList();
            foreach (var batch in rows.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
            }

            written.AddRange(rows.Select(r => (r.PartitionKey, r.RowKey)));
        }

        var headers = TableRest.QueryHeaders();
        Assert.Equal("application/json;odata=minimalmetadata", headers["Accept"]);
        Assert.True(headers.ContainsKey("x-ms-version"), string.Join(", ", headers.Keys));

        var pages = await TableRest.PagesAsync(table, headers);
        var read = pages.SelectMany(p => p).Select(e => (e.GetProperty("PartitionKey").GetString()!, e.GetProperty("RowKey").GetString()!)).ToList();

        Assert.True(pages.Count > 1, $"one page of {read.Count} rows: the continuation was not followed");
        Assert.All(pages, p => Assert.True(p.Count <= 1000));
        Assert.Equal(written.Count, read.Count);                          // 2,550: none twice, none lost
        Assert.Equal(written.Order(), read.Order());
        var first = pages[0][0];                                          // what Typed in the query converts
        Assert.Equal("Edm.Int64", first.GetProperty("Rows@odata.type").GetString());
        Assert.Equal("Edm.DateTime", first.GetProperty("At@odata.type").GetString());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("Amount").ValueKind);
    }
}
