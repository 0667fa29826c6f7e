using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Regfin.Core.Ingestion;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>The <c>Ingestion</c> section bound as <see cref="CoreServices.AddRegfinCore"/> registers it (by the binding generator, for the native program).</summary>
public sealed class IngestionLimitsTests
{
    [Fact]
    public void The_ingestion_limits_are_bound_from_their_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingestion:MaxFileBytes"] = "1000",
            ["Ingestion:ParallelFromBytes"] = "1",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddRegfinCore(configuration).BuildServiceProvider();
        var limits = provider.GetRequiredService<IOptions<IngestionLimits>>().Value;

        Assert.Equal(1000, limits.MaxFileBytes);
        Assert.Equal(1, limits.ParallelFromBytes);
        Assert.Equal(new IngestionLimits().MaxFieldLength, limits.MaxFieldLength);
    }
}
