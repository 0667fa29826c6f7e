using System.Diagnostics;

namespace Regfin.Core.Tests.Reports;

/// <summary>
/// Debian's headless Chromium: the rendered DOM of a page and a screenshot of it. Like the embedded
/// Azurite, it installs itself on first use (apt-get, as on the CI machine), so the README's test
/// command works on a fresh machine.
/// </summary>
public static class Chromium
{
    private const string Executable = "/usr/bin/chromium";
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    private static async Task InstallAsync()
    {
        if (File.Exists(Executable))
        {
            return;
        }

        foreach (var command in new[] { "apt-get update -qq", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium" })
        {
            using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"Debian's chromium is needed and could not be installed ({command}): {await error}");
        }
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        await Installed.Value;
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking" }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    /// <summary>The DOM after the page loaded (scripts would have run; these pages have none).</summary>
    public static Task<string> DumpDomAsync(string htmlFile) => RunAsync("--dump-dom", new Uri(htmlFile).AbsoluteUri);

    /// <summary>A PNG of the page at <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static async Task ScreenshotAsync(string htmlFile, string png, int width = 1100, int height = 3200)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        await RunAsync($"--screenshot={png}", $"--window-size={width},{height}", new Uri(htmlFile).AbsoluteUri);
        Assert.True(File.Exists(png), $"no screenshot at {png}");
    }
}
