using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Pipeline;

/// <summary>The investment follow-up through ingestion and compute on Azurite: the investments table, its kpis, the overrun rule and its alert.</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class InvestmentsComputeTests
{
    // January 2025: taxes 1 000, costs −600, depreciation −100 → result and balance-requirement result 300;
    // (300 − (−100)) / investments is the self-financing ratio.
    private const string Ledger = "Månad;Nämnd;Konto;Belopp\n2025-01;RS;8010;-1000\n2025-01;RS;4010;600\n2025-01;RS;7810;100\n";
    private const string Balance = "Period;Post;Belopp\n2025-01;Investeringar;800\n";
    private const string Header = "Period;Projekt;Projektnamn;Nämnd;Kategori;Årsbudget;Utfall;Prognos;Beslutad totalutgift;Prognos totalutgift;Start;Klart\n";

    // January's file: IT-1 forecast 342 against 310 decided (+10.3 %: Warning), FA-1 on its decided total,
    // MT-1 without totals. Amounts in SEK.
    private const string January = Header +
        "2025-01;IT-1;Vårdinformationssystem;RS;IT;85;100;80;310;342;2023-01-01;2026-12-31\n" +
        "2025-01;FA-1;Reinvestering 10F;RS;Fastighet;200;300;210;1 000;1 000;;\n" +
        "2025-01;MT-1;MR-kamera;HSN;MT;28;100;27,5;;;;\n";

    // Last year's file, which January 2025 must not use.
    private const string LastYear = Header + "2024-12;OLD-1;Avslutat projekt;RS;Övrigt;999;999;999;1;1 000;;\n";

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

    [Fact]
    public async Task An_investments_file_gives_the_investments_table_its_kpis_the_self_financing_ratio_and_an_overrun_alert()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "ledger/2025-01.csv", Ledger);
        await IngestAsync(session, "balans/2025-01.csv", Balance);
        await IngestAsync(session, "investeringar/2024-12.csv", LastYear);
        await IngestAsync(session, "investeringar/2025-01.csv", January);
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        // The table: three projects, three committee|category rows and the total; last year's project is not there.
        var table = await PartitionAsync(session, Tables.Investments, "2025-01");
        Assert.Equal(["FA-1", "HSN|MedicalTechnology", "IT-1", "MT-1", "RS|IT", "RS|Property", "Total"], table.Keys.Order(StringComparer.Ordinal));
        var it = table["IT-1"];
        Assert.Equal(("IT-1", "Vårdinformationssystem", "RS", "IT", "2025-01"), (it.GetString("ProjectId"), it.GetString("ProjectName"), it.GetString("Committee"), it.GetString("Category"), it.GetString("AsOf")));
        Assert.Equal((85d, 100d, 80d, -5d), (it.GetDouble("BudgetYear"), it.GetDouble("OutcomeYtd"), it.GetDouble("ForecastYear"), it.GetDouble("DeviationYear")));
        Assert.Equal((310d, 342d, 32d), (it.GetDouble("DecidedTotal"), it.GetDouble("ForecastTotal"), it.GetDouble("Overrun")));
        Assert.Null(table["MT-1"].GetDouble("Overrun"));
        Assert.Equal((28d, -1d), (table["MT-1"].GetDouble("ForecastYear"), table["MT-1"].GetDouble("DeviationYear"))); // 27,5 and −0,5 as whole kronor, half away from zero
        var total = table["Total"];
        Assert.Null(total.GetString("ProjectId"));
        Assert.Null(total.GetString("Committee"));
        // 85 + 200 + 28 = 313; 100 + 300 + 100 = 500; 80 + 210 + 27,5 = 317,5 → 318 and 317,5 − 313 = 4,5 → 5 (whole kronor, half away from zero).
        Assert.Equal((313d, 500d, 318d, 5d), (total.GetDouble("BudgetYear"), total.GetDouble("OutcomeYtd"), total.GetDouble("ForecastYear"), total.GetDouble("DeviationYear")));
        // 310 + 1 000 (MT-1 has none); 342 + 1 000; the overruns 32 + 0.
        Assert.Equal((1310d, 1342d, 32d), (total.GetDouble("DecidedTotal"), total.GetDouble("ForecastTotal"), total.GetDouble("Overrun")));
        var property = table["RS|Property"];
        Assert.Equal(("RS", "Property", (string?)null), (property.GetString("Committee"), property.GetString("Category"), property.GetString("ProjectId")));
        Assert.Equal((200d, 210d, 10d, 0d), (property.GetDouble("BudgetYear"), property.GetDouble("ForecastYear"), property.GetDouble("DeviationYear"), property.GetDouble("Overrun")));
        Assert.Null(table["HSN|MedicalTechnology"].GetDouble("DecidedTotal"));
        Assert.False(string.IsNullOrEmpty(total.GetString("Sources")));

        // kpis: Investments area; SelfFinancingRatio on the follow-up's 500, not the balance item's 800: (300 + 100) / 500.
        var kpis = await PartitionAsync(session, Tables.Kpis, "2025-01");
        Assert.Equal((500d, "Investments", "Investeringar, utfall hittills i år"), (kpis["InvestmentsYtd"].GetDouble("Value"), kpis["InvestmentsYtd"].GetString("Area"), kpis["InvestmentsYtd"].GetString("Label")));
        Assert.Equal(313d, kpis["InvestmentsBudgetYear"].GetDouble("Value"));
        Assert.Equal(318d, kpis["InvestmentsForecastYear"].GetDouble("Value"));
        Assert.Equal(0.8d, kpis["SelfFinancingRatio"].GetDouble("Value")!.Value, 12);

        // limitchecks: IT-1 over its margin (Max 310 × 1.05 = 325.5), FA-1 Ok, MT-1 not evaluated; the summary Incomplete.
        var checks = await PartitionAsync(session, Tables.LimitChecks, "2025-01");
        Assert.Equal(("Warning", 342d, 326d), (checks["investment.IT-1.overrun"].GetString("Status"), checks["investment.IT-1.overrun"].GetDouble("Measured"), checks["investment.IT-1.overrun"].GetDouble("Max")));
        Assert.Equal("Ok", checks["investment.FA-1.overrun"].GetString("Status"));
        Assert.Equal("NotEvaluated", checks["investment.MT-1.overrun"].GetString("Status"));
        Assert.Equal(("Incomplete", "Investments", 3d), (checks["summary.investments"].GetString("Status"), checks["summary.investments"].GetString("Area"), checks["summary.investments"].GetDouble("Measured")));
        Assert.DoesNotContain(checks.Keys, k => k.StartsWith("investment.OLD-1", StringComparison.Ordinal));

        // The alert comes through the outbox: IT-1 Ok → Warning.
        var alerts = (await PartitionAsync(session, Tables.Alerts, "2025-01")).Values.Where(a => a.GetString("RuleId") == "investment.IT-1.overrun").ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(("Warning", "Investments"), (alert.GetString("ToStatus"), alert.GetString("Area")));

        var dimrule = await PartitionAsync(session, Tables.DimRule, "all");
        Assert.Contains("investment.IT-1.overrun", dimrule.Keys);
        Assert.Equal("Investments", (await PartitionAsync(session, Tables.DimKpi, "all"))["InvestmentsYtd"].GetString("Area"));
    }

    [Fact]
    public async Task A_newer_file_for_the_same_AsOf_replaces_the_period_and_resolves_the_warning()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "ledger/2025-01.csv", Ledger);
        await IngestAsync(session, "investeringar/2025-01.csv", January);
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        await Task.Delay(1100); // a later upload (upload times have one-second resolution)

        // The corrected file: IT-1 back within its margin (325 ≤ 325.5), MT-1 and FA-1 gone.
        await IngestAsync(session, "investeringar/2025-01-rättad.csv", Header + "2025-01;IT-1;Vårdinformationssystem;RS;IT;85;100;80;310;325;;\n");
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var table = await PartitionAsync(session, Tables.Investments, "2025-01");
        Assert.Equal(["IT-1", "RS|IT", "Total"], table.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(100d, (await PartitionAsync(session, Tables.Kpis, "2025-01"))["InvestmentsYtd"].GetDouble("Value"));
        var checks = await PartitionAsync(session, Tables.LimitChecks, "2025-01");
        Assert.Equal("Ok", checks["investment.IT-1.overrun"].GetString("Status"));
        Assert.DoesNotContain("investment.MT-1.overrun", checks.Keys);
        var alerts = (await PartitionAsync(session, Tables.Alerts, "2025-01")).Values.Where(a => a.GetString("RuleId") == "investment.IT-1.overrun")
            .OrderBy(a => a.GetInt64("Sequence")).Select(a => a.GetString("ToStatus")).ToList();
        Assert.Equal(["Warning", "Ok"], alerts);
    }
}
