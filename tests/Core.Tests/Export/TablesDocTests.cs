using Regfin.Core.Export;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Export;

/// <summary>docs/tables.md cannot drift from the contract: every table and column is described.</summary>
public class TablesDocTests
{
    [Fact]
    public void Every_table_and_every_column_of_the_contract_is_in_docs_tables_md()
    {
        var doc = File.ReadAllText(Path.Combine(TestFiles.Root, "docs", "tables.md"));
        foreach (var table in OutputTables.All)
        {
            Assert.True(doc.Contains(table.Name, StringComparison.Ordinal), $"table {table.Name} is not described");
            foreach (var column in table.Columns)
            {
                Assert.True(doc.Contains(column.Name, StringComparison.Ordinal), $"{table.Name}.{column.Name} is not described");
            }
        }
    }
}
