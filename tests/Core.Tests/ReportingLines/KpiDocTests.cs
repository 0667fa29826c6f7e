using Regfin.Core.ReportingLines;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.ReportingLines;

/// <summary>docs/kpis.md cannot drift from the catalogue: every figure is documented with its Swedish name.</summary>
public class KpiDocTests
{
    [Fact]
    public void Every_figure_is_documented_with_its_Swedish_name()
    {
        var doc = File.ReadAllText(Path.Combine(TestFiles.Root, "docs", "kpis.md"));
        foreach (var kpi in KpiCatalog.All)
        {
            Assert.True(doc.Contains($"| {kpi.KpiId} | {kpi.LabelSv} |", StringComparison.Ordinal), $"{kpi.KpiId} ({kpi.LabelSv}) is not documented");
        }
    }
}
