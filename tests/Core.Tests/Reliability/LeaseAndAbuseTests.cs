using Azure.Storage.Blobs.Specialized;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Primitives;
using Regfin.Core.Reports;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Reliability;

/// <summary>Singletons across hosts, and hostile input (docs/reliability.md).</summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public class LeaseAndAbuseTests
{
    [Fact]
    public async Task An_inbox_blob_whose_lease_another_delivery_holds_is_Busy_locally_and_waited_for_then_done_on_the_Functions_path()
    {
        await using var session = await TestStorage.OpenAsync();
        var blob = session.Get<StorageAccount>().Container(Containers.Inbox).GetBlobClient("ledger/2025-10.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-10;RS;4010;1\n"));
        var etag = (await blob.GetPropertiesAsync()).Value.ETag;
        var processor = session.Get<InboxProcessor>();
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holder = session.Get<JobLeases>().TryRunAsync(InboxProcessor.LockName("ledger/2025-10.csv"), async _ =>
        {
            holding.SetResult();
            await release.Task;
        }, CancellationToken.None);
        await holding.Task;

        // The local host: Busy at once, nothing done (no receipt), the blob stays for the next scan.
        var (local, _) = await processor.ProcessAsync("ledger/2025-10.csv", etag, rethrow: false, CancellationToken.None);
        Assert.Equal(InboxOutcome.Busy, local);
        Assert.True(await blob.ExistsAsync());

        // The Functions path waits for the lease instead of acknowledging the event unprocessed.
        var functions = processor.ProcessAsync("ledger/2025-10.csv", etag, rethrow: true, CancellationToken.None);
        await Task.Delay(1500);
        Assert.False(functions.IsCompleted);
        release.SetResult();
        Assert.True(await holder);
        var (outcome, result) = await functions;
        Assert.Equal(InboxOutcome.Processed, outcome);
        Assert.Equal(ImportStatus.Accepted, result!.Status);
        Assert.False(await blob.ExistsAsync());
    }

    [Fact]
    public async Task A_crashed_holders_lease_expires_and_another_host_takes_over()
    {
        await using var session = await TestStorage.OpenAsync();
        var leases = session.Get<JobLeases>();
        // A host took the compute lease and died: nobody renews or releases it.
        var lockBlob = session.Get<StorageAccount>().Container(Containers.Locks).GetBlobClient("jobs/compute");
        await lockBlob.UploadAsync(BinaryData.FromString(""), overwrite: true);
        await lockBlob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(15));
        var ran = 0;

        Assert.False(await leases.TryRunAsync("jobs/compute", _ => { ran++; return Task.CompletedTask; }, CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(16));
        Assert.True(await leases.TryRunAsync("jobs/compute", _ => { ran++; return Task.CompletedTask; }, CancellationToken.None));

        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task A_running_holder_keeps_its_lease_by_renewing_it_and_others_wait()
    {
        await using var session = await TestStorage.OpenAsync();
        var leases = session.Get<JobLeases>();
        using var release = new CancellationTokenSource();
        var holder = leases.TryRunAsync("jobs/long", async ct => await Task.Delay(TimeSpan.FromSeconds(120), release.Token), CancellationToken.None);
        await Task.Delay(500);

        for (var i = 0; i < 4; i++) // past the 15-second lease: renewed, still held
        {
            Assert.False(await leases.TryRunAsync("jobs/long", _ => Task.CompletedTask, CancellationToken.None));
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        await release.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holder);
        Assert.True(await leases.TryRunAsync("jobs/long", _ => Task.CompletedTask, CancellationToken.None)); // released at once
    }

    [Fact]
    public async Task Hostile_blob_names_are_rejected_or_kept_inside_their_folder_and_formula_text_is_escaped_in_every_export_and_report()
    {
        await using var session = await TestStorage.OpenAsync();
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        async Task<IngestResult> Ingest(string name, string content)
        {
            await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
            return await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None);
        }

        var ledger = "Period;Committee;Account;Amount\n2025-01;=HYPERLINK(\"http://x\");8010;-10\n2025-01;+SUM(A1);4010;5\n2025-01;@cmd;4010;1\n2025-01;-2+3;4010;1\n";
        // (A name with "/../" segments cannot even be uploaded: HTTP clients resolve dot segments in the URL.
        // Backslashes survive and must not climb out of rejected/ either.)
        var dotted = await Ingest("ledger/..\\..\\etc\\passwd.csv", ledger);
        var control = await Ingest("ledger/bad\u0001name\u007f.csv", ledger);
        var longName = await Ingest("ledger/" + new string('x', 900) + ".csv", ledger);
        var formula = await Ingest("ledger/2025-01.csv", ledger);
        await session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);

        // Nothing escapes its folder: whatever the name, the file is archived and reported under a safe name.
        Assert.Equal(ImportStatus.Accepted, dotted.Status);   // the same bytes under other names: one import, duplicates
        Assert.All(new[] { longName, formula }, r => Assert.Equal(ImportStatus.Duplicate, r.Status));
        Assert.Equal(ImportStatus.Rejected, control.Status);  // control characters in a name: refused, with a report under a safe name
        Assert.True(await session.Get<StorageAccount>().Container(Containers.Rejected).GetBlobClient("ledger/bad_name_.csv.report.txt").ExistsAsync());
        Assert.Equal("ledger/_/_/etc/passwd.csv", Rejections.RejectedName("ledger/../../etc/passwd.csv"));
        Assert.Equal("ledger/bad_name_.csv", Rejections.RejectedName("ledger/bad\u0001name\u007f.csv"));
        await foreach (var blob in session.Get<StorageAccount>().Container(Containers.Rejected).GetBlobsAsync())
        {
            Assert.DoesNotContain("..", blob.Name.Split('/'));
            Assert.False(blob.Name.Any(char.IsControl), blob.Name);
        }

        using var dir = new TempDirectory();
        await session.Get<CsvExporter>().ExportAsync(dir.Path, null, CancellationToken.None);
        foreach (var file in Directory.EnumerateFiles(dir.Path, "*.csv"))
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                foreach (var cell in CsvFiles.Parse("h\n" + line).Rows.SelectMany(r => r))
                {
                    Assert.False(cell.Length > 0 && "=+@\t\r".Contains(cell[0], StringComparison.Ordinal) || cell.StartsWith("-2", StringComparison.Ordinal),
                        $"{Path.GetFileName(file)}: unescaped formula text '{cell}'");
                }
            }
        }

        var facts = File.ReadAllText(Path.Combine(dir.Path, "ledgerfacts.csv"));
        Assert.Contains("'=HYPERLINK", facts);
        Assert.Contains("'+SUM(A1)", facts);
        Assert.Contains("'@cmd", facts);
        Assert.Contains("'-2+3", facts);

        var report = (await session.Get<ReportWriter>().RenderAsync(new Period(2025, 1), CancellationToken.None)).MonthlyReport!;
        Assert.DoesNotContain("<script", report, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("=HYPERLINK(&quot;http://x&quot;)", report); // shown as text, never a link
    }
}
