using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using Regfin.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddRegfinFunctions(builder.Configuration);

// OpenTelemetry to Application Insights (the connection string is an app setting from infra/).
var telemetry = builder.Services.AddOpenTelemetry();
#if REAL_FUNCTIONS_WORKER
telemetry.UseFunctionsWorkerDefaults();
#endif
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    telemetry.UseAzureMonitorExporter();
}

builder.Build().Run();
