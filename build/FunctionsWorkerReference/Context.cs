// Declarations copied from the public API of Azure/azure-functions-dotnet-worker
// (src/DotNetWorker.Core/Context, Definition). FunctionDefinition declares only the members that do
// not need further worker types (Parameters, InputBindings and OutputBindings are left out): no code
// here derives from it, so a subset cannot hide a difference from the real type.

using System.Collections.Immutable;

namespace Microsoft.Azure.Functions.Worker
{
    /// <summary>The context of one function invocation.</summary>
    public abstract class FunctionContext
    {
        /// <summary>The invocation id.</summary>
        public abstract string InvocationId { get; }

        /// <summary>The function id.</summary>
        public abstract string FunctionId { get; }

        /// <summary>The distributed-tracing context.</summary>
        public abstract TraceContext TraceContext { get; }

        /// <summary>The binding data.</summary>
        public abstract BindingContext BindingContext { get; }

        /// <summary>The retry state.</summary>
        public abstract RetryContext RetryContext { get; }

        /// <summary>The invocation's service provider.</summary>
        public abstract IServiceProvider InstanceServices { get; set; }

        /// <summary>The function's definition.</summary>
        public abstract FunctionDefinition FunctionDefinition { get; }

        /// <summary>Per-invocation items.</summary>
        public abstract IDictionary<object, object> Items { get; set; }

        /// <summary>Invocation features.</summary>
        public abstract IInvocationFeatures Features { get; }

        /// <summary>Signalled when the invocation is cancelled (host shutdown, timeout).</summary>
        public virtual CancellationToken CancellationToken { get; } = CancellationToken.None;
    }

    /// <summary>W3C trace context of an invocation.</summary>
    public abstract class TraceContext
    {
        /// <summary>The traceparent.</summary>
        public abstract string TraceParent { get; }

        /// <summary>The tracestate.</summary>
        public abstract string TraceState { get; }

        /// <summary>Trace attributes.</summary>
        public virtual IReadOnlyDictionary<string, string> Attributes => ImmutableDictionary<string, string>.Empty;

        /// <summary>Trace baggage.</summary>
        public virtual IReadOnlyDictionary<string, string> Baggage => ImmutableDictionary<string, string>.Empty;
    }

    /// <summary>The binding data of an invocation.</summary>
    public abstract class BindingContext
    {
        /// <summary>The binding data.</summary>
        public abstract IReadOnlyDictionary<string, object?> BindingData { get; }
    }

    /// <summary>The retry state of an invocation.</summary>
    public abstract class RetryContext
    {
        /// <summary>Retries so far.</summary>
        public abstract int RetryCount { get; }

        /// <summary>The most retries allowed.</summary>
        public abstract int MaxRetryCount { get; }
    }

    /// <summary>A function's definition (subset; see the file header).</summary>
    public abstract class FunctionDefinition
    {
        /// <summary>The assembly path.</summary>
        public abstract string PathToAssembly { get; }

        /// <summary>The entry point.</summary>
        public abstract string EntryPoint { get; }

        /// <summary>The function id.</summary>
        public abstract string Id { get; }

        /// <summary>The function name.</summary>
        public abstract string Name { get; }
    }

    /// <summary>Invocation features.</summary>
    public interface IInvocationFeatures : IEnumerable<KeyValuePair<Type, object>>
    {
        /// <summary>Sets a feature.</summary>
        void Set<T>(T instance);

        /// <summary>Gets a feature.</summary>
        T? Get<T>();
    }
}
