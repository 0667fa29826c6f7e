using Azure.Data.Tables;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Policy;
using Regfin.Core.Portfolio;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Policy;

[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class PolicyTests
{
    [Fact]
    public void The_default_policy_carries_the_seeds_limits()
    {
        var policy = FinancePolicy.Default;
        Assert.Equal("2000-01-01", policy.Version.ToString());
        Assert.Equal(0.014m, policy.Goals.ResultShareMin);
        Assert.Equal(0.18m, policy.Goals.DebtShareMax);
        Assert.Equal(0.02m, policy.Committees["RS"].CeilingFor(2026)); // the board's ceiling for 2026 (seed 003)
        Assert.Null(policy.Committees["RS"].CeilingFor(2025));
        var pension = policy.Pension!;
        Assert.Equal(0.04m, pension.RealReturnRequirement);
        Assert.Equal("annualAverage", pension.InflationMeasure);
        var equity = pension.Segments.Single(s => s.Segment == "Equity");
        Assert.Equal((0.40m, 0.60m, 0.70m), (equity.Allocation.Min, equity.Allocation.Normal!.Value, equity.Allocation.Max));
        Assert.Equal(0.5m, equity.Benchmark["SIXRX"]);
        Assert.Equal(0.20m, pension.IssuerLimits["CoveredBond"].ByRating["AAA"]);
        Assert.Equal(0.03m, pension.IssuerLimits["Corporate"].Default);
        Assert.Equal(1.00m, pension.IssuerLimits["Government"].Default);
        Assert.Equal((1.0m, 2.0m, 3.0m), (policy.Debt!.AverageFixingYears!.Min, policy.Debt.AverageFixingYears.Normal!.Value, policy.Debt.AverageFixingYears.Max));
        Assert.Equal(300_000_000m, policy.Liquidity!.CreditFacilitySek);
        Assert.Equal(["treasury", "mail"], policy.AlertChannels.Select(c => c.Name));
        Assert.Single(policy.RealisedGains);
        Assert.Equal(2, policy.UnrealisedSecurities.Count);
    }

    [Fact]
    public void Ratings_of_both_scales_share_one_order()
    {
        Assert.True(CreditRating.TryParse("Aaa", out var aaa));
        Assert.True(CreditRating.TryParse("AAA", out var sp));
        Assert.True(CreditRating.TryParse("Baa3", out var baa3));
        Assert.True(CreditRating.TryParse("BBB-", out var bbbMinus));
        Assert.True(CreditRating.TryParse("A-", out var aMinus));
        Assert.Equal(1, aaa.Rank);
        Assert.Equal(aaa.Rank, sp.Rank);
        Assert.Equal(10, baa3.Rank);
        Assert.Equal(baa3.Rank, bbbMinus.Rank);
        Assert.True(aMinus.IsAtLeast(bbbMinus));
        Assert.False(bbbMinus.IsAtLeast(aMinus));
        Assert.False(CreditRating.TryParse("AAAA", out _));
    }

    [Theory]
    [InlineData("30-39", "3970-3979", true)]
    [InlineData("40-77", "78", false)]
    [InlineData("84", "8430-8439", true)]
    [InlineData("8430-8439", "8530-8539", false)]
    public void Account_ranges_overlap_when_an_account_matches_both(string a, string b, bool overlap)
    {
        Assert.True(AccountRange.TryParse(a, out var ra));
        Assert.True(AccountRange.TryParse(b, out var rb));
        Assert.Equal(overlap, PolicyParser.Overlap(ra, rb));
    }

    private const string Ledger = "Period;Committee;Account;Amount\n2025-01;RS;8010;-1000\n2025-01;RS;9910;300\n";
    private const string NewPolicy = "validFrom: 2025-01-01\nname: Ny policy\naccounts:\n  OperatingCosts: [\"40-77\", \"99\"]\n";

    private static async Task<TableEntity> RunAsync(params (string Name, string Content)[] files)
    {
        await using var session = await TestStorage.OpenAsync();
        foreach (var (name, content) in files)
        {
            await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(content));
            Assert.Equal(ImportStatus.Accepted, (await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None)).Status);
            await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        }

        return (await session.Get<StorageAccount>().Table(Tables.Kpis).GetEntityAsync<TableEntity>("2025-01", "OperatingCosts")).Value;
    }

    [Fact]
    public async Task A_policy_arriving_after_the_ledger_re_judges_it_as_if_it_had_come_first()
    {
        var policyLast = await RunAsync(("huvudbok/jan.csv", Ledger), ("finanspolicy/ny.yaml", NewPolicy));
        var policyFirst = await RunAsync(("finanspolicy/ny.yaml", NewPolicy), ("huvudbok/jan.csv", Ledger));

        foreach (var row in new[] { policyLast, policyFirst })
        {
            Assert.Equal(-300d, row.GetDouble("Value")); // account 9910 now maps to OperatingCosts
            Assert.Equal("2025-01-01", row.GetString("PolicyVersion"));
        }
    }

    [Fact]
    public async Task Without_an_uploaded_policy_the_default_judges_and_unmapped_accounts_are_named()
    {
        await using var session = await TestStorage.OpenAsync();
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient("ledger/jan.csv").UploadAsync(BinaryData.FromString(Ledger));
        await session.Get<IngestHandler>().IngestAsync("ledger/jan.csv", CancellationToken.None);
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var unmapped = (await session.Get<StorageAccount>().Table(Tables.Kpis).GetEntityAsync<TableEntity>("2025-01", "UnmappedAmount")).Value;
        Assert.Equal(-300d, unmapped.GetDouble("Value"));
        Assert.Contains("9910", unmapped.GetString("Reason"));
        Assert.Equal("2000-01-01", unmapped.GetString("PolicyVersion"));
    }

    [Fact]
    public async Task The_version_in_force_is_the_newest_valid_on_the_periods_last_day()
    {
        await using var session = await TestStorage.OpenAsync();
        foreach (var (name, text) in new[] { ("policy/a.yaml", "validFrom: 2025-03-01\nname: A\n"), ("policy/b.json", "{\"validFrom\": \"2025-06-15\", \"name\": \"B\"}") })
        {
            await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(text));
            await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        }

        var store = session.Get<PolicyStore>();
        Assert.Equal("2000-01-01", (await store.ValidAtAsync(new DateOnly(2025, 2, 28), CancellationToken.None)).Version.ToString());
        Assert.Equal("A", (await store.ValidAtAsync(new DateOnly(2025, 3, 31), CancellationToken.None)).Name);
        Assert.Equal("A", (await store.ValidAtAsync(new DateOnly(2025, 6, 14), CancellationToken.None)).Name);
        Assert.Equal("B", (await store.ValidAtAsync(new DateOnly(2025, 6, 30), CancellationToken.None)).Name);
    }
}
