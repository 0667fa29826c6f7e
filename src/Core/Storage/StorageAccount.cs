using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Regfin.Core.Storage;

/// <summary>
/// The storage account: blob containers and tables by their logical names, with the configured
/// prefix applied. Storage calls rely on the Azure SDK's own retry options (no second retry layer).
/// </summary>
public sealed class StorageAccount
{
    private readonly string _prefix;

    /// <summary>Connects with a connection string or, in Azure, with <paramref name="credential"/>.</summary>
    public StorageAccount(IOptions<StorageOptions> options, TokenCredential? credential = null)
    {
        var o = options.Value;
        _prefix = o.Prefix;
        var blobOptions = new BlobClientOptions();
        var tableOptions = new TableClientOptions();
        // Base64 messages: what the Functions queue trigger and Logic Apps expect.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Configure(blobOptions.Retry, o.NetworkTimeout);
        Configure(tableOptions.Retry, o.NetworkTimeout);
        Configure(queueOptions.Retry, o.NetworkTimeout);
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Blobs = new BlobServiceClient(o.ConnectionString, blobOptions);
            TableService = new TableServiceClient(o.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
        }
        else if (o.BlobServiceUri is not null && o.TableServiceUri is not null && credential is not null)
        {
            Blobs = new BlobServiceClient(o.BlobServiceUri, credential, blobOptions);
            TableService = new TableServiceClient(o.TableServiceUri, credential, tableOptions);
            Queues = o.QueueServiceUri is null ? null : new QueueServiceClient(o.QueueServiceUri, credential, queueOptions);
        }
        else
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions),
                ["Set Storage:ConnectionString, or Storage:blobServiceUri and Storage:tableServiceUri with a managed identity."]);
        }
    }

    /// <summary>
    /// Wraps clients built elsewhere (the Functions app registers them through
    /// Microsoft.Extensions.Azure with its managed identity).
    /// </summary>
    public StorageAccount(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient? queues, string prefix)
    {
        Blobs = blobs;
        TableService = tables;
        Queues = queues;
        _prefix = prefix;
    }

    /// <summary>The retry options every storage client uses (the Azure SDK's; no second retry layer).</summary>
    public static void ConfigureRetry(RetryOptions retry) => Configure(retry, TimeSpan.FromSeconds(100));

    /// <summary>The blob service.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The table service.</summary>
    public TableServiceClient TableService { get; }

    /// <summary>The queue service (null in Azure when Storage:queueServiceUri is not set).</summary>
    public QueueServiceClient? Queues { get; }

    /// <summary>A queue by its policy name, with the prefix applied.</summary>
    public QueueClient Queue(string name) =>
        (Queues ?? throw new InvalidOperationException("A queue alert channel needs Storage:queueServiceUri (or a connection string)."))
            .GetQueueClient(_prefix.Length == 0 ? name : _prefix + "-" + name);

    /// <summary>A container by its logical name (<see cref="Containers"/>).</summary>
    public BlobContainerClient Container(string name) =>
        Blobs.GetBlobContainerClient(_prefix.Length == 0 ? name : _prefix + "-" + name);

    /// <summary>A table by its logical name (<see cref="Tables"/>).</summary>
    /// <remarks>
    /// Rows are read as <see cref="TableEntity"/>, which the SDK creates with <c>Activator</c>: its
    /// constructor is kept for the native <c>regfin</c> program, whose trimming would remove it.
    /// </remarks>
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(TableEntity))]
    public TableClient Table(string name) => TableService.GetTableClient(_prefix + name);

    /// <summary>
    /// Creates every container and table that does not exist yet (idempotent). Two listings first, so
    /// a store that has them all costs two round trips rather than one failed create per name.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var containers = ListContainersAsync(cancellationToken);
        var tables = ListTablesAsync(cancellationToken);
        var haveContainers = await containers.ConfigureAwait(false);
        var haveTables = await tables.ConfigureAwait(false);
        var work = Containers.All.Select(Container).Where(c => !haveContainers.Contains(c.Name))
            .Select(c => (Task)c.CreateIfNotExistsAsync(cancellationToken: cancellationToken))
            .Concat(Tables.All.Select(Table).Where(t => !haveTables.Contains(t.Name)).Select(t => CreateTableAsync(t, cancellationToken)));
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a table unless another process just did. Not <c>TableClient.CreateIfNotExistsAsync</c>:
    /// it serialises its request body by reflection, which the native <c>regfin</c> program does not have.
    /// </summary>
    private static async Task CreateTableAsync(TableClient table, CancellationToken cancellationToken)
    {
        try
        {
            await table.CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409 && e.ErrorCode != Azure.Data.Tables.Models.TableErrorCode.TableBeingDeleted.ToString())
        {
            // Created meanwhile by another process (a second host, a parallel test): what we wanted.
        }
    }

    private async Task<HashSet<string>> ListContainersAsync(CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var container in Blobs.GetBlobContainersAsync(prefix: _prefix.Length == 0 ? null : _prefix + "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            names.Add(container.Name);
        }

        return names;
    }

    private async Task<HashSet<string>> ListTablesAsync(CancellationToken cancellationToken)
    {
        // Table names are letters and digits: every name that starts with the prefix sorts below prefix + '{'.
        var names = new HashSet<string>(StringComparer.Ordinal);
        var filter = _prefix.Length == 0 ? null : TableClient.CreateQueryFilter($"TableName ge {_prefix} and TableName lt {_prefix + "{"}");
        await foreach (var table in TableService.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            names.Add(table.Name);
        }

        return names;
    }

    private static void Configure(RetryOptions retry, TimeSpan networkTimeout)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 5;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(10);
        retry.NetworkTimeout = networkTimeout;
    }
}
