using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regfin.Core.Ingestion;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Functions.Tests;

/// <summary>
/// The function classes called directly, with the app's own composition root and real storage
/// (Azurite, one prefix per test): Setup → Trigger → Verify.
/// </summary>
public sealed class FunctionsTests
{
    private static async Task<ServiceProvider> AppServicesAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = await TestStorage.ConnectionStringAsync(),
            ["Storage:Prefix"] = TestStorage.NewPrefix(),
        }).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddRegfinFunctions(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(CancellationToken.None);
        return services;
    }

    [Fact]
    public async Task Inbox_blob_trigger_ingests_and_the_compute_timer_writes_the_month_result()
    {
        await using var services = await AppServicesAsync();
        var storage = services.GetRequiredService<StorageAccount>();
        // Setup: a ledger dropped in the inbox.
        var blob = storage.Container(Containers.Inbox).GetBlobClient("huvudbok/2025-01.csv");
        await blob.UploadAsync(BinaryData.FromString("Månad;Nämnd;Konto;Belopp\n2025-01;RS;8010;-1 000 000\n2025-01;HSN;4010;947 000\n"));

        // Trigger: the functions, as the worker would call them.
        await services.GetRequiredService<IngestInboxBlob>().RunAsync(blob, new TestFunctionContext(services));
        await services.GetRequiredService<ComputeDirtyPeriods>().RunAsync(new TimerInfo { IsPastDue = false }, new TestFunctionContext(services));

        // Verify: the import is logged and January's OperatingResult is 1 000 000 − 947 000 = 53 000 SEK.
        var import = Assert.Single(await services.GetRequiredService<ImportLog>().ListAsync(CancellationToken.None));
        Assert.Equal(ImportStatus.Accepted, import.Status);
        Assert.Equal("huvudbok/2025-01.csv", import.BlobName);
        var kpi = await storage.Table(Tables.Kpis).GetEntityAsync<TableEntity>("2025-01", "OperatingResult");
        Assert.Equal(53_000d, kpi.Value.GetDouble("Value"));
        Assert.Equal(53_000d, kpi.Value.GetDouble("Month"));
        Assert.False(await blob.ExistsAsync());

        // February of the next year has January 2025 as prior year but no January 2026: null with a reason.
        var next = storage.Container(Containers.Inbox).GetBlobClient("huvudbok/2026-02.csv");
        await next.UploadAsync(BinaryData.FromString("Månad;Nämnd;Konto;Belopp\n2026-02;RS;8010;-5\n"));
        await services.GetRequiredService<IngestInboxBlob>().RunAsync(next, new TestFunctionContext(services));
        await services.GetRequiredService<ComputeDirtyPeriods>().RunAsync(new TimerInfo(), new TestFunctionContext(services));
        var partial = (await storage.Table(Tables.Kpis).GetEntityAsync<TableEntity>("2026-02", "OperatingResult")).Value;
        Assert.Null(partial.GetDouble("Value"));
        Assert.Equal(5d, partial.GetDouble("Month"));
        Assert.Contains("2026-01", partial.GetString("Reason"));
    }

    [Fact]
    public async Task A_rejected_file_is_a_handled_outcome_the_function_does_not_throw()
    {
        await using var services = await AppServicesAsync();
        var storage = services.GetRequiredService<StorageAccount>();
        var blob = storage.Container(Containers.Inbox).GetBlobClient("ledger/bad.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account\n2025-10;RS;4010\n"));

        await services.GetRequiredService<IngestInboxBlob>().RunAsync(blob, new TestFunctionContext(services));

        Assert.True(await storage.Container(Containers.Rejected).GetBlobClient("ledger/bad.csv.report.txt").ExistsAsync());
    }

    [Fact]
    public async Task A_cancelled_invocation_stops_with_the_hosts_token()
    {
        await using var services = await AppServicesAsync();
        var blob = services.GetRequiredService<StorageAccount>().Container(Containers.Inbox).GetBlobClient("ledger/x.csv");
        await blob.UploadAsync(BinaryData.FromString("Period;Committee;Account;Amount\n2025-10;RS;4010;1\n"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<IngestInboxBlob>().RunAsync(blob, new TestFunctionContext(services, cancelled.Token)));
        Assert.True(await blob.ExistsAsync()); // still pending: the retry will process it
    }

    [Fact]
    public void Functions_declare_the_triggers_the_host_binds()
    {
        var ingest = typeof(IngestInboxBlob).GetMethod(nameof(IngestInboxBlob.RunAsync))!;
        Assert.Equal(nameof(IngestInboxBlob), ingest.GetCustomAttribute<FunctionAttribute>()!.Name);
        var trigger = ingest.GetParameters()[0].GetCustomAttribute<BlobTriggerAttribute>()!;
        Assert.Equal("inbox/{name}", trigger.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.Source);
        Assert.Equal("Storage", trigger.Connection);

        var compute = typeof(ComputeDirtyPeriods).GetMethod(nameof(ComputeDirtyPeriods.RunAsync))!;
        Assert.Equal(nameof(ComputeDirtyPeriods), compute.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%ComputeSchedule%", compute.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!.Schedule);
    }
}
