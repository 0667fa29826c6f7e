using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Regfin.Core.Tests.Reliability;

/// <summary>What the proxy does with one request.</summary>
public enum Fault
{
    /// <summary>Forward it.</summary>
    None,
    /// <summary>Answer 503 Server Busy without forwarding (a throttled or failing-over service).</summary>
    ServerBusy,
    /// <summary>Drop the connection without forwarding.</summary>
    Drop,
    /// <summary>Forward it, then drop the connection: the storage did the work, the answer is lost.</summary>
    LoseAnswer,
    /// <summary>Never answer (until the client gives up: its network timeout).</summary>
    Hang,
}

/// <summary>
/// A fault-injecting HTTP proxy in front of one Azurite endpoint (Kestrel on 127.0.0.1): each request
/// is forwarded or faulted by <see cref="Plan"/>, so storage calls meet real 503s and broken
/// connections that the Azure SDK's retry options must absorb.
/// </summary>
public sealed class FaultProxy(Uri target) : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length" };
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
    private WebApplication? _app;
    private int _count;

    /// <summary>The fault for request number n (1-based).</summary>
    public Func<int, Fault> Plan { get; set; } = _ => Fault.None;

    /// <summary>
    /// The fault for a request by its path and body as text (a table's name stands in either: in the
    /// path of a single operation, in the body of a batch), asked before <see cref="Plan"/>; None
    /// passes the request on to Plan.
    /// </summary>
    public Func<string, string, Fault> PlanByRequest { get; set; } = (_, _) => Fault.None;

    /// <summary>Requests seen.</summary>
    public int Requests => Volatile.Read(ref _count);

    /// <summary>Faults injected, by kind.</summary>
    public Dictionary<Fault, int> Injected { get; } = new() { [Fault.ServerBusy] = 0, [Fault.Drop] = 0, [Fault.LoseAnswer] = 0, [Fault.Hang] = 0 };

    /// <summary>The proxy's port.</summary>
    public int Port { get; private set; }

    /// <summary>Starts on a free port.</summary>
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        Port = new Uri(app.Urls.First()).Port;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var count = Interlocked.Increment(ref _count);
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var byRequest = PlanByRequest(context.Request.Path.Value ?? "", System.Text.Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
        var fault = byRequest != Fault.None ? byRequest : Plan(count);
        if (fault != Fault.None)
        {
            lock (Injected)
            {
                Injected[fault]++;
            }
        }

        if (fault == Fault.ServerBusy)
        {
            context.Response.StatusCode = 503;
            context.Response.Headers["x-ms-error-code"] = "ServerBusy";
            return;
        }

        if (fault == Fault.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (fault == Fault.Drop)
        {
            context.Abort();
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            new Uri(target, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent()));
        body.Position = 0;
        request.Content = new StreamContent(body);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        if (fault == Fault.LoseAnswer)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _client.Dispose();
    }
}
