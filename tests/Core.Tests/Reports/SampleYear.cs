using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Pipeline;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Reports;

/// <summary>The bundled sample year ingested and computed once on Azurite, and exported, for the tests of what people look at.</summary>
public sealed class SampleYear : IAsyncLifetime
{
    private readonly string _export = Path.Combine(Path.GetTempPath(), "regfin-sample-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The session holding the computed sample year.</summary>
    public TestSession Session { get; private set; } = null!;

    /// <summary>The folder with every table exported as CSV.</summary>
    public string ExportDirectory => _export;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Session = await TestStorage.OpenAsync();
        await IngestAllAsync(Session);
        await Session.Get<ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        await Session.Get<CsvExporter>().ExportAsync(ExportDirectory, null, CancellationToken.None);
    }

    /// <summary>Uploads every file of samples/inbox to the inbox and ingests it, in name order; the outcomes.</summary>
    public static async Task<IReadOnlyList<IngestResult>> IngestAllAsync(TestSession session)
    {
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        var results = new List<IngestResult>();
        foreach (var file in Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(TestFiles.SampleInbox, file).Replace('\\', '/');
            await inbox.GetBlobClient(name).UploadAsync(file);
            results.Add(await session.Get<IngestHandler>().IngestAsync(name, CancellationToken.None));
        }

        return results;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Session.DisposeAsync();
        Directory.Delete(_export, recursive: true);
    }
}

/// <summary>The tests sharing <see cref="SampleYear"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SampleYearGroup : ICollectionFixture<SampleYear>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "sample year";
}
