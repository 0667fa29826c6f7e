using Azure.Data.Tables;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Pipeline;

/// <summary>
/// A recompute reads only the months its periods need (<see cref="AmountWindow"/>) and writes only
/// rows whose content changed (<see cref="PartitionWriter"/>): on the generated two-year region,
/// recomputing a period with nothing changed rewrites no row of any table, and a new ledger version
/// that changes one account rewrites that account's fact row and the figures that depend on it, no more.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class RecomputeTests
{
    private static async Task<TestSession> RegionAsync()
    {
        var session = await TestStorage.OpenAsync();
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        foreach (var (blob, content) in GeneratedRegion.Files())
        {
            await inbox.GetBlobClient(blob).UploadAsync(BinaryData.FromString(content), overwrite: true);
            Assert.Equal(ImportStatus.Accepted, (await session.Get<IngestHandler>().IngestAsync(blob, CancellationToken.None)).Status);
        }

        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        return session;
    }

    /// <summary>Every computed row of every exported table: (table, partition, row) → (ComputedAt, AmountSek, Value or NetCost).</summary>
    private static async Task<Dictionary<(string Table, string Partition, string Row), (DateTimeOffset? At, double? Figure)>> RowsAsync(TestSession session)
    {
        var rows = new Dictionary<(string, string, string), (DateTimeOffset?, double?)>();
        foreach (var contract in OutputTables.All.Where(t => t.Columns.Any(c => c.Name == "ComputedAt")))
        {
            await foreach (var e in session.Get<StorageAccount>().Table(contract.Name).QueryAsync<TableEntity>())
            {
                rows[(contract.Name, e.PartitionKey, e.RowKey)] = (e.GetDateTimeOffset("ComputedAt"), e.GetDouble("AmountSek") ?? e.GetDouble("Value") ?? e.GetDouble("NetCost"));
            }
        }

        return rows;
    }

    [Fact]
    public async Task Recomputing_a_period_of_a_two_year_history_with_nothing_changed_rewrites_no_row()
    {
        await using var session = await RegionAsync();
        var before = await RowsAsync(session);
        var exported = await Exports.OfAsync(session, Exports.Timestamps);
        var inputs = await FactInputsAsync(session);

        // A month whose window (2024-01…2025-06, budget 2025, the latest month 2025-12 and the accuracy of 2025)
        // is not the whole history, and a December of the first year (no prior year in the store).
        await session.Get<ComputeHandler>().ComputeAsync(new Period(2025, 6), CancellationToken.None);
        await session.Get<ComputeHandler>().ComputeAsync(new Period(2024, 12), CancellationToken.None);

        var after = await RowsAsync(session);
        Assert.True(before.Count > 7_000, $"{before.Count} rows");
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Empty(before.Where(b => after[b.Key] != b.Value).Select(b => $"{b.Key}: {b.Value} → {after[b.Key]}"));
        Exports.Equal(exported, await Exports.OfAsync(session, Exports.Timestamps));
        // One period computed alone fingerprints its facts as the run of every period did: nothing was built again.
        Assert.Equal(inputs, await FactInputsAsync(session));
    }

    [Fact]
    public async Task A_new_version_of_one_committee_s_month_rewrites_its_fact_rows_and_the_figures_after_it_only()
    {
        await using var session = await RegionAsync();
        var before = await RowsAsync(session);
        var november = GeneratedRegion.Files().Single(f => f.Name == "ledger/2025-11.csv").Content;
        // HSN's November again (a file replaces the (month, committee) scopes it holds), with one account changed.
        var lines = november.Split('\n');
        var hsn = lines.Where(l => l.StartsWith("2025-11;HSN;", StringComparison.Ordinal)).ToList();
        var changed = string.Join('\n', [lines[0], .. hsn.Select(l => l.StartsWith("2025-11;HSN;4010;", StringComparison.Ordinal) ? "2025-11;HSN;4010;1000" : l)]) + "\n";

        await Task.Delay(1100); // upload times have one-second resolution
        await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient("ledger/2025-11-v2.csv").UploadAsync(BinaryData.FromString(changed));
        Assert.Equal(ImportStatus.Accepted, (await session.Get<IngestHandler>().IngestAsync("ledger/2025-11-v2.csv", CancellationToken.None)).Status);
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        var after = await RowsAsync(session);
        var rewritten = before.Keys.Where(k => after[k].At != before[k].At).ToList();
        // The fact row itself, with its new amount.
        Assert.Equal(1000d, after[(Tables.LedgerFacts, "2025-11", "HSN|4010")].Figure);
        Assert.Contains((Tables.LedgerFacts, "2025-11", "HSN|4010"), rewritten);
        // HSN's November fact rows (their Sources name the new file), no other committee's, no other month's.
        Assert.Equal(hsn.Select(l => "HSN|" + l.Split(';')[2]).Order(StringComparer.Ordinal),
            rewritten.Where(k => k.Table is Tables.LedgerFacts or Tables.BudgetFacts).Select(k => k.Partition == "2025-11" && k.Table == Tables.LedgerFacts ? k.Row : k.ToString()).Order(StringComparer.Ordinal));
        // Nothing of a month before November.
        Assert.DoesNotContain(rewritten, k => k.Partition.StartsWith("2024", StringComparison.Ordinal) || string.CompareOrdinal(k.Partition, "2025-11") < 0 && k.Partition.Length == 7);
        // The figures of November and December that include it: the operating result and HSN's net cost.
        Assert.Contains((Tables.Kpis, "2025-11", "OperatingResult"), rewritten);
        Assert.Contains((Tables.Kpis, "2025-12", "OperatingResult"), rewritten);
        Assert.Contains((Tables.CommitteeResults, "2025-12", "HSN"), rewritten);
        Assert.NotEqual(before[(Tables.CommitteeResults, "2025-12", "HSN")].Figure, after[(Tables.CommitteeResults, "2025-12", "HSN")].Figure);
    }

    /// <summary>The fingerprint each fact partition's manifest head holds (rowhashes, chunk 0000).</summary>
    private static async Task<Dictionary<string, string?>> FactInputsAsync(TestSession session)
    {
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var head in session.Get<StorageAccount>().Table(Tables.RowHashes).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {"0000"}")))
        {
            if (head.PartitionKey.StartsWith(Tables.LedgerFacts + "|", StringComparison.Ordinal) || head.PartitionKey.StartsWith(Tables.BudgetFacts + "|", StringComparison.Ordinal))
            {
                inputs[head.PartitionKey] = head.GetString("Inputs");
            }
        }

        return inputs;
    }

    [Fact]
    public async Task A_policy_version_with_the_same_account_map_leaves_the_fact_partitions_as_they_were_and_one_that_moves_an_account_rewrites_its_line()
    {
        await using var session = await RegionAsync();
        var policy = GeneratedRegion.Files().Single(f => f.Name.StartsWith("finanspolicy/", StringComparison.Ordinal)).Content;
        var inputs = await FactInputsAsync(session);
        var before = await RowsAsync(session);
        Assert.Equal(48, inputs.Count); // 24 months × ledgerfacts and budgetfacts
        Assert.All(inputs.Values, v => Assert.Matches("^[0-9a-f]{64}$", v));

        // A new version from 2025-01-01 with the same account map (a stricter result goal): 2025's
        // periods are judged again; their facts are not even built (same fingerprints), nor rewritten.
        async Task IngestPolicyAsync(string name, string text)
        {
            await Task.Delay(1100); // upload times have one-second resolution
            await session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient(name).UploadAsync(BinaryData.FromString(text));
            Assert.Equal(ImportStatus.Accepted, (await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None)).Status);
            Assert.NotEmpty(await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None));
        }

        var stricter = policy.Replace("resultShareMin: 0.014", "resultShareMin: 0.02", StringComparison.Ordinal);
        await IngestPolicyAsync("finanspolicy/finanspolicy-2025-01-01.yaml", WithValidFrom(stricter, "2025-01-01", "strängare resultatmål"));
        Assert.Equal(inputs, await FactInputsAsync(session));
        var afterStricter = await RowsAsync(session);
        Assert.DoesNotContain(before, b => b.Key.Table is Tables.LedgerFacts or Tables.BudgetFacts && afterStricter[b.Key] != b.Value);

        // A version from 2025-07-01 that moves account class 78 from Depreciation into OperatingCosts:
        // July–December's fact partitions get new fingerprints and the fact rows of the class-78
        // accounts their new ReportLine; January–June's stay as they were.
        var moved = stricter.Replace("OperatingCosts: [\"40-77\"]", "OperatingCosts: [\"40-78\"]", StringComparison.Ordinal)
            .Replace("Depreciation: [\"78\"]", "Depreciation: [\"79\"]", StringComparison.Ordinal);
        Assert.NotEqual(stricter, moved);
        await IngestPolicyAsync("finanspolicy/finanspolicy-2025-07-01.yaml", WithValidFrom(moved, "2025-07-01", "avskrivningar i verksamhetens kostnader"));
        var movedInputs = await FactInputsAsync(session);
        var changedPartitions = inputs.Where(i => movedInputs[i.Key] != i.Value).Select(i => i.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { 7, 8, 9, 10, 11, 12 }.SelectMany(m => new[] { $"{Tables.BudgetFacts}|2025-{m:00}", $"{Tables.LedgerFacts}|2025-{m:00}" }).Order(StringComparer.Ordinal), changedPartitions);
        var lines = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var row in session.Get<StorageAccount>().Table(Tables.LedgerFacts).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"(PartitionKey eq {"2025-06"} or PartitionKey eq {"2025-07"}) and Account eq {"7810"}")))
        {
            lines[row.PartitionKey + " " + row.GetString("Committee")] = row.GetString("ReportLine");
        }

        Assert.Equal("Depreciation", lines["2025-06 RS"]);
        Assert.Equal("OperatingCosts", lines["2025-07 RS"]);
    }

    private static string WithValidFrom(string policy, string validFrom, string name) =>
        string.Join('\n', policy.Split('\n').Select(l =>
            l.StartsWith("validFrom:", StringComparison.Ordinal) ? "validFrom: " + validFrom
            : l.StartsWith("name:", StringComparison.Ordinal) ? "name: " + name
            : l));
}
