using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.PowerBi;

/// <summary>
/// Reads a table the way reporting/powerbi/RegfinTable.pq does on the Azurite path: Query Entities
/// (<c>GET {endpoint}/{table}()?{sas}</c>) with the query's headers, following the
/// <c>x-ms-continuation-NextPartitionKey</c>/<c>-NextRowKey</c> response headers with the
/// <c>NextPartitionKey</c>/<c>NextRowKey</c> query options until a response has none.
/// </summary>
public static partial class TableRest
{
    /// <summary>The M query the REST calls mirror.</summary>
    public static string Query => File.ReadAllText(Path.Combine(TestFiles.Root, "reporting", "powerbi", "RegfinTable.pq"));

    /// <summary>The request headers of RegfinTable.pq's <c>Web.Contents</c> call, read from the query so the two cannot drift.</summary>
    public static IReadOnlyDictionary<string, string> QueryHeaders()
    {
        var block = HeadersBlock().Match(Query);
        Assert.True(block.Success, "RegfinTable.pq has no Headers = [ … ] record");
        return HeaderField().Matches(block.Groups[1].Value).ToDictionary(m => m.Groups[1].Value + m.Groups[2].Value, m => m.Groups[3].Value);
    }

    /// <summary>A read-only SAS for <paramref name="table"/> (the dev account's key signs it), without the leading <c>?</c>.</summary>
    public static string Sas(TableClient table) =>
        table.GenerateSasUri(TableSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1)).Query.TrimStart('?');

    /// <summary>Every entity of <paramref name="table"/> page by page, with <paramref name="headers"/> on every request.</summary>
    public static async Task<List<List<JsonElement>>> PagesAsync(TableClient table, IReadOnlyDictionary<string, string> headers)
    {
        using var http = new HttpClient();
        var endpoint = table.Uri.GetLeftPart(UriPartial.Path)[..^(table.Name.Length + 1)]; // the account's table endpoint
        var sas = Sas(table);
        var pages = new List<List<JsonElement>>();
        string? continuation = "";
        while (continuation is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint}/{table.Name}()?{sas}{continuation}");
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{table.Name}: {(int)response.StatusCode} {body}");
            using var json = JsonDocument.Parse(body);
            pages.Add(json.RootElement.GetProperty("value").EnumerateArray().Select(e => e.Clone()).ToList());

            var nextPartition = Header(response, "x-ms-continuation-NextPartitionKey");
            var nextRow = Header(response, "x-ms-continuation-NextRowKey");
            continuation = nextPartition is null ? null
                : "&NextPartitionKey=" + Uri.EscapeDataString(nextPartition) + (nextRow is null ? "" : "&NextRowKey=" + Uri.EscapeDataString(nextRow));
        }

        return pages;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    [GeneratedRegex(@"Headers = \[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex HeadersBlock();

    [GeneratedRegex("""(?:#"([^"]+)"|(\w+)) = "([^"]*)"\s*,?""")]
    private static partial Regex HeaderField();
}
