namespace Regfin.Cli.LocalStorage;

/// <summary>
/// Finds the repository that ships the program: the folder with <c>package.json</c> pinning Azurite
/// and the <c>samples/</c> data. <c>REGFIN_ROOT</c> (set by the <c>./regfin</c> wrapper) wins; else
/// the program's folder and the working directory are searched upwards.
/// </summary>
public static class RepositoryRoot
{
    /// <summary>The repository root, or null when the program runs outside a checkout.</summary>
    public static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("REGFIN_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment) && IsRoot(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Upwards(AppContext.BaseDirectory) ?? Upwards(Directory.GetCurrentDirectory());
    }

    private static string? Upwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (IsRoot(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static bool IsRoot(string dir) =>
        File.Exists(Path.Combine(dir, "package.json")) && File.Exists(Path.Combine(dir, "Integration.sln"));
}
