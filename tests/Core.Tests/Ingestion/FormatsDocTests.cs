using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>docs/formats.md cannot drift from the schemas: every column of every kind is documented.</summary>
public class FormatsDocTests
{
    [Fact]
    public void Every_column_of_every_kind_is_in_the_user_documentation()
    {
        var doc = File.ReadAllText(Path.Combine(TestFiles.Root, "docs", "formats.md"));
        var columns = AccountAmountParser.Columns.Select(c => (Kind: "ledger", c.Name, c.Required))
            .Concat(Enum.GetValues<InputKind>().Select(KindSchemas.For).OfType<Regfin.Core.Ingestion.Tabular.KindSchema>()
                .SelectMany(s => s.Fields.Select(f => (Kind: s.Kind.Name(), f.Name, f.Required))));
        foreach (var (kind, name, required) in columns)
        {
            Assert.True(doc.Contains(required ? $"| **{name}** |" : $"| {name} |", StringComparison.Ordinal), $"{kind}.{name} (required: {required}) is not documented");
        }
    }
}
