using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Regfin.Core.Storage;

namespace Regfin.Core.Tests.Storage;

/// <summary>
/// The <c>Storage</c> section bound and checked as <see cref="CoreServices.AddRegfinCore"/> registers it
/// (by generated code: the binder's and <see cref="StorageOptionsValidator"/>, for the native program).
/// </summary>
public sealed class StorageOptionsTests
{
    private static StorageOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddRegfinCore(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<StorageOptions>>().Value;
    }

    [Fact]
    public void Every_setting_is_bound()
    {
        var options = Resolve(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["Storage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["Storage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["Storage:NetworkTimeout"] = "00:00:30",
            ["Storage:Prefix"] = "t1abc",
        });

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), options.BlobServiceUri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), options.TableServiceUri);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), options.QueueServiceUri);
        Assert.Equal(TimeSpan.FromSeconds(30), options.NetworkTimeout);
        Assert.Equal("t1abc", options.Prefix);
    }

    [Theory]
    [InlineData("Bad")]                // capitals
    [InlineData("1abc")]               // a digit first
    [InlineData("a-b")]                // a hyphen (the prefix is joined to names with one)
    [InlineData("abcdefghijklmnopq")]  // 17 characters, one more than the 16 allowed
    public void A_prefix_outside_its_pattern_is_refused(string prefix)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:Prefix"] = prefix,
        }));

        Assert.Contains("Prefix", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_a_connection_string_nor_both_service_uris_is_refused()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Storage:blobServiceUri"] = "https://acct.blob.core.windows.net" }));

        Assert.Contains("Set Storage:ConnectionString, or Storage:blobServiceUri and Storage:tableServiceUri.", e.Message, StringComparison.Ordinal);
    }
}
