using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Regfin.Cli.LocalStorage;

/// <summary>
/// Azurite in memory on free loopback ports, for the life of one command or one test run. Installs
/// Azurite from the repository's own <c>package.json</c> and lock file (<c>npm ci</c>) when missing,
/// starts it with the flags today's Azure SDKs need, waits until all three services listen, and
/// stops it on dispose. Azurite also exits by itself when this process dies, even by SIGKILL: it
/// watches the pipe to its standard input, which only this process holds.
/// </summary>
public sealed partial class EmbeddedAzurite : IAsyncDisposable
{
    /// <summary>The public, documented development account of Azurite (not a secret).</summary>
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Runs Azurite's own CLI, but exits when standard input closes (our process is gone).
    private const string Watchdog =
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));" +
        "process.stdin.resume();process.argv.splice(1,0,'azurite');require(process.argv[2])";

    // With a location: Azurite keeps its metadata (LokiJS) in memory and saves it every 5 s, so a
    // SIGKILL would lose writes it had acknowledged — which real storage never does. This saves every
    // changed database synchronously before each response is sent (write to a temporary file, then
    // rename), so an acknowledged write is on disk; the 5-second save is pushed out of the way.
    private const string DurableWrites =
        "const path=require('path'),fs=require('fs'),http=require('http');" +
        "const Loki=require(require.resolve('lokijs',{paths:[path.dirname(process.argv[1])]}));const dbs=new Set();" +
        "const configure=Loki.prototype.configureOptions;Loki.prototype.configureOptions=function(o,i){dbs.add(this);" +
        "if(o&&o.autosave){o=Object.assign({},o,{autosaveInterval:3600000});}return configure.call(this,o,i);};" +
        "const end=http.ServerResponse.prototype.end;http.ServerResponse.prototype.end=function(...a){for(const db of dbs){" +
        "if(db.filename&&db.autosaveDirty()){fs.writeFileSync(db.filename+'.sync~',db.serialize());fs.renameSync(db.filename+'.sync~',db.filename);" +
        "db.autosaveClearFlags();}}return end.apply(this,a);};";

    private readonly Process _process;

    private System.Text.StringBuilder _output = new();

    private EmbeddedAzurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>A connection string for the running instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{DevAccount};QueueEndpoint=http://127.0.0.1:{QueuePort}/{DevAccount};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{DevAccount};";

    /// <summary>Installs Azurite if needed and starts it.</summary>
    /// <param name="root">The repository root holding package.json.</param>
    /// <param name="progress">Where to say what is happening (an install takes a while).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="location">A folder to persist the data in (a restart on it finds the data again, even after a SIGKILL:
    /// every acknowledged write is saved before its answer); null: in memory.</param>
    /// <param name="ports">Fixed blob, queue and table ports (to restart on the same endpoints); null: free ports.</param>
    public static async Task<EmbeddedAzurite> StartAsync(string root, TextWriter progress, CancellationToken cancellationToken,
        string? location = null, (int Blob, int Queue, int Table)? ports = null)
    {
        var script = await EnsureInstalledAsync(root, progress, cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        string Port(int? port) => (port ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var arg in new[]
                 {
                     "-e", location is null ? Watchdog : DurableWrites + Watchdog, script,
                     "--blobHost", "127.0.0.1", "--blobPort", Port(ports?.Blob),
                     "--queueHost", "127.0.0.1", "--queuePort", Port(ports?.Queue),
                     "--tableHost", "127.0.0.1", "--tablePort", Port(ports?.Table),
                     "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
                 }.Concat(location is null ? ["--inMemoryPersistence"] : ["--location", location]))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var bound = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException("Azurite stopped while starting:\n" + output));
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    bound[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (bound.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Kill(process);
            throw;
        }

        return new EmbeddedAzurite(process, bound["Blob"], bound["Queue"], bound["Table"]) { _output = output };
    }

    /// <summary>
    /// The path of Azurite's entry script, running <c>npm ci</c> first when it is missing. A file lock
    /// keeps concurrent callers (parallel test assemblies) from installing twice at once.
    /// </summary>
    private static async Task<string> EnsureInstalledAsync(string root, TextWriter progress, CancellationToken cancellationToken)
    {
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }

        var lockPath = Path.Combine(Path.GetTempPath(), "regfin-npm-ci-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..12] + ".lock");
        await using var gate = await AcquireAsync(lockPath, cancellationToken).ConfigureAwait(false);
        if (File.Exists(script))
        {
            return script;
        }

        await progress.WriteLineAsync("Installing Azurite from package-lock.json (npm ci), once …").ConfigureAwait(false);
        var npm = new ProcessStartInfo("npm") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error", "--fetch-retries=5", "--fetch-retry-mintimeout=2000" })
        {
            npm.ArgumentList.Add(arg);
        }

        using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm could not be started; install Node.js 20 or later.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException($"npm ci failed (exit {process.ExitCode}):\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }

        return script;
    }

    private static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops Azurite and everything it started.</summary>
    /// <summary>
    /// Stops Azurite as an outage would, but letting it write its data to disk (SIGINT: Azurite
    /// closes its servers and databases), so a restart on the same location finds every
    /// acknowledged write — as real storage does after an outage.
    /// </summary>
    public async Task StopGracefullyAsync()
    {
        using (var signal = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync().ConfigureAwait(false);
        }

        // Azurite saves and closes its three services; the watchdog keeps node alive after that, so end it then.
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (waiting.Elapsed < TimeSpan.FromSeconds(30))
        {
            lock (_output)
            {
                if (System.Text.RegularExpressions.Regex.Count(_output.ToString(), "successfully closed") >= 3)
                {
                    break;
                }
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        Kill(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>
    /// Kills Azurite at once with SIGKILL, as a crash of the storage process: nothing is saved or
    /// closed (with a location, what it acknowledged is on disk already).
    /// </summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false); // node itself: the watchdog runs Azurite in its own process
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>The process id of the node process that runs Azurite.</summary>
    public int ProcessId => _process.Id;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Already signalled; the watchdog ends it when our pipe closes.
        }

        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
