using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regfin.Core;
using Regfin.Core.Storage;

namespace Regfin.Tests.Support;

/// <summary>
/// The pipeline's services (Core's one composition root, <see cref="CoreServices.AddRegfinCore"/>)
/// bound to one storage account with the given settings, its containers and tables created: what a
/// host builds, without a host. Warnings and errors are logged; nothing is printed.
/// </summary>
public sealed class TestSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestSession(ServiceProvider services) => _services = services;

    /// <summary>A pipeline service.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Opens a session on <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">The storage account.</param>
    /// <param name="settings">Further settings (<c>Storage:Prefix</c> and others).</param>
    /// <param name="configure">Further registrations after the pipeline's (tests inject faults here).</param>
    public static async Task<TestSession> OpenAsync(string connectionString, IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Storage:ConnectionString"] = connectionString })
            .Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddRegfinCore(configuration);
        configure?.Invoke(services);
        var session = new TestSession(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        await session.Get<StorageAccount>().EnsureCreatedAsync(CancellationToken.None);
        return session;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
