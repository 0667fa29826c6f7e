using Microsoft.Extensions.Logging;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Reports;

/// <summary>The two pages of a period.</summary>
/// <param name="Period">The period.</param>
/// <param name="MonthlyReport">The månadsrapport (null without a ledger).</param>
/// <param name="FinanceReport">The finansrapport (null without finance data).</param>
public sealed record PeriodReports(Period Period, string? MonthlyReport, string? FinanceReport)
{
    /// <summary>The månadsrapport's file name.</summary>
    public const string MonthlyFile = "manadsrapport.html";

    /// <summary>The finansrapport's file name.</summary>
    public const string FinanceFile = "finansrapport.html";

    /// <summary>The pages with their file names.</summary>
    public IEnumerable<(string Name, string Html)> Files =>
        new[] { (MonthlyFile, MonthlyReport), (FinanceFile, FinanceReport) }.Where(f => f.Item2 is not null).Select(f => (f.Item1, f.Item2!));
}

/// <summary>
/// Renders a period's reports from the stored tables and writes them to blob
/// <c>reports/{period}/</c> (the compute step) or to a folder (<c>regfin report</c>).
/// </summary>
public sealed class ReportWriter(StorageAccount storage, FactStage stage, ILogger<ReportWriter> logger)
{
    /// <summary>Renders the period's pages.</summary>
    public async Task<PeriodReports> RenderAsync(Period period, CancellationToken cancellationToken)
    {
        var data = await ReportData.LoadAsync(storage, stage, period, cancellationToken).ConfigureAwait(false);
        return new PeriodReports(period, data.HasLedger ? MonthlyReportPage.Render(data) : null, data.HasFinance ? FinanceReportPage.Render(data) : null);
    }

    /// <summary>Renders and uploads to <c>reports/{period}/</c>.</summary>
    public async Task<PeriodReports> PublishAsync(Period period, CancellationToken cancellationToken)
    {
        var reports = await RenderAsync(period, cancellationToken).ConfigureAwait(false);
        var container = storage.Container(Containers.Reports);
        foreach (var (name, html) in reports.Files)
        {
            var blob = container.GetBlobClient($"{period}/{name}");
            await blob.UploadAsync(BinaryData.FromString(html), new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "text/html; charset=utf-8" },
            }, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Reports of {Period} written to {Container}/{Period}/", period, Containers.Reports, period);
        return reports;
    }

    /// <summary>Renders and writes into <paramref name="directory"/>/{period}/; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(Period period, string directory, CancellationToken cancellationToken)
    {
        var reports = await RenderAsync(period, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(directory, period.ToString());
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var (name, html) in reports.Files)
        {
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, html, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }
}
