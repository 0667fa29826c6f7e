// Declarations copied from the public API of Azure/azure-functions-dotnet-worker
// (src/DotNetWorker/Builder). The real builder also implements IFunctionsWorkerApplicationBuilder
// (middleware), which this app does not use. Its members throw: this assembly is never run.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker.Builder
{
    /// <summary>Creates the builder of a Functions worker application.</summary>
    public class FunctionsApplication
    {
        /// <summary>Creates a builder.</summary>
        public static FunctionsApplicationBuilder CreateBuilder(string[] args) => new(args);
    }

    /// <summary>A builder for Azure Functions worker applications.</summary>
    public class FunctionsApplicationBuilder : IHostApplicationBuilder
    {
        private const string NotForRunning = "This is the offline reference of the Azure Functions worker; build with -p:UseRealFunctionsWorker=true to run the app (build/README.md).";

        internal FunctionsApplicationBuilder(string[]? args) => _ = args;

        /// <inheritdoc/>
        public IDictionary<object, object> Properties => throw new PlatformNotSupportedException(NotForRunning);

        /// <inheritdoc/>
        IConfigurationManager IHostApplicationBuilder.Configuration => Configuration;

        /// <summary>The configuration.</summary>
        public ConfigurationManager Configuration => throw new PlatformNotSupportedException(NotForRunning);

        /// <inheritdoc/>
        public IHostEnvironment Environment => throw new PlatformNotSupportedException(NotForRunning);

        /// <inheritdoc/>
        public ILoggingBuilder Logging => throw new PlatformNotSupportedException(NotForRunning);

        /// <inheritdoc/>
        public IMetricsBuilder Metrics => throw new PlatformNotSupportedException(NotForRunning);

        /// <inheritdoc/>
        public IServiceCollection Services => throw new PlatformNotSupportedException(NotForRunning);

        /// <summary>Builds the host.</summary>
        public IHost Build() => throw new PlatformNotSupportedException(NotForRunning);

        /// <inheritdoc/>
        public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
            where TContainerBuilder : notnull => throw new PlatformNotSupportedException(NotForRunning);
    }
}
