using Regfin.Cli.LocalStorage;

namespace Regfin.Tests.Support;

/// <summary>
/// One Azurite per test process (started on first use with the component <c>regfin</c> embeds,
/// <c>EmbeddedAzurite</c>, compiled into the test project from src/Cli; it exits with the process)
/// and one isolated set of containers and tables per test (a unique prefix).
/// </summary>
public static class TestStorage
{
    private static readonly Lazy<Task<EmbeddedAzurite>> Azurite = new(() =>
        EmbeddedAzurite.StartAsync(RepositoryRoot.Find() ?? throw new InvalidOperationException("Run the tests from the repository."), TextWriter.Null, CancellationToken.None));

    /// <summary>The shared Azurite's connection string.</summary>
    public static async Task<string> ConnectionStringAsync() => (await Azurite.Value).ConnectionString;

    /// <summary>A fresh prefix: lowercase letters and digits, starting with a letter.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The pipeline on the shared Azurite with its own prefix (and optional further settings).</summary>
    public static async Task<TestSession> OpenAsync(string? prefix = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Storage:Prefix"] = prefix ?? NewPrefix() };
        return await TestSession.OpenAsync(await ConnectionStringAsync(), settings, configure);
    }
}
