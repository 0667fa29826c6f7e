using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using Regfin.Core;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;

namespace Regfin.Functions;

/// <summary>The Functions app's builder and registrations: Azure clients with identity-based connections and the shared pipeline (the worker creates the function classes from them).</summary>
public static class FunctionsComposition
{
    /// <summary>
    /// The app's builder, as <c>Program.cs</c> runs it: the worker's defaults (gRPC to the host,
    /// configuration from the app settings, environment and <paramref name="args"/>), the
    /// registrations below, and OpenTelemetry to Application Insights when its connection string is set.
    /// </summary>
    /// <param name="args">The command line (the host passes its settings as environment variables).</param>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.Services.AddRegfinFunctions(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter();
        }

        return builder;
    }

    /// <summary>
    /// Registers the storage clients through Microsoft.Extensions.Azure — in Azure with the service
    /// URIs (<c>Storage__blobServiceUri</c>, <c>__tableServiceUri</c>, <c>__queueServiceUri</c>) and
    /// the user-assigned managed identity named by <c>Storage__clientId</c>; locally with
    /// <c>Storage__ConnectionString</c> — then the pipeline. Options and
    /// schedules are validated at start-up: a wrong setting stops the app before it takes work.
    /// </summary>
    public static IServiceCollection AddRegfinFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName);
        var connection = storage["ConnectionString"];
        var clientId = storage["clientId"];
        services.AddAzureClients(clients =>
        {
            if (!string.IsNullOrWhiteSpace(connection))
            {
                clients.AddBlobServiceClient(connection);
                clients.AddTableServiceClient(connection);
                clients.AddQueueServiceClient(connection).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
            }
            else
            {
                clients.AddBlobServiceClient(Required(storage, "blobServiceUri"));
                clients.AddTableServiceClient(Required(storage, "tableServiceUri"));
                clients.AddQueueServiceClient(Required(storage, "queueServiceUri")).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
                clients.UseCredential(string.IsNullOrEmpty(clientId)
                    ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)));
            }

            clients.ConfigureDefaults(o => StorageAccount.ConfigureRetry(o.Retry));
        });
        services.TryAddSingleton(sp => new StorageAccount(
            sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<QueueServiceClient>(),
            storage["Prefix"] ?? ""));

        foreach (var job in Schedules.Defaults.Keys)
        {
            Schedules.Parse(configuration, job); // throws at start-up on an invalid expression
        }

        // The function classes are not registered: the worker creates one per invocation from these services.
        services.AddRegfinCore(configuration);
        return services;
    }

    private static Uri Required(IConfigurationSection storage, string key) =>
        Uri.TryCreate(storage[key], UriKind.Absolute, out var uri) ? uri
            : throw new InvalidOperationException($"Set Storage__{key} (identity-based connection) or Storage__ConnectionString (local).");
}
