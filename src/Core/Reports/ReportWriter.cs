using Microsoft.Extensions.Logging;
using Regfin.Core.Pipeline;
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
/// Renders a period's reports from its computed result and writes them to blob <c>reports/{period}/</c>
/// (the compute run, with the results it has just written) or to a folder (<c>regfin report</c>,
/// which computes the period with the same <see cref="PeriodEvaluator"/> and writes nothing else).
/// </summary>
public sealed class ReportWriter(StorageAccount storage, PeriodEvaluator evaluator, TimeProvider time, ILogger<ReportWriter> logger)
{
    /// <summary>Renders a period's pages.</summary>
    public PeriodReports Render(PeriodReport report)
    {
        var result = report.Result;
        var now = time.GetUtcNow();
        var finance = result.Finance;
        var hasFinance = finance is not null && (finance.Allocation.Count > 0 || finance.Debt is not null || finance.Liquidity.Count > 0 || finance.Checks.Count > 0);
        return new PeriodReports(result.Period, result.HasLedger ? MonthlyReportPage.Render(report, now) : null,
            hasFinance ? FinanceReportPage.Render(report, now) : null);
    }

    /// <summary>Computes and renders a period's pages (nothing is written).</summary>
    public async Task<PeriodReports> RenderAsync(Period period, CancellationToken cancellationToken) =>
        Render(await evaluator.ReportAsync(period, cancellationToken).ConfigureAwait(false));

    /// <summary>Renders and uploads to <c>reports/{period}/</c>.</summary>
    public async Task<PeriodReports> PublishAsync(PeriodReport report, CancellationToken cancellationToken)
    {
        var reports = Render(report);
        await UploadAsync(reports, cancellationToken).ConfigureAwait(false);
        return reports;
    }

    /// <summary>Uploads rendered pages to <c>reports/{period}/</c>.</summary>
    public async Task UploadAsync(PeriodReports reports, CancellationToken cancellationToken)
    {
        var container = storage.Container(Containers.Reports);
        foreach (var (name, html) in reports.Files)
        {
            var blob = container.GetBlobClient($"{reports.Period}/{name}");
            await blob.UploadAsync(BinaryData.FromString(html), new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "text/html; charset=utf-8" },
            }, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Reports of {Period} written to {Container}/{Period}/", reports.Period, Containers.Reports, reports.Period);
    }

    /// <summary>Computes, renders and writes a period's pages into <paramref name="directory"/>/{period}/; returns the files written.</summary>
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
