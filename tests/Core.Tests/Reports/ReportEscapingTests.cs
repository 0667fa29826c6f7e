using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Reports;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Reports;

[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class ReportEscapingTests
{
    [Fact]
    public async Task Every_value_from_the_data_is_HTML_escaped_in_tables_and_charts()
    {
        await using var session = await TestStorage.OpenAsync();
        async Task Ingest(string name, string content)
        {
            await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
            Assert.NotEqual(ImportStatus.Rejected, (await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None)).Status);
        }

        await Ingest("finanspolicy/p.yaml", "validFrom: 2025-01-01\nname: X\ncommittees:\n  \"X&Y\": { name: \"<script>alert('nämnd')</script>\", netCostGrowthMax: 0.02 }\n" +
            "pensionPortfolio:\n  portfolio: Pensionsmedel\n  realReturnRequirement: 0.035\n  minRating: BBB-\n" +
            "  allocation:\n    FixedIncome: { min: 0.0, normal: 1.0, max: 1.0, benchmark: { OMRX_TBOND: 1.0 } }\n  issuerLimits:\n    Corporate: 0.05\n");
        await Ingest("ledger/jan.csv", "Period;Committee;Account;Amount\n2025-01;X&Y;8010;-100\n2025-01;X&Y;4010;60\n");
        await Ingest("innehav/jan.csv", "AsOf;Portfolio;InstrumentId;InstrumentName;AssetClass;Currency;MarketValueSek;Issuer;IssuerType;Rating;Duration;Supervised\n" +
            "2025-01-31;Pensionsmedel;B<1>;<img src=x onerror=alert(1)>;FixedIncome;SEK;100;\"Evil & <b>Co</b>\";Corporate;BB;3;ja\n");
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var reports = await session.Get<ReportWriter>().RenderAsync(new Period(2025, 1), CancellationToken.None);

        Assert.Contains("&lt;script&gt;alert(&#x27;nämnd&#x27;)&lt;/script&gt;", reports.MonthlyReport);
        Assert.DoesNotContain("<script>", reports.MonthlyReport);
        Assert.DoesNotContain("<img", reports.FinanceReport);
        Assert.DoesNotContain("<b>Co</b>", reports.FinanceReport);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", reports.FinanceReport);
        Assert.Contains("Evil &amp; &lt;b&gt;Co&lt;/b&gt;", reports.FinanceReport);
        // The committee chart's category label came from data: stripped of markup characters.
        Assert.Equal("XY", Charts.Safe("X&Y"));
        Assert.Equal("scriptalert(1)/script", Charts.Safe("<script>alert(1)</script>"));
    }
}
