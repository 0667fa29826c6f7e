using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary>Input abuse beyond the ingestion corpus: a 10 GB file (docs/reliability.md).</summary>
public class LargeFileTests
{
    [Fact]
    public async Task A_10_GB_sparse_file_is_refused_by_its_size_without_being_read()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "ledger", "huge.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.SetLength(10L * 1024 * 1024 * 1024); // sparse: no disk used, ten gigabytes long
        }

        var started = DateTime.UtcNow;
        var run = await RegfinProcess.RunAsync(null, "validate", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the file is larger than the limit of 512 MiB", run.Stdout);
        // Reading 10 GB would take minutes; refusing by size takes the program's start-up.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the file was read");
    }
}
