using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Functions.Tests;

/// <summary>
/// The app as the worker composes it: <see cref="FunctionsComposition.CreateBuilder"/> (the real
/// <c>FunctionsApplication.CreateBuilder</c>) built into a host that is never run (<c>Run()</c> needs
/// the Functions host on the other end of gRPC), with the given settings as command-line
/// configuration. Function classes come from the worker's own <see cref="IFunctionActivator"/>, one
/// per invocation, as the worker creates them.
/// </summary>
internal sealed class FunctionsApp : IAsyncDisposable
{
    private FunctionsApp(IHost host) => Host = host;

    /// <summary>The built host.</summary>
    public IHost Host { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The storage account the app's composition registered.</summary>
    public StorageAccount Storage => Services.GetRequiredService<StorageAccount>();

    /// <summary>Builds the app with <paramref name="settings"/> (keys as in local.settings.json, <c>__</c> or <c>:</c>).</summary>
    public static FunctionsApp Build(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configure = null)
    {
        var args = settings.Select(s => $"--{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}").ToArray();
        var builder = FunctionsComposition.CreateBuilder(args);
        configure?.Invoke(builder.Services);
        return new FunctionsApp(builder.Build());
    }

    /// <summary>The app on the shared Azurite with a fresh prefix, its containers and tables created.</summary>
    public static async Task<FunctionsApp> OnAzuriteAsync(Action<IServiceCollection>? configure = null)
    {
        var app = Build(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = await TestStorage.ConnectionStringAsync(),
            ["Storage:Prefix"] = TestStorage.NewPrefix(),
        }, configure);
        await app.Storage.EnsureCreatedAsync(CancellationToken.None);
        return app;
    }

    /// <summary>A new invocation's context.</summary>
    public TestFunctionContext Invocation(CancellationToken cancellationToken = default) => new(Services, cancellationToken);

    /// <summary>A function class as the worker creates it for <paramref name="context"/>.</summary>
    public T Function<T>(FunctionContext context) where T : class =>
        (T)(Services.GetRequiredService<IFunctionActivator>().CreateInstance(typeof(T), context)
            ?? throw new InvalidOperationException($"The worker's activator created no {typeof(T).Name}."));

    /// <summary>Runs one invocation of <typeparamref name="T"/>.</summary>
    public Task InvokeAsync<T>(Func<T, FunctionContext, Task> run, CancellationToken cancellationToken = default) where T : class
    {
        var context = Invocation(cancellationToken);
        return run(Function<T>(context), context);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable async)
        {
            await async.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
