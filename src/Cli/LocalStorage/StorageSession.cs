using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regfin.Core;
using Regfin.Core.Storage;

namespace Regfin.Cli.LocalStorage;

/// <summary>
/// The pipeline's services bound to one storage account for the life of a command: the account
/// named by <c>--storage</c> or <c>Storage__ConnectionString</c>, else an embedded Azurite that is
/// started now and stopped on dispose (also on Ctrl-C and on failure, through <c>await using</c>).
/// </summary>
public sealed class StorageSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly EmbeddedAzurite? _azurite;

    private StorageSession(ServiceProvider services, EmbeddedAzurite? azurite)
    {
        _services = services;
        _azurite = azurite;
    }

    /// <summary>True when the data lives only as long as this command (embedded Azurite).</summary>
    public bool IsEphemeral => _azurite is not null;

    /// <summary>A pipeline service.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Opens a session.</summary>
    /// <param name="storage">The <c>--storage</c> connection string, if given.</param>
    /// <param name="verbose">Log the pipeline's information messages to stderr.</param>
    /// <param name="extra">Further settings (tests use <c>Storage:Prefix</c>).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <param name="configure">Further registrations after the pipeline's (tests inject faults here).</param>
    public static async Task<StorageSession> OpenAsync(string? storage, bool verbose, IReadOnlyDictionary<string, string?>? extra, CancellationToken cancellationToken,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var connection = storage ?? configuration["Storage:ConnectionString"];
        EmbeddedAzurite? azurite = null;
        if (string.IsNullOrWhiteSpace(connection) && string.IsNullOrWhiteSpace(configuration["Storage:blobServiceUri"]))
        {
            var root = RepositoryRoot.Find() ?? throw new InvalidOperationException(
                "No storage given (--storage or Storage__ConnectionString) and no repository found to start Azurite from.");
            azurite = await EmbeddedAzurite.StartAsync(root, Console.Error, cancellationToken).ConfigureAwait(false);
            connection = azurite.ConnectionString;
        }

        try
        {
            var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
            if (!string.IsNullOrWhiteSpace(connection))
            {
                settings["Storage:ConnectionString"] = connection;
            }

            var merged = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection()
                .AddLogging(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
                    .AddFilter(l => l >= (verbose ? LogLevel.Information : LogLevel.Warning))
                    .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
                .AddRegfinCore(merged);
            configure?.Invoke(services);
            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
            var session = new StorageSession(provider, azurite);
            var composed = Environment.TickCount64;
            await session.Get<StorageAccount>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            if (verbose)
            {
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                var sinceStart = DateTime.Now - process.StartTime;
                session.Get<ILogger<StorageSession>>().LogInformation("Storage session open {SinceStart} ms after the process started (tables and containers checked in {Checked} ms)",
                    (long)sinceStart.TotalMilliseconds, Environment.TickCount64 - composed);
            }

            return session;
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
        }
    }
}
