using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Regfin.Cli.Commands;

/// <summary>
/// The demo's local webhook receiver, so a person sees the alerts arrive: listens on 127.0.0.1,
/// acknowledges each POST, and appends its body to a JSON-lines file.
/// </summary>
public sealed class AlertSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _file;
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private int _received;

    private AlertSink(int port, string file)
    {
        _file = file;
        Url = $"http://127.0.0.1:{port}/alerts/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The URL to configure as the webhook.</summary>
    public string Url { get; }

    /// <summary>How many alerts arrived.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Starts on a free port, writing what arrives to <paramref name="file"/> (replaced).</summary>
    public static AlertSink Start(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, "");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new AlertSink(port, file);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync().ConfigureAwait(false);
                string line;
                try
                {
                    line = JsonNode.Parse(body)?.ToJsonString() ?? "null";
                }
                catch (System.Text.Json.JsonException)
                {
                    line = JsonValue.Create(body).ToJsonString();
                }

                lock (_gate)
                {
                    File.AppendAllText(_file, line + "\n");
                }
            }

            Interlocked.Increment(ref _received);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
