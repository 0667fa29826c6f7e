using Regfin.Core.Ingestion;
using Regfin.Core.Primitives;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Pipeline;

[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class PipelineStatusTests
{
    [Fact]
    public async Task Status_reads_imports_rejections_from_their_json_reports_and_dirty_periods()
    {
        await using var session = await TestStorage.OpenAsync();
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        await inbox.GetBlobClient("ledger/2025-03.csv").UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-03;RS;8010;-100\n"));
        await inbox.GetBlobClient("ledger/trasig.csv").UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-03;RS;8010;x\n2025-03;RS;8010;y\n"));
        await session.Get<IngestHandler>().IngestAsync("ledger/2025-03.csv", CancellationToken.None);
        await session.Get<IngestHandler>().IngestAsync("ledger/trasig.csv", CancellationToken.None);

        var status = await session.Get<PipelineStatus>().ReadAsync(CancellationToken.None);

        Assert.Equal(["ledger/2025-03.csv", "ledger/trasig.csv"], status.Imports.Select(i => i.BlobName).Order(StringComparer.Ordinal));
        var rejected = Assert.Single(status.Rejected);
        Assert.Equal("ledger/trasig.csv", rejected.BlobName);
        Assert.Equal("ledger/trasig.csv.report.txt", rejected.TextReport);
        Assert.Equal(2, rejected.Report.ErrorCount);
        Assert.Equal("Errors: 2.", rejected.Report.CountLine);
        Assert.Equal((2L, "Amount", "x"), (rejected.Report.Errors[0].Row!.Value, rejected.Report.Errors[0].Column, rejected.Report.Errors[0].Value));
        // The accepted ledger's period waits for compute, and every later period whose year to date or prior year it enters.
        Assert.Equal(new Period(2025, 3), status.DirtyPeriods[0]);
        Assert.Contains(new Period(2026, 3), status.DirtyPeriods);
        Assert.DoesNotContain(new Period(2025, 2), status.DirtyPeriods);
        Assert.Empty(status.Undelivered);
    }
}
