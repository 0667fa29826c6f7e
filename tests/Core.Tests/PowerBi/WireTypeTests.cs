using System.Text.Json;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.PowerBi;

/// <summary>
/// Types on the wire: the demo's sample year computed, every table Power BI reads comes back from the
/// Table service REST API (odata=fullmetadata) with each property in the Edm type its ColumnType in
/// TableContract says — Int64 for whole numbers (years too), Double for measures — and no property
/// the contract does not name.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class WireTypeTests
{
    /// <summary>The Edm type each ColumnType is stored as (tables.md).</summary>
    public static string Edm(ColumnType type) => type switch
    {
        ColumnType.Text => "Edm.String",
        ColumnType.Number => "Edm.Double",
        ColumnType.Count => "Edm.Int64",
        ColumnType.Date or ColumnType.Timestamp => "Edm.DateTime",
        ColumnType.Boolean => "Edm.Boolean",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// The Edm type of property <paramref name="name"/> of a fullmetadata entity: its
    /// <c>@odata.type</c> annotation where the service writes one (Int64, DateTime, Binary, Guid, and
    /// Double only for NaN/±Infinity), else what the JSON value is. Azurite, like the service, leaves
    /// out the annotation of String, Boolean, Int32 and Double, and writes a whole Double as <c>5.0</c>,
    /// an Int32 as <c>5</c>.
    /// </summary>
    public static string EdmOf(JsonElement entity, string name)
    {
        if (entity.TryGetProperty(name + "@odata.type", out var annotation))
        {
            return annotation.GetString()!;
        }

        var value = entity.GetProperty(name);
        return value.ValueKind switch
        {
            JsonValueKind.String => "Edm.String",
            JsonValueKind.True or JsonValueKind.False => "Edm.Boolean",
            JsonValueKind.Number => value.GetRawText().IndexOfAny(['.', 'e', 'E']) >= 0 ? "Edm.Double" : "Edm.Int32",
            _ => "unexpected " + value.ValueKind,
        };
    }

    [Fact]
    public async Task Every_property_of_every_table_of_the_demo_year_has_the_Edm_type_of_its_contract_column()
    {
        await using var session = await TestStorage.OpenAsync();
        Assert.All(await Reports.SampleYear.IngestAllAsync(session), r => Assert.Equal(ImportStatus.Accepted, r.Status));

        await session.Get<Regfin.Core.Pipeline.ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var headers = new Dictionary<string, string>(TableRest.QueryHeaders()) { ["Accept"] = "application/json;odata=fullmetadata" };
        var wrong = new List<string>();
        var seen = new HashSet<string>();
        var coverage = new List<double>();
        foreach (var contract in OutputTables.PowerBi)
        {
            var columns = contract.ExportColumns.ToDictionary(c => c.Name, c => Edm(c.Type));
            var rows = (await TableRest.PagesAsync(session.Get<StorageAccount>().Table(contract.Name), headers)).SelectMany(p => p).ToList();
            foreach (var row in rows)
            {
                foreach (var property in row.EnumerateObject().Select(p => p.Name).Where(p => !p.StartsWith("odata.", StringComparison.Ordinal) && !p.Contains('@') && p != "Timestamp"))
                {
                    var actual = EdmOf(row, property);
                    if (!columns.TryGetValue(property, out var expected))
                    {
                        wrong.Add($"{contract.Name}.{property}: not in the contract ({actual})");
                    }
                    else if (actual != expected)
                    {
                        wrong.Add($"{contract.Name}.{property}: {actual} on the wire, the contract says {expected}");
                    }

                    seen.Add($"{contract.Name}.{property}");
                    if (contract == OutputTables.Liquidity && property == "CashCoverageDays")
                    {
                        coverage.Add(row.GetProperty(property).GetDouble());
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong.Distinct()));
        // The demo year writes every table and the columns it checks include each corrected one.
        Assert.All(OutputTables.PowerBi.Where(t => t != OutputTables.AlertDeliveries), t => Assert.Contains(seen, c => c.StartsWith(t.Name + ".", StringComparison.Ordinal)));
        Assert.Contains("balancereq.Year", seen);
        Assert.Contains("balancereqorigins.Deadline", seen);
        Assert.Contains("maturityprofile.Year", seen);
        Assert.Contains("liquidity.CashCoverageDays", seen);
        Assert.Contains(coverage, days => Math.Round(days, 1) != days); // days are never rounded in a table
    }
}
