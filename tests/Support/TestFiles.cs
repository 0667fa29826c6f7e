using System.Text;

namespace Regfin.Tests.Support;

/// <summary>Paths of the repository's sample data, and temporary folders that clean up after themselves.</summary>
public static class TestFiles
{
    /// <summary>The repository root.</summary>
    public static string Root => Regfin.Cli.LocalStorage.RepositoryRoot.Find() ?? throw new InvalidOperationException("no repository");

    /// <summary>The demo's inbox folder.</summary>
    public static string SampleInbox => Path.Combine(Root, "samples", "inbox");

    /// <summary>Writes a file into a new folder laid out as the inbox and returns the folder.</summary>
    public static string WriteInbox(TempDirectory dir, string blobName, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(dir.Path, blobName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return dir.Path;
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TempDirectory() => Directory.CreateDirectory(Path);

    /// <summary>The folder's path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "regfin-test-" + Guid.NewGuid().ToString("N")[..8]);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
