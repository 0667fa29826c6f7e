using System.Diagnostics;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary>The result of one <c>regfin</c> run.</summary>
internal sealed record RegfinRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the <c>regfin</c> program as its own process, exactly as a user would: the native program
/// that <c>./regfin</c> publishes (Native AOT), with the repository root and optional environment.
/// </summary>
internal static class RegfinProcess
{
    /// <summary>
    /// The published native program. The first use runs <c>./regfin --help</c>, which publishes it when
    /// a source changed since its last build (a few minutes) and otherwise only checks timestamps.
    /// </summary>
    public static string ProgramPath => Published.Value;

    private static readonly Lazy<string> Published = new(() =>
    {
        var script = new ProcessStartInfo(Path.Combine(TestFiles.Root, "regfin"), "--help")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(script)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("./regfin did not publish the program within 15 minutes");
        }

        stdout.Wait();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"./regfin could not publish the program:\n{stderr.Result}");
        }

        return Path.Combine(TestFiles.Root, ".build", "regfin", "regfin");
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(ProgramPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["REGFIN_ROOT"] = TestFiles.Root;
        start.Environment.Remove("Storage__ConnectionString");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    public static async Task<RegfinRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return new RegfinRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The ids of the direct children of a process (from /proc).</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var candidate))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1]) == pid)
                {
                    children.Add(candidate);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }

    /// <summary>True while a process exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="process"/> has started an Azurite (a node child) and returns its pid.</summary>
    public static async Task<int> WaitForAzuriteAsync(Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            foreach (var child in ChildrenOf(process.Id))
            {
                var cmdline = await File.ReadAllTextAsync($"/proc/{child}/cmdline").ConfigureAwait(false);
                if (cmdline.Contains("azurite.js", StringComparison.Ordinal))
                {
                    return child;
                }
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException("regfin did not start Azurite.");
    }

    public static async Task WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
