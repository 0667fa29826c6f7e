using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Sie;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;
using Regfin.Tests.Support;
using static Regfin.Core.Tests.Ingestion.Sie.SieTestFiles;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>
/// SIE files through ingestion and compute on Azurite: objects become committees through the
/// policy's sie.committeeMap whatever the order of arrival, the newest upload per (Period, Committee)
/// counts across CSV and SIE, the budget comes from #PBUDGET, and a SIE file in the wrong folder is
/// refused. Amounts are computed by hand from the files below.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class SieIngestionTests
{
    // October 2025 vouchers: cost centre 110 (→ HSN by prefix 1), 200 (→ RS), none (→ REGION).
    private static readonly string October = Text(
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        "#FNAMN \"Region Exempel, nämndernas huvudbok\"",
        "#RAR 0 20250101 20251231",
        "#RAR -1 20240101 20241231",
        "#DIM 1 \"Ansvar\"",
        "#OBJEKT 1 \"110\" \"Vårdcentral Åsen\"",
        "#OBJEKT 1 \"200\" \"Regionkansliet\"",
        "#PBUDGET 0 202510 4010 {1 \"110\"} 900.00",
        "#PBUDGET 0 202510 4010 {} 1500.00",
        "#VER A 1 20251015 \"Inköp\"",
        "{",
        "#TRANS 4010 {1 \"110\"} 1000.00",
        "#TRANS 4010 {1 \"200\"} 250.50",
        "#TRANS 3010 {} -100.00",
        "#TRANS 1930 {} -1150.50",
        "}",
        "#VER A 2 20251031 \"Skatt\"",
        "{",
        "#TRANS 8010 {} -5000",
        "#TRANS 1930 {} 5000",
        "}");

    private const string Policy = """
        validFrom: 2025-01-01
        name: Testpolicy med SIE
        sie:
          committeeDimension: 1
          committeeMap: { "1": HSN, "2": RS }
          defaultCommittee: REGION
        """;

    private static async Task<ImportStatus> IngestAsync(TestSession session, string name, byte[] content)
    {
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return (await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None)).Status;
    }

    private static Task<ImportStatus> IngestAsync(TestSession session, string name, string text) =>
        IngestAsync(session, name, name.StartsWith("sie/", StringComparison.Ordinal) ? Cp437.GetBytes(text) : System.Text.Encoding.UTF8.GetBytes(text));

    private static async Task<Dictionary<string, double?>> FactsAsync(TestSession session, string table, string period)
    {
        var rows = new Dictionary<string, double?>(StringComparer.Ordinal);
        await foreach (var e in session.Get<StorageAccount>().Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {period}")))
        {
            rows[e.RowKey] = e.GetDouble("AmountSek");
        }

        return rows;
    }

    [Fact]
    public async Task Objects_become_committees_through_the_policy_that_arrives_after_the_file_and_the_budget_comes_from_PBUDGET()
    {
        await using var session = await TestStorage.OpenAsync();
        Assert.Equal(ImportStatus.Accepted, await IngestAsync(session, "sie/oktober.se", October));
        Assert.Equal(ImportStatus.Accepted, await IngestAsync(session, "finanspolicy/p.yaml", Policy));

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var ledger = await FactsAsync(session, Tables.LedgerFacts, "2025-10");
        // 110 → HSN, 200 → RS, no object → REGION; the bank account 1930 is a fact too (the map leaves it out of the report).
        Assert.Equal(new Dictionary<string, double?>
        {
            ["HSN|4010"] = 1000, ["RS|4010"] = 251, ["REGION|3010"] = -100, ["REGION|8010"] = -5000, ["REGION|1930"] = 3850, // −1150.50 + 5000 = 3849.50 → 3850
        }, ledger);
        // #PBUDGET: the object row alone counts for HSN, the rest of the {} total (1500 − 900) goes to REGION.
        var budget = await FactsAsync(session, Tables.BudgetFacts, "2025-10");
        Assert.Equal(new Dictionary<string, double?> { ["HSN|4010"] = 900, ["REGION|4010"] = 600 }, budget);

        var import = Assert.Single(await session.Get<ImportLog>().ListAsync(CancellationToken.None), i => i.Kind == "sie");
        Assert.Equal(ImportStatus.Accepted, import.Status);
        Assert.Equal("sie/oktober.se", import.BlobName);
    }

    [Fact]
    public async Task The_newest_upload_per_period_and_committee_counts_across_CSV_and_SIE()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "finanspolicy/p.yaml", Policy);
        await IngestAsync(session, "sie/oktober.se", October);
        await Task.Delay(1100); // upload times have one-second resolution
        Assert.Equal(ImportStatus.Accepted, await IngestAsync(session, "ledger/hsn.csv", "Period;Committee;Account;Amount\n2025-10;HSN;4020;77\n"));
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var ledger = await FactsAsync(session, Tables.LedgerFacts, "2025-10");
        Assert.Equal(77, ledger["HSN|4020"]); // the newer CSV file replaces HSN's October …
        Assert.False(ledger.ContainsKey("HSN|4010"));
        Assert.Equal(251, ledger["RS|4010"]); // … and leaves the SIE file's other committees counting

        await Task.Delay(1100);
        var again = October.Replace("#TRANS 4010 {1 \"110\"} 1000.00", "#TRANS 4010 {1 \"110\"} 1200.00", StringComparison.Ordinal)
            .Replace("#TRANS 1930 {} -1150.50", "#TRANS 1930 {} -1350.50", StringComparison.Ordinal);
        Assert.Equal(ImportStatus.Accepted, await IngestAsync(session, "sie/oktober-rättad.se", again));
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        ledger = await FactsAsync(session, Tables.LedgerFacts, "2025-10");
        Assert.Equal(1200, ledger["HSN|4010"]); // a newer SIE file takes HSN back
        Assert.False(ledger.ContainsKey("HSN|4020"));
    }

    [Fact]
    public async Task A_new_committee_map_moves_the_amounts_when_the_periods_are_recomputed()
    {
        await using var session = await TestStorage.OpenAsync();
        await IngestAsync(session, "finanspolicy/p.yaml", Policy);
        await IngestAsync(session, "sie/oktober.se", October);
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var merged = Policy.Replace("validFrom: 2025-01-01", "validFrom: 2025-06-01", StringComparison.Ordinal)
            .Replace("{ \"1\": HSN, \"2\": RS }", "{ \"1\": HSN, \"2\": HSN }", StringComparison.Ordinal);
        Assert.Equal(ImportStatus.Accepted, await IngestAsync(session, "finanspolicy/p2.yaml", merged));
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var ledger = await FactsAsync(session, Tables.LedgerFacts, "2025-10");
        Assert.Equal(1251, ledger["HSN|4010"]); // 1000 + 250.50 → 1251 whole kronor
        Assert.False(ledger.ContainsKey("RS|4010"));
    }

    [Theory]
    [InlineData("ledger/oktober.se")]
    [InlineData("budget/oktober.csv")]
    public async Task A_SIE_file_under_ledger_or_budget_is_refused_with_a_report_that_says_to_put_it_under_sie(string name)
    {
        await using var session = await TestStorage.OpenAsync();

        Assert.Equal(ImportStatus.Rejected, await IngestAsync(session, name, Cp437.GetBytes(October)));

        var report = await session.Get<StorageAccount>().Container(Containers.Rejected).GetBlobClient(Rejections.RejectedName(name) + ".report.txt").DownloadContentAsync();
        Assert.Contains("put it under sie/", report.Value.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unbalanced_voucher_is_refused_naming_its_series_and_number_and_nothing_is_staged()
    {
        await using var session = await TestStorage.OpenAsync();
        var broken = October.Replace("#TRANS 1930 {} 5000", "#TRANS 1930 {} 4999", StringComparison.Ordinal);

        Assert.Equal(ImportStatus.Rejected, await IngestAsync(session, "sie/trasig.se", broken));

        var report = await session.Get<StorageAccount>().Container(Containers.Rejected).GetBlobClient(Rejections.RejectedName("sie/trasig.se") + ".report.txt").DownloadContentAsync();
        Assert.Contains("\"A 2\"", report.Value.Content.ToString(), StringComparison.Ordinal);
        Assert.Empty(await session.Get<Regfin.Core.Ingestion.Staging.FactStage>().CountingAsync(InputKind.Sie, null, CancellationToken.None));

        // regfin status answers "did my file arrive?" for SIE files like for every kind.
        Assert.Equal(ImportStatus.Accepted, await IngestAsync(session, "sie/oktober.se", October));
        var status = await session.Get<Runtime.PipelineStatus>().ReadAsync(CancellationToken.None);
        Assert.Contains(status.Imports, i => i.Kind == "sie" && i.BlobName == "sie/oktober.se" && i.Status == ImportStatus.Accepted && i.Rows == 8); // 6 #TRANS and 2 budget amounts
        var rejected = Assert.Single(status.Rejected);
        Assert.Equal("sie/trasig.se", rejected.BlobName);
        var error = Assert.Single(rejected.Report.Errors);
        Assert.Equal((19L, "#VER"), (error.Row, error.Column)); // the #VER of voucher A 2
        Assert.Equal("voucher \"A 2\" does not balance (sum -1.00)", error.Reason);
    }
}
