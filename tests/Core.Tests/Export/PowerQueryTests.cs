using System.Text.RegularExpressions;
using Regfin.Core.Export;
using Regfin.Core.Tests.Reports;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Export;

/// <summary>reporting/powerbi cannot drift from the tables: every column a query types exists in the real export, with the contract's type.</summary>
[Collection(SampleYearGroup.Name)]
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public partial class PowerQueryTests(SampleYear sample)
{
    private static readonly string Folder = Path.Combine(TestFiles.Root, "reporting", "powerbi");

    private static string MType(ColumnType type) => type switch
    {
        ColumnType.Text => "type text",
        ColumnType.Number => "type number",
        ColumnType.Count => "Int64.Type",
        ColumnType.Date => "type date",
        ColumnType.Timestamp => "type datetimezone",
        ColumnType.Boolean => "type logical",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    [Fact]
    public void Every_table_has_a_query_and_every_typed_column_exists_in_its_export_with_the_contract_type()
    {
        foreach (var table in OutputTables.All)
        {
            var path = Path.Combine(Folder, table.Name + ".pq");
            Assert.True(File.Exists(path), $"no Power Query for {table.Name}");
            var query = File.ReadAllText(path);
            var typed = TypedColumn().Matches(query).Select(m => (Column: m.Groups[1].Value, Type: m.Groups[2].Value)).ToList();
            var selected = SelectedColumns().Match(query).Groups[1].Value.Split(", ").Select(c => c.Trim('"')).ToList();
            var header = File.ReadLines(Path.Combine(sample.ExportDirectory, table.Name + ".csv")).First().Split(',');
            var contract = table.ExportColumns.ToDictionary(c => c.Name, c => MType(c.Type));

            Assert.Equal(header, typed.Select(t => t.Column));      // every exported column typed, in order
            Assert.Equal(header, selected);                          // and selected (null properties are absent in Table Storage)
            foreach (var (column, type) in typed)
            {
                Assert.True(header.Contains(column), $"{table.Name}.pq types {column}, which the export does not have");
                Assert.True(contract[column] == type, $"{table.Name}.{column}: the query says {type}, the contract {contract[column]}");
            }
        }
    }

    [Fact]
    public void The_runs_query_types_the_columns_of_the_runs_contract()
    {
        var query = File.ReadAllText(Path.Combine(Folder, OutputTables.Runs.Name + ".pq"));
        var typed = TypedColumn().Matches(query).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        var selected = SelectedColumns().Match(query).Groups[1].Value.Split(", ").Select(c => c.Trim('"')).ToList();
        Assert.Equal(OutputTables.Runs.ExportColumns.Select(c => (c.Name, MType(c.Type))), typed);
        Assert.Equal(OutputTables.Runs.ExportColumns.Select(c => c.Name), selected);
    }

    [Fact]
    public void The_helper_switches_between_the_cloud_connector_and_Azurite_paged_by_the_continuation_headers()
    {
        var helper = File.ReadAllText(Path.Combine(Folder, "RegfinTable.pq"));
        Assert.Contains("AzureStorage.Tables(StorageAccount)", helper);
        Assert.DoesNotContain("OData.Feed(", helper); // it ignores x-ms-continuation-* and stops after 1,000 rows
        Assert.Contains("Web.Contents(AzuriteTableEndpoint", helper);
        Assert.Contains("List.Generate(", helper);
        Assert.Contains("Value.Metadata(Response)[Headers]", helper);
        Assert.Contains("\"x-ms-continuation-NextPartitionKey\"", helper);
        Assert.Contains("\"x-ms-continuation-NextRowKey\"", helper);
        Assert.Contains("[NextPartitionKey = NextPartitionKey]", helper);
        Assert.Contains("[NextRowKey = NextRowKey]", helper);
        Assert.Contains("if DataSource = \"Azurite\" then Local() else Cloud()", helper);
        Assert.Contains("IsParameterQuery = true", File.ReadAllText(Path.Combine(Folder, "DataSource.pq")));
        Assert.Contains("Table.Column(kpis, \"Period\")", File.ReadAllText(Path.Combine(Folder, "dimperiod.pq")));
    }

    [GeneratedRegex("""\{"(\w+)", (type \w+|Int64\.Type)\}""")]
    private static partial Regex TypedColumn();

    [GeneratedRegex("""RegfinTable\("\w+", \{([^}]*)\}\)""")]
    private static partial Regex SelectedColumns();
}
