using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Pipeline;

/// <summary>The finance report through ingestion and compute on Azurite: tables, policy versions, re-judging.</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class FinanceComputeTests
{
    private const string Holdings = "AsOf;Portfolio;InstrumentId;InstrumentName;AssetClass;Currency;MarketValueSek;Issuer;IssuerType;Rating;Duration;Supervised\n";

    private static async Task IngestAsync(TestSession session, string name, string content)
    {
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
        var result = await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        Assert.True(result.Status != ImportStatus.Rejected, string.Join("; ", result.Errors));
    }

    private static async Task<Dictionary<string, TableEntity>> PartitionAsync(TestSession session, string table, string partition)
    {
        var rows = new Dictionary<string, TableEntity>();
        await foreach (var e in session.Get<StorageAccount>().Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows[e.RowKey] = e;
        }

        return rows;
    }

    private static string Policy(string validFrom, decimal equityMax) => $"""
        validFrom: {validFrom}
        name: Test {validFrom}
        pensionPortfolio:
          portfolio: Pensionsmedel
          realReturnRequirement: 0.035
          warningMargin: 0.02
          allocation:
            Equity:      {"{"} min: 0.40, normal: 0.50, max: {equityMax.ToString(System.Globalization.CultureInfo.InvariantCulture)}, benchmark: {"{"} SIXRX: 1.0 {"}"} {"}"}
            FixedIncome: {"{"} min: 0.20, normal: 0.50, max: 0.60, benchmark: {"{"} OMRX_TBOND: 1.0 {"}"} {"}"}
          issuerLimits:
            CoveredBond: 0.20
        """;

    [Fact]
    public async Task A_period_is_judged_by_the_policy_valid_at_its_last_day_and_rejudged_when_a_new_version_arrives()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "finanspolicy/v1.yaml", Policy("2025-01-01", 0.70m));
        await IngestAsync(session, "innehav/sep.csv", Holdings +
            "2025-09-30;Pensionsmedel;E1;Aktiefond;Equity;SEK;600;Fondbolag A;Fund;;;ja\n" +
            "2025-09-30;Pensionsmedel;B1;Stadshypotek 1;FixedIncome;SEK;400;Stadshypotek;CoveredBond;AAA;3;ja\n");
        await IngestAsync(session, "innehav/oct.csv", Holdings +
            "2025-10-31;Pensionsmedel;E1;Aktiefond;Equity;SEK;618;Fondbolag A;Fund;;;ja\n" +
            "2025-10-31;Pensionsmedel;B1;Stadshypotek 1;FixedIncome;SEK;404;Stadshypotek;CoveredBond;AAA;3;ja\n");
        await IngestAsync(session, "index/levels.csv", "Date;Index;Level\n2025-09-30;SIXRX;100\n2025-10-30;SIXRX;102\n2025-09-30;OMRX_TBOND;100\n2025-10-31;OMRX_TBOND;100,5\n");
        var compute = session.Get<ComputeHandler>();
        await compute.ComputeDirtyAsync(CancellationToken.None);

        var october = await PartitionAsync(session, Tables.LimitChecks, "2025-10");
        Assert.Equal("Ok", october["pension.allocation.Equity"].GetString("Status"));   // 618 / 1 022 = 60.5 % against max 70 %
        Assert.Equal("2025-01-01", october["pension.allocation.Equity"].GetString("PolicyVersion"));
        Assert.Equal(618d / 1022d, october["pension.allocation.Equity"].GetDouble("Measured")!.Value, 12);
        Assert.Equal("Breach", october["pension.issuer.Stadshypotek"].GetString("Status")); // the whole fixed income: 100 % against 20 %
        Assert.Equal("B1 Stadshypotek 1 (0,0\u00A0mnkr)", october["pension.issuer.Stadshypotek"].GetString("Detail"));
        Assert.Equal("Breach", october["summary.pension"].GetString("Status"));
        Assert.Equal("Concentration", october["pension.issuer.Stadshypotek"].GetString("Kind"));

        var returns = await PartitionAsync(session, Tables.Returns, "2025-10");
        Assert.Equal(0.03, returns["Pensionsmedel|Equity"].GetDouble("Return")!.Value, 12);        // 618 / 600 − 1
        Assert.Equal(0.02, returns["Pensionsmedel|Equity"].GetDouble("Benchmark")!.Value, 12);     // SIXRX printed on the 30th
        Assert.Equal(0.01, returns["Pensionsmedel|FixedIncome"].GetDouble("Return")!.Value, 12);
        Assert.Equal(0.022, returns["Pensionsmedel|Total"].GetDouble("Return")!.Value, 12);        // 1 022 / 1 000 − 1
        Assert.Equal(0.0125, returns["Pensionsmedel|Total"].GetDouble("Benchmark")!.Value, 12);    // 0.5 · 2 % + 0.5 · 0.5 %
        var allocation = await PartitionAsync(session, Tables.Allocation, "2025-10");
        Assert.Equal(1022d, allocation["Pensionsmedel|Total"].GetDouble("MarketValue"));
        Assert.Equal("Ok", allocation["Pensionsmedel|Equity"].GetString("Status"));

        // A stricter version from October: October is judged again by it, September keeps the old one.
        await Task.Delay(1100); // blob creation times have one-second resolution
        await IngestAsync(session, "finanspolicy/v2.yaml", Policy("2025-10-01", 0.55m));
        Assert.Contains(await session.Get<DirtyPeriods>().ListAsync(CancellationToken.None), d => d.Period.ToString() == "2025-10");
        await compute.ComputeDirtyAsync(CancellationToken.None);

        october = await PartitionAsync(session, Tables.LimitChecks, "2025-10");
        Assert.Equal("Breach", october["pension.allocation.Equity"].GetString("Status"));
        Assert.Equal(0.55, october["pension.allocation.Equity"].GetDouble("Max"));
        Assert.Equal("2025-10-01", october["pension.allocation.Equity"].GetString("PolicyVersion"));
        var september = await PartitionAsync(session, Tables.LimitChecks, "2025-09");
        Assert.Equal("Ok", september["pension.allocation.Equity"].GetString("Status"));              // 60 % against the old 70 %
        Assert.Equal("2025-01-01", september["pension.allocation.Equity"].GetString("PolicyVersion"));

        var dimrule = await PartitionAsync(session, Tables.DimRule, "all");
        Assert.Equal("Emittenten Stadshypotek: högsta andel av räntebärande placeringar", dimrule["pension.issuer.Stadshypotek"].GetString("LabelSv"));
        Assert.Equal("Issuer Stadshypotek: maximum share of fixed income", dimrule["pension.issuer.Stadshypotek"].GetString("LabelEn"));
        Assert.Contains("summary.pension", dimrule.Keys);
    }

    [Fact]
    public async Task Debt_and_liquidity_tables_from_loans_balances_and_the_cash_forecast()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "lan/oct.csv", "AsOf;LoanId;Lender;PrincipalSek;RateType;RatePercent;StartDate;MaturityDate;NextFixingDate\n" +
            "2025-10-31;L1;Kommuninvest;300000000;Fast;3,0;2024-01-01;2026-10-31;\n" +
            "2025-10-31;L2;SEB;100000000;Rörlig;4,0;2024-01-01;2028-01-31;2026-01-31\n");
        await IngestAsync(session, "likvida/oct.csv", "Date;Account;BalanceSek\n2025-10-31;A;80000000\n2025-10-31;B;20000000\n");
        await IngestAsync(session, "likviditetsprognos/oct.csv", "AsOf;Date;Category;AmountSek\n2025-10-31;2025-11-10;Löner;-60000000\n2025-10-31;2025-11-20;Leverantörer;-50000000\n2025-10-31;2025-12-15;Skatter;200000000\n");

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var debt = (await PartitionAsync(session, Tables.Debt, "2025-10"))["Debt"];
        Assert.Equal(400_000_000d, debt.GetDouble("TotalDebt"));
        Assert.Equal(0.0325, debt.GetDouble("AverageRate")!.Value, 12);                         // (300·3 + 100·4) / 400 %
        Assert.Equal((300 * 365 + 100 * 92) / 365d / 400, debt.GetDouble("AverageFixingYears")!.Value, 12);
        Assert.Equal(1d, debt.GetDouble("ShareFixingWithin12Months"));
        Assert.Equal(0.75, debt.GetDouble("LargestLenderShare"));
        var profile = await PartitionAsync(session, Tables.MaturityProfile, "2025-10");
        Assert.Equal([("2026", 300_000_000d), ("2028", 100_000_000d)], profile.Select(p => (p.Key, p.Value.GetDouble("Principal")!.Value)).Order());

        var liquidity = (await PartitionAsync(session, Tables.Liquidity, "2025-10"))["2025-10-31"];
        Assert.Equal(100_000_000d, liquidity.GetDouble("LiquidFunds"));
        Assert.Equal(20d, liquidity.GetDouble("PaymentReadinessDays"));        // 100 − 60 = 40 on the 10th, −10 on the 20th
        Assert.Equal(45d, liquidity.GetDouble("PaymentReadinessDaysWithCredit")); // with the 300 MSEK facility: never → the 45-day horizon
        Assert.Equal(false, liquidity.GetBoolean("AtLeast"));
        Assert.Equal(-10_000_000d, liquidity.GetDouble("MinimumProjected"));

        var checks = await PartitionAsync(session, Tables.LimitChecks, "2025-10");
        Assert.Equal("Breach", checks["liquidity.readiness"].GetString("Status"));      // 20 days against 30
        Assert.Equal("Warning", checks["liquidity.minimum"].GetString("Status"));       // 100 MSEK against ≥ 100: inside, within 10 % of the bound
        Assert.Equal("Breach", checks["debt.fixing.within12m"].GetString("Status"));    // all of it fixes within 12 months, against ≤ 50 %
        Assert.Equal("Breach", checks["debt.maturity.within12m"].GetString("Status"));  // L1 matures on AsOf + 12 months: 75 % against ≤ 40 %
        Assert.Equal("Kommuninvest (75,0\u00A0%)", checks["debt.lender.single"].GetString("Detail"));
        var kpis = await PartitionAsync(session, Tables.Kpis, "2025-10");
        Assert.Equal(400_000_000d, kpis["TotalDebt"].GetDouble("Value"));
        Assert.Equal(100_000_000d, kpis["LiquidFunds"].GetDouble("Value"));
        Assert.Null(kpis["PortfolioMarketValue"].GetDouble("Value"));
        Assert.Equal("Pension", kpis["PortfolioMarketValue"].GetString("Area"));
    }
}
