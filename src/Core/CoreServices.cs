using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Regfin.Core.Alerts;
using Regfin.Core.Export;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Pipeline;
using Regfin.Core.Policy;
using Regfin.Core.Storage;

namespace Regfin.Core;

/// <summary>
/// The one composition root of the pipeline, shared by the Functions app and the <c>regfin</c>
/// program: each host adds its own triggers and calls <see cref="AddRegfinCore"/>.
/// </summary>
public static class CoreServices
{
    /// <summary>
    /// Registers storage, ingestion, computation and export. Options come from the sections
    /// <c>Storage</c> and <c>Ingestion</c> and are validated at start-up. In Azure, register a
    /// <see cref="TokenCredential"/> (the managed identity) for identity-based storage access.
    /// </summary>
    public static IServiceCollection AddRegfinCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || (o.BlobServiceUri is not null && o.TableServiceUri is not null),
                "Set Storage:ConnectionString, or Storage:blobServiceUri and Storage:tableServiceUri.")
            .ValidateOnStart();
        services.AddOptions<IngestionLimits>().Bind(configuration.GetSection(IngestionLimits.SectionName))
            .Validate(o => o.MaxFileBytes > 0 && o.MaxFieldLength > 0, "Ingestion limits must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StorageAccount(sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetService<TokenCredential>()));
        services.TryAddSingleton<ImportLog>();
        services.TryAddSingleton<FactStage>();
        services.TryAddSingleton<PolicyStore>();
        services.TryAddSingleton<DirtyPeriods>();
        services.TryAddSingleton<OutputRows>();
        services.TryAddSingleton<PartitionWriter>();
        services.TryAddSingleton<FileArchive>();
        services.TryAddSingleton<Rejections>();
        services.TryAddSingleton<IngestHandler>();
        services.TryAddSingleton<PeriodEvaluator>();
        services.TryAddSingleton<RunLog>();
        services.TryAddSingleton<ComputeHandler>();
        services.TryAddSingleton<CsvExporter>();
        services.TryAddSingleton<Reports.ReportWriter>();
        services.TryAddSingleton<Runtime.IInboxIngest>(sp => sp.GetRequiredService<IngestHandler>());
        services.TryAddSingleton<Runtime.InboxProcessor>();
        services.TryAddSingleton(sp => new Runtime.JobLeases(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Runtime.JobLeases>>())
        {
            LeaseDuration = TimeSpan.FromSeconds(int.TryParse(configuration["LeaseSeconds"], out var s) && s is >= 15 and <= 60 ? s : 15),
        });
        services.TryAddSingleton<Runtime.ScheduledJobs>();
        services.TryAddSingleton<Runtime.ReplayHandler>();
        services.TryAddSingleton<Runtime.PipelineStatus>();
        services.AddRegfinAlerts(configuration);
        return services;
    }
}
