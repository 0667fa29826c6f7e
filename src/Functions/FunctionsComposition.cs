using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Regfin.Core;

namespace Regfin.Functions;

/// <summary>The Functions app's registrations: the shared pipeline plus Azure identity.</summary>
public static class FunctionsComposition
{
    /// <summary>
    /// Registers the pipeline. With identity-based storage settings (<c>Storage__blobServiceUri</c>
    /// …) the managed identity named by <c>Storage__clientId</c> (user-assigned) is the credential;
    /// locally a connection string is used and no credential is needed.
    /// </summary>
    public static IServiceCollection AddRegfinFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        var clientId = configuration["Storage:clientId"];
        services.TryAddSingleton<TokenCredential>(_ => string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)));
        services.AddRegfinCore(configuration);
        services.AddSingleton<IngestInboxBlob>();
        services.AddSingleton<ComputeDirtyPeriods>();
        return services;
    }
}
