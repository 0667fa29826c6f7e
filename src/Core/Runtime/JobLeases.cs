using Azure;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Regfin.Core.Storage;

namespace Regfin.Core.Runtime;

/// <summary>
/// Singletons across hosts by blob lease (<c>locks/{name}</c>): whoever holds the lease runs the
/// work; the lease is renewed while it runs and released after. A host that dies stops renewing,
/// and the lease expires after <see cref="LeaseDuration"/>, so another host takes over.
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="logger">The logger.</param>
public sealed class JobLeases(StorageAccount storage, ILogger<JobLeases> logger)
{
    /// <summary>The lease duration (blob leases last 15–60 seconds; renewed at a third of it).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Runs <paramref name="work"/> if this host gets the lease on <paramref name="name"/>; false when another host holds it.</summary>
    public async Task<bool> TryRunAsync(string name, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var blob = storage.Container(Containers.Locks).GetBlobClient(KeyCodec.Limit(name.Replace('|', '/')));
        try
        {
            await blob.UploadAsync(BinaryData.FromString(""), overwrite: false, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The lock blob exists (possibly leased): fine.
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(lease, name, held);
        try
        {
            await work(held.Token).ConfigureAwait(false);
        }
        finally
        {
            await held.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            try
            {
                await lease.ReleaseAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (RequestFailedException e)
            {
                logger.LogWarning("Could not release the lease on {Lock}: {Error}; it expires by itself", name, e.Message);
            }
        }

        return true;
    }

    private async Task RenewAsync(BlobLeaseClient lease, string name, CancellationTokenSource held)
    {
        try
        {
            while (!held.IsCancellationRequested)
            {
                await Task.Delay(LeaseDuration / 3, held.Token).ConfigureAwait(false);
                await lease.RenewAsync(cancellationToken: held.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
        catch (RequestFailedException e)
        {
            // Lost the lease (e.g. the host paused longer than the lease): stop the work, another host may run it.
            logger.LogWarning("Lost the lease on {Lock}: {Error}; stopping the work", name, e.Message);
            await held.CancelAsync().ConfigureAwait(false);
        }
    }
}
