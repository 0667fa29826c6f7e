using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Regfin.Core.Tests.Alerts;

/// <summary>
/// A real HTTP receiver on Kestrel (127.0.0.1) for webhook tests. Each request is answered by
/// <see cref="Behaviour"/> (by request number): accept, fail with a status, or hang past the
/// sender's timeout. Like a well-behaved receiver it acts on each idempotency key once and counts
/// the repeats.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> _requests = new();
    private readonly ConcurrentDictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private int _count;
    private WebApplication? _app;

    /// <summary>One request as received.</summary>
    /// <param name="HeaderKey">The Idempotency-Key header.</param>
    /// <param name="Body">The JSON body.</param>
    /// <param name="Answer">The status answered (0: hung until the sender gave up).</param>
    public sealed record Received(string? HeaderKey, JsonObject Body, int Answer);

    /// <summary>Decides the answer to request number n (1-based): a status code, or null to hang.</summary>
    public Func<int, int?> Behaviour { get; set; } = _ => 200;

    /// <summary>The port it listens on (kept across restarts).</summary>
    public int Port { get; private set; }

    /// <summary>The URL to post to; carries a fake signature in the query, as Teams workflow URLs do.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook?sig=SECRET-SIGNATURE";

    /// <summary>Every request received.</summary>
    public IReadOnlyList<Received> Requests => _requests.ToList();

    /// <summary>Per idempotency key, how many times it was accepted (processed once; repeats only counted).</summary>
    public IReadOnlyDictionary<string, int> Accepted => _accepted;

    /// <summary>Starts on a free port (or the previous one after <see cref="StopAsync"/>).</summary>
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var n = Interlocked.Increment(ref _count);
            var body = (JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject)!;
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            var answer = Behaviour(n);
            if (answer is null)
            {
                _requests.Enqueue(new Received(key, body, 0));
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.StatusCode(504);
            }

            _requests.Enqueue(new Received(key, body, answer.Value));
            if (answer is >= 200 and < 300)
            {
                _accepted.AddOrUpdate(key, 1, (_, c) => c + 1);
            }

            return Results.StatusCode(answer.Value);
        });
        await app.StartAsync();
        _app = app;
        Port = new Uri(app.Urls.First()).Port;
    }

    /// <summary>Stops listening: connections are refused until started again.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();
}
