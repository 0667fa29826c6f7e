using Regfin.Core.Ingestion;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Pipeline;

/// <summary>
/// Behaviour unchanged: the exports of the demo's sample year and of a generated two-year region,
/// computed from scratch, equal the committed exports under <c>Pipeline/Golden/</c> apart from what
/// differs between two runs of the same files (timestamps, and the upload time inside import ids).
/// A deliberate change of the figures regenerates them:
/// <c>REGFIN_GOLDEN=update dotnet test tests/Core.Tests --filter GoldenExportTests</c>, and the diff
/// shows in review what changed.
/// </summary>
[Trait("Category", "Storage")] // Azurite, Chromium or a process: not in the fast unit run
public sealed class GoldenExportTests
{
    [Fact]
    public async Task The_demo_sample_year_gives_the_committed_exports()
    {
        var files = Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(TestFiles.SampleInbox, f).Replace('\\', '/'), BinaryData.FromBytes(File.ReadAllBytes(f)))); // the bytes as uploaded (the SIE file is CP437)
        await AssertGoldenAsync("demo", files);
    }

    [Fact]
    public async Task A_generated_two_year_region_gives_the_committed_exports()
    {
        await AssertGoldenAsync("region", GeneratedRegion.Files().Select(f => (f.Name, BinaryData.FromString(f.Content))));
    }

    private static async Task AssertGoldenAsync(string name, IEnumerable<(string Name, BinaryData Content)> files)
    {
        await using var session = await TestStorage.OpenAsync();
        var inbox = session.Get<StorageAccount>().Container(Containers.Inbox);
        var ingest = session.Get<IngestHandler>();
        foreach (var (blob, content) in files)
        {
            await inbox.GetBlobClient(blob).UploadAsync(content, overwrite: true);
            var result = await ingest.IngestAsync(blob, CancellationToken.None);
            Assert.True(result.Status == ImportStatus.Accepted, $"{blob}: {result.Status}");
        }

        await session.Get<Regfin.Core.Pipeline.ComputeHandler>().ComputeDirtyAsync(CancellationToken.None);
        var actual = (await Exports.OfAsync(session, Exports.RunDependent)).ToDictionary(t => t.Key, t => Exports.WithoutUploadTimes(t.Value));

        var directory = Exports.GoldenDirectory(name);
        if (Environment.GetEnvironmentVariable("REGFIN_GOLDEN") == "update")
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true); // a table that is gone leaves no stale file
            }

            Directory.CreateDirectory(directory);
            foreach (var (table, csv) in actual)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, table + ".csv"), csv + "\n");
            }
        }

        var expected = Exports.Golden(name);
        Assert.Equal(Regfin.Core.Export.OutputTables.All.Count, expected.Count);
        Exports.Equal(expected, actual);
    }
}
