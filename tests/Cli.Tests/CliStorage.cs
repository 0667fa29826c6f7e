using Regfin.Cli.LocalStorage;
using Regfin.Tests.Support;

namespace Regfin.Cli.Tests;

/// <summary>The CLI's own <see cref="StorageSession"/> on the shared Azurite with a fresh prefix, for what takes one (the local host).</summary>
internal static class CliStorage
{
    public static async Task<StorageSession> OpenAsync(string? prefix = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Storage:Prefix"] = prefix ?? TestStorage.NewPrefix() };
        return await StorageSession.OpenAsync(await TestStorage.ConnectionStringAsync(), verbose: false, settings, CancellationToken.None, configure);
    }
}
