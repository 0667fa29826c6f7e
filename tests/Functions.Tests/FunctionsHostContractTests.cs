using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Regfin.Core.Runtime;
using Regfin.Core.Storage;
using Regfin.Tests.Support;

namespace Regfin.Functions.Tests;

/// <summary>
/// The contract with the Functions host, on the real build: what the Worker.Sdk generated
/// (<c>functions.metadata</c>, <c>extensions.json</c>) against the table in docs/operations.md, and the
/// real <c>FunctionsApplication.CreateBuilder</c> composition with the settings of
/// local.settings.sample.json, every function class created from it by the worker's activator.
/// </summary>
public sealed partial class FunctionsHostContractTests
{
    /// <summary>The app's build output, where the SDK wrote what the host reads.</summary>
    private static string AppOutput => Path.GetDirectoryName(typeof(FunctionsComposition).Assembly.Location)!;

    /// <summary>The function classes the metadata's entry points name.</summary>
    private static List<Type> FunctionTypes() => Metadata().Select(f => f.GetProperty("entryPoint").GetString()!)
        .Select(e => typeof(FunctionsComposition).Assembly.GetType(e[..e.LastIndexOf('.')], throwOnError: true)!).ToList();

    private static JsonElement[] Metadata() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "functions.metadata"))).RootElement.EnumerateArray().ToArray();

    /// <summary>One function as the host binds it, in the columns of docs/operations.md.</summary>
    private sealed record Binding(string Function, string Trigger, string PathOrSchedule, string Source, string Connection, string Retry);

    private static Binding FromMetadata(JsonElement function)
    {
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
        var retry = function.TryGetProperty("retry", out var r)
            ? $"{r.GetProperty("strategy").GetString()} {r.GetProperty("maxRetryCount").GetInt32()} × {r.GetProperty("delayInterval").GetString()}"
            : "none";
        var type = trigger.GetProperty("type").GetString()!;
        return new Binding(function.GetProperty("name").GetString()!, type,
            type == "blobTrigger" ? Text(trigger, "path") : Text(trigger, "schedule"), Text(trigger, "source"), Text(trigger, "connection"), retry);
    }

    /// <summary>The rows of the table under "The functions the host binds" in docs/operations.md.</summary>
    private static List<Binding> Documented()
    {
        var doc = File.ReadAllText(Path.Combine(TestFiles.Root, "docs", "operations.md"));
        var section = doc[doc.IndexOf("## The functions the host binds", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l =>
        {
            var cells = l.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            return new Binding(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
        }).ToList();
    }

    [Fact]
    public void The_generated_functions_metadata_binds_every_function_as_docs_operations_documents()
    {
        var generated = Metadata().Select(FromMetadata).OrderBy(b => b.Function, StringComparer.Ordinal).ToList();
        var documented = Documented().OrderBy(b => b.Function, StringComparer.Ordinal).ToList();

        Assert.Equal(6, documented.Count);
        Assert.Equal(documented, generated);
        // The facts the deployment depends on, spelled out: Event Grid is the only blob source on Flex Consumption,
        // and the connection "Storage" is the identity-based Storage__* settings of infra/.
        var ingest = Assert.Single(generated, b => b.Trigger == "blobTrigger");
        Assert.Equal(new Binding("IngestInboxBlob", "blobTrigger", "inbox/{name}", "EventGrid", "Storage", "none"), ingest);
        Assert.Equal(new Binding("ComputeDirtyPeriods", "timerTrigger", "%ComputeSchedule%", "", "", "fixedDelay 3 × 00:01:00"),
            generated.Single(b => b.Function == "ComputeDirtyPeriods"));
    }

    [Fact]
    public void Every_function_entry_point_is_a_public_method_of_the_app_and_the_script_file_is_the_app()
    {
        var assembly = typeof(FunctionsComposition).Assembly;
        foreach (var function in Metadata())
        {
            Assert.Equal("Regfin.Functions.dll", function.GetProperty("scriptFile").GetString());
            Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
            var entry = function.GetProperty("entryPoint").GetString()!;
            var type = assembly.GetType(entry[..entry.LastIndexOf('.')], throwOnError: true)!;
            Assert.NotNull(type.GetMethod(entry[(entry.LastIndexOf('.') + 1)..]));
        }
    }

    [Fact]
    public void Every_timer_schedule_setting_is_one_of_the_apps_schedules_and_the_sample_settings_define_its_default()
    {
        var settings = SampleSettings();
        var timers = Metadata().Select(FromMetadata).Where(b => b.Trigger == "timerTrigger").ToList();

        Assert.Equal(5, timers.Count);
        foreach (var timer in timers)
        {
            var setting = ScheduleSetting().Match(timer.PathOrSchedule).Groups[1].Value;
            Assert.Contains(setting, Schedules.Defaults.Keys);
            Assert.Equal(Schedules.Defaults[setting], settings[setting]);
        }

        Assert.Equal(Schedules.Defaults.Keys.Order(), timers.Select(t => ScheduleSetting().Match(t.PathOrSchedule).Groups[1].Value).Order());
    }

    [Fact]
    public void The_extensions_project_gives_the_host_the_blob_extension_and_the_worker_ships_its_grpc_channel()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "extensions.json")));
        var list = extensions.RootElement.GetProperty("extensions").EnumerateArray().ToList();
        var blobs = Assert.Single(list, e => e.GetProperty("name").GetString() == "AzureStorageBlobs");
        Assert.StartsWith("Microsoft.Azure.WebJobs.Extensions.Storage.AzureStorageBlobsWebJobsStartup, Microsoft.Azure.WebJobs.Extensions.Storage.Blobs,",
            blobs.GetProperty("typeName").GetString());
        var hint = blobs.GetProperty("hintPath").GetString()!;
        Assert.Equal("./.azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Blobs.dll", hint);
        Assert.True(File.Exists(Path.Combine(AppOutput, hint)), $"{hint} is missing from the build output");
        Assert.True(File.Exists(Path.Combine(AppOutput, "Microsoft.Azure.Functions.Worker.Grpc.dll")));
        Assert.True(File.Exists(Path.Combine(AppOutput, "host.json")));
    }

    [Fact]
    [Trait("Category", "Storage")]
    public async Task The_real_composition_with_the_sample_settings_creates_every_function_with_its_dependencies()
    {
        // The sample's settings as the host would pass them, pointed at the shared Azurite (the sample says
        // UseDevelopmentStorage=true, Azurite on its default ports, which this machine's Azurite does not use).
        var settings = SampleSettings();
        settings["Storage__ConnectionString"] = await TestStorage.ConnectionStringAsync();
        settings["Storage__Prefix"] = TestStorage.NewPrefix();
        await using var app = FunctionsApp.Build(settings);

        var types = FunctionTypes();
        Assert.Equal(6, types.Count);
        var activator = app.Services.GetRequiredService<Microsoft.Azure.Functions.Worker.IFunctionActivator>();
        foreach (var type in types)
        {
            var instance = activator.CreateInstance(type, app.Invocation());
            Assert.IsType(type, instance);
        }

        Assert.Equal(5, app.Services.GetRequiredService<InboxProcessor>().PoisonThreshold);
        Assert.StartsWith(settings["Storage__Prefix"]!, app.Storage.Container(Containers.Inbox).Name);
        var schedules = app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        Assert.Equal("0 */15 * * * *", schedules["ComputeSchedule"]);
    }

    [Fact]
    public async Task The_deployed_settings_of_infra_compose_the_app_with_identity_based_storage_and_Application_Insights()
    {
        // Every app setting infra/main.bicep gives the app, with values of the shape Azure fills in (nothing is contacted:
        // the host is built, not started).
        var bicep = File.ReadAllText(Path.Combine(TestFiles.Root, "infra", "main.bicep"));
        var names = AppSetting().Matches(bicep).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("Storage__blobServiceUri", names);
        var values = new Dictionary<string, string?>
        {
            ["Storage__blobServiceUri"] = "https://stregfin.blob.core.windows.net/",
            ["Storage__tableServiceUri"] = "https://stregfin.table.core.windows.net/",
            ["Storage__queueServiceUri"] = "https://stregfin.queue.core.windows.net/",
            ["Storage__credential"] = "managedidentity",
            ["Storage__clientId"] = "11111111-2222-3333-4444-555555555555",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/",
        };
        var settings = SampleSettings();
        settings.Remove("Storage__ConnectionString"); // Azure has none: shared-key access is off
        settings.Remove("Storage");
        foreach (var name in names.Where(values.ContainsKey))
        {
            settings[name] = values[name];
        }

        Assert.Equal(values.Keys.Order(), names.Where(values.ContainsKey).Order());
        await using var app = FunctionsApp.Build(settings);

        Assert.Equal(new Uri("https://stregfin.blob.core.windows.net/"), app.Storage.Blobs.Uri);
        Assert.Equal("stregfin", app.Storage.Blobs.AccountName);
        var activator = app.Services.GetRequiredService<Microsoft.Azure.Functions.Worker.IFunctionActivator>();
        foreach (var type in FunctionTypes())
        {
            Assert.IsType(type, activator.CreateInstance(type, app.Invocation()));
        }
    }

    [GeneratedRegex(@"\{ name: '([A-Za-z_]+)', value:")]
    private static partial Regex AppSetting();

    [Fact]
    public void An_invalid_schedule_setting_stops_the_app_at_start_up_naming_the_setting()
    {
        var settings = SampleSettings();
        settings["ComputeSchedule"] = "every quarter hour";
        var error = Assert.ThrowsAny<Exception>(() => FunctionsApp.Build(settings));
        Assert.Contains("ComputeSchedule", error.Message);
    }

    private static Dictionary<string, string?> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFiles.Root, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.GetString());
    }

    [GeneratedRegex("^%([A-Za-z]+)%$")]
    private static partial Regex ScheduleSetting();
}
