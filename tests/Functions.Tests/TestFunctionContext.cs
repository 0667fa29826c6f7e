using Microsoft.Azure.Functions.Worker;

namespace Regfin.Functions.Tests;

/// <summary>
/// The real worker's abstract <see cref="FunctionContext"/>, filled for calling function classes
/// directly as the worker would: the invocation's services, a cancellation token and an invocation
/// id. The members the functions do not read (binding, retry and trace context, the definition,
/// features) are filled by the worker's gRPC layer from the host's invocation request, which only a
/// running host sends; they throw here.
/// </summary>
internal sealed class TestFunctionContext(IServiceProvider services, CancellationToken cancellationToken = default) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId => "test";
    public override TraceContext TraceContext => throw new NotSupportedException();
    public override BindingContext BindingContext => throw new NotSupportedException();
    public override RetryContext RetryContext => throw new NotSupportedException();
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => throw new NotSupportedException();
    public override CancellationToken CancellationToken { get; } = cancellationToken;
}
