using Microsoft.Extensions.Hosting;
using Regfin.Functions;

// The composition lives in FunctionsComposition, where the contract tests build it too.
FunctionsComposition.CreateBuilder(args).Build().Run();
