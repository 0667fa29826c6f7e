using Azure;
using Azure.Data.Tables;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Storage;

/// <summary>
/// The partition writer on Azurite: a partition ends up holding exactly the rows given, and only
/// rows whose content changed are written (the manifest in <c>rowhashes</c>).
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class PartitionWriterTests
{
    private static readonly DateTime Monday = new(2025, 11, 3, 6, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Tuesday = new(2025, 11, 4, 6, 0, 0, DateTimeKind.Utc);

    private static List<ITableEntity> Rows(int count, DateTime computedAt, Func<int, double>? amount = null, string keyPad = "") =>
        Enumerable.Range(0, count).Select(i => (ITableEntity)new TableEntity("2025-10", $"HSN|{4000 + i}{keyPad}")
        {
            ["Account"] = (4000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AmountSek"] = amount?.Invoke(i) ?? i * 10d,
            ["ComputedAt"] = computedAt,
        }).ToList();

    private static async Task<Dictionary<string, TableEntity>> ReadAsync(TestSession session, string table)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var e in session.Get<StorageAccount>().Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"2025-10"}")))
        {
            rows[e.RowKey] = e;
        }

        return rows;
    }

    private static async Task<int> ManifestRowsAsync(TestSession session) =>
        await session.Get<StorageAccount>().Table(Tables.RowHashes).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"ledgerfacts|2025-10"}")).CountAsync();

    private static async Task<TestSession> OpenAsync()
    {
        var session = await TestStorage.OpenAsync();
        await session.Get<StorageAccount>().EnsureCreatedAsync(CancellationToken.None);
        return session;
    }

    [Fact]
    public async Task The_same_rows_again_write_nothing_and_keep_their_ComputedAt()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();

        var first = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(250, Monday), CancellationToken.None);
        var again = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(250, Tuesday), CancellationToken.None);

        Assert.Equal(new PartitionWrite(250, 0, 0), first);
        Assert.Equal(new PartitionWrite(0, 0, 250), again);
        var stored = await ReadAsync(session, Tables.LedgerFacts);
        Assert.Equal(250, stored.Count);
        Assert.All(stored.Values, r => Assert.Equal(Monday, r.GetDateTime("ComputedAt")));
        Assert.Equal(1, await ManifestRowsAsync(session));
    }

    [Fact]
    public async Task Changed_rows_are_written_rows_no_longer_produced_deleted_and_new_rows_added()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(250, Monday), CancellationToken.None);

        // Rows 0–4 dropped, 10–12 changed, 250–251 new.
        var next = Rows(252, Tuesday, i => i is >= 10 and <= 12 ? -1d : i * 10d).Skip(5).ToList();
        var write = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", next, CancellationToken.None);

        Assert.Equal(new PartitionWrite(5, 5, 242), write);
        var stored = await ReadAsync(session, Tables.LedgerFacts);
        Assert.Equal(next.Select(r => r.RowKey).Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(-1d, stored["HSN|4011"].GetDouble("AmountSek"));
        Assert.Equal(Tuesday, stored["HSN|4011"].GetDateTime("ComputedAt"));
        Assert.Equal(Tuesday, stored["HSN|4250"].GetDateTime("ComputedAt"));
        Assert.Equal(Monday, stored["HSN|4013"].GetDateTime("ComputedAt"));
        Assert.Equal(130d, stored["HSN|4013"].GetDouble("AmountSek"));
    }

    [Fact]
    public async Task Without_a_manifest_the_partition_is_read_and_every_row_written()
    {
        await using var session = await OpenAsync();
        var table = session.Get<StorageAccount>().Table(Tables.LedgerFacts);
        // A store written before the manifests: three rows, one of which the computation no longer produces.
        foreach (var row in Rows(3, Monday))
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        }

        var write = await session.Get<PartitionWriter>().ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(2, Tuesday), CancellationToken.None);

        Assert.Equal(new PartitionWrite(2, 1, 0), write);
        var stored = await ReadAsync(session, Tables.LedgerFacts);
        Assert.Equal(["HSN|4000", "HSN|4001"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.All(stored.Values, r => Assert.Equal(Tuesday, r.GetDateTime("ComputedAt")));
        Assert.Equal(new PartitionWrite(0, 0, 2),
            await session.Get<PartitionWriter>().ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(2, Tuesday), CancellationToken.None));
    }

    [Fact]
    public async Task A_manifest_too_large_for_one_transaction_is_written_in_several_and_shrinks_again()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        var pad = new string('x', 380); // long keys: about 60 rows per manifest row, so 2,600 rows need 44 of them
        await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(2_600, Monday, keyPad: pad), CancellationToken.None);
        var large = await ManifestRowsAsync(session);

        var same = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(2_600, Tuesday, keyPad: pad), CancellationToken.None);
        var shrunk = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(100, Tuesday, keyPad: pad), CancellationToken.None);
        var small = await ManifestRowsAsync(session);
        var again = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(100, Tuesday, keyPad: pad), CancellationToken.None);

        Assert.True(large > 40, $"{large} manifest rows");
        Assert.Equal(new PartitionWrite(0, 0, 2_600), same);
        Assert.Equal(new PartitionWrite(0, 2_500, 100), shrunk);
        Assert.Equal(2, small);
        Assert.Equal(new PartitionWrite(0, 0, 100), again);
        Assert.Equal(100, (await ReadAsync(session, Tables.LedgerFacts)).Count);
    }

    [Fact]
    public async Task A_manifest_without_its_head_is_not_believed()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(10, Monday), CancellationToken.None);
        // A write cut short after the rows and before the manifest's head.
        await session.Get<StorageAccount>().Table(Tables.RowHashes).DeleteEntityAsync("ledgerfacts|2025-10", "0000", ETag.All);

        var write = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(10, Tuesday), CancellationToken.None);

        Assert.Equal(new PartitionWrite(10, 0, 0), write);
        Assert.Equal(new PartitionWrite(0, 0, 10), await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(10, Tuesday), CancellationToken.None));
    }

    [Fact]
    public async Task A_row_deleted_behind_the_writer_s_back_is_no_error_and_Clear_forgets_the_manifests()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        var table = session.Get<StorageAccount>().Table(Tables.LedgerFacts);
        await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(10, Monday), CancellationToken.None);
        await table.DeleteEntityAsync("2025-10", "HSN|4000", ETag.All);

        var write = await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(10, Tuesday).Skip(1).ToList(), CancellationToken.None);
        await writer.ClearAsync(Tables.LedgerFacts, CancellationToken.None);

        Assert.Equal(new PartitionWrite(0, 1, 9), write);
        Assert.Empty(await ReadAsync(session, Tables.LedgerFacts));
        Assert.Equal(0, await ManifestRowsAsync(session));
        Assert.Equal(new PartitionWrite(3, 0, 0), await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(3, Tuesday), CancellationToken.None));
    }

    [Fact]
    public async Task A_partition_last_written_from_the_same_inputs_is_not_built_again()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        var builds = 0;
        Func<CancellationToken, Task<IReadOnlyCollection<ITableEntity>>> Build(int count, DateTime at, Func<int, double>? amount = null) => _ =>
        {
            builds++;
            return Task.FromResult<IReadOnlyCollection<ITableEntity>>(Rows(count, at, amount));
        };

        var first = await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports A", Build(250, Monday), CancellationToken.None);
        var same = await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports A", Build(250, Tuesday), CancellationToken.None);
        Assert.Equal(new PartitionWrite(250, 0, 0), first);
        Assert.Equal(new PartitionWrite(0, 0, 250), same); // told from the manifest's head alone
        Assert.Equal(1, builds);

        // New inputs giving the same rows (a new policy version, the same account map): built and
        // compared, nothing written, and the inputs remembered, so the next run skips again.
        var newInputs = await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports A, policy 2", Build(250, Tuesday), CancellationToken.None);
        var again = await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports A, policy 2", Build(250, Tuesday), CancellationToken.None);
        Assert.Equal(new PartitionWrite(0, 0, 250), newInputs);
        Assert.Equal(new PartitionWrite(0, 0, 250), again);
        Assert.Equal(2, builds);
        Assert.All((await ReadAsync(session, Tables.LedgerFacts)).Values, r => Assert.Equal(Monday, r.GetDateTime("ComputedAt")));

        // New inputs with other rows: 3 changed, 50 gone.
        var changed = await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports B", Build(200, Tuesday, i => i < 3 ? -1d : i * 10d), CancellationToken.None);
        Assert.Equal(new PartitionWrite(3, 50, 197), changed);
        Assert.Equal(3, builds);
        var stored = await ReadAsync(session, Tables.LedgerFacts);
        Assert.Equal(200, stored.Count);
        Assert.Equal(-1d, stored["HSN|4002"].GetDouble("AmountSek"));

        // A plain write (no inputs) of other rows forgets them: the next inputs-keyed write builds again.
        Assert.Equal(new PartitionWrite(3, 0, 197), await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(200, Tuesday), CancellationToken.None));
        Assert.Equal(new PartitionWrite(3, 0, 197), await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports B", Build(200, Tuesday, i => i < 3 ? -1d : i * 10d), CancellationToken.None));
        Assert.Equal(4, builds);
    }

    [Fact]
    public async Task A_manifest_without_a_head_is_not_trusted_for_its_inputs()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        var builds = 0;
        Task<IReadOnlyCollection<ITableEntity>> Build(CancellationToken _)
        {
            builds++;
            return Task.FromResult<IReadOnlyCollection<ITableEntity>>(Rows(10, Monday));
        }

        await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports A", Build, CancellationToken.None);
        // A write cut short after the head was taken away (the multi-transaction path deletes it first).
        await session.Get<StorageAccount>().Table(Tables.RowHashes).DeleteEntityAsync("ledgerfacts|2025-10", "0000", ETag.All);

        var write = await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports A", Build, CancellationToken.None);

        Assert.Equal(2, builds);
        Assert.Equal(new PartitionWrite(10, 0, 0), write); // no manifest believed: every row written again
        Assert.Equal(new PartitionWrite(0, 0, 10), await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "imports A", Build, CancellationToken.None));
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task A_manifest_of_several_transactions_keeps_its_inputs_and_a_change_takes_them_away_first()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        var pad = new string('x', 380); // 44 manifest rows: written head last, in several transactions
        var builds = 0;
        Func<CancellationToken, Task<IReadOnlyCollection<ITableEntity>>> Build(int count) => _ =>
        {
            builds++;
            return Task.FromResult<IReadOnlyCollection<ITableEntity>>(Rows(count, Monday, keyPad: pad));
        };

        Assert.Equal(new PartitionWrite(2_600, 0, 0), await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Build(2_600), CancellationToken.None));
        Assert.True(await ManifestRowsAsync(session) > 40);
        Assert.Equal(new PartitionWrite(0, 0, 2_600), await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Build(2_600), CancellationToken.None));
        Assert.Equal(1, builds);

        // A plain write that changes rows takes the inputs off the head before it touches a row, and
        // writes its own manifest without them: the inputs X no longer vouch for the partition.
        await writer.ReplacePartitionAsync(Tables.LedgerFacts, "2025-10", Rows(2_599, Monday, keyPad: pad), CancellationToken.None);
        var head = await session.Get<StorageAccount>().Table(Tables.RowHashes).GetEntityAsync<TableEntity>("ledgerfacts|2025-10", "0000");
        Assert.True(string.IsNullOrEmpty(head.Value.GetString("Inputs")));
        Assert.Equal(2_599, head.Value.GetInt32("RowCount"));
        Assert.Equal(new PartitionWrite(1, 0, 2_599), await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Build(2_600), CancellationToken.None));
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task Rows_a_crash_left_half_written_under_a_removed_head_are_rewritten_by_the_next_run_with_the_old_inputs()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        var table = session.Get<StorageAccount>().Table(Tables.LedgerFacts);
        Task<IReadOnlyCollection<ITableEntity>> Old(CancellationToken _) => Task.FromResult<IReadOnlyCollection<ITableEntity>>(Rows(10, Monday));
        await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Old, CancellationToken.None);

        // What a write of new inputs Y leaves when it dies after its first rows: the head it removed
        // first, and two rows of Y's content in the table (the manifest's other rows still those of X).
        await session.Get<StorageAccount>().Table(Tables.RowHashes).DeleteEntityAsync("ledgerfacts|2025-10", "0000", ETag.All);
        foreach (var row in Rows(2, Tuesday, _ => -7d))
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        }

        // The next run brings X back (the policy put back, the build rolled back): not skipped, and
        // since no manifest is believed every row is written again — the half-written ones mended.
        var write = await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Old, CancellationToken.None);

        Assert.Equal(new PartitionWrite(10, 0, 0), write);
        var stored = await ReadAsync(session, Tables.LedgerFacts);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 10d), stored.Values.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.GetDouble("AmountSek")!.Value));
        Assert.Equal(new PartitionWrite(0, 0, 10), await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Old, CancellationToken.None));
    }

    [Fact]
    public async Task A_write_that_fails_after_changing_rows_leaves_no_manifest_to_believe()
    {
        await using var session = await OpenAsync();
        var writer = session.Get<PartitionWriter>();
        Task<IReadOnlyCollection<ITableEntity>> Old(CancellationToken _) => Task.FromResult<IReadOnlyCollection<ITableEntity>>(Rows(10, Monday));
        await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Old, CancellationToken.None);

        // Inputs Y whose rows the service refuses (a text over a cell's 64 KiB): the write fails at its
        // rows, after it has taken the manifest's head away.
        Task<IReadOnlyCollection<ITableEntity>> Refused(CancellationToken _)
        {
            var rows = Rows(10, Tuesday, _ => -7d);
            ((TableEntity)rows[0])["Text"] = new string('x', 40_000);
            return Task.FromResult<IReadOnlyCollection<ITableEntity>>(rows);
        }

        await Assert.ThrowsAsync<Azure.Data.Tables.TableTransactionFailedException>(() => writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "Y", Refused, CancellationToken.None));
        var head = await session.Get<StorageAccount>().Table(Tables.RowHashes).GetEntityIfExistsAsync<TableEntity>("ledgerfacts|2025-10", "0000");
        Assert.False(head.HasValue);
        Assert.Equal(new PartitionWrite(10, 0, 0), await writer.ReplacePartitionFromInputsAsync(Tables.LedgerFacts, "2025-10", "X", Old, CancellationToken.None));
    }
}
