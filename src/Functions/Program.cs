using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Regfin.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddRegfinFunctions(builder.Configuration);
builder.Build().Run();
