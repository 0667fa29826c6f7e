using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Regfin.Core.Storage;

/// <summary>
/// Where the data lives (configuration section <c>Storage</c>). Locally a connection string
/// (Azurite or <c>UseDevelopmentStorage=true</c>); in Azure the service URIs with a managed identity,
/// so no key ever appears in settings.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section (environment: <c>Storage__ConnectionString</c> …).</summary>
    public const string SectionName = "Storage";

    /// <summary>A storage connection string; when set it wins over the service URIs.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint for identity-based access (<c>Storage__blobServiceUri</c>).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The table endpoint for identity-based access (<c>Storage__tableServiceUri</c>).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The queue endpoint for identity-based access (<c>Storage__queueServiceUri</c>).</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>How long one storage request may take before the SDK gives up on it and retries (<c>Storage__NetworkTimeout</c>).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// A prefix for every container and table name, so that several isolated data sets can share one
    /// account (tests use one per test). Lowercase letters and digits, starting with a letter; empty
    /// in production.
    /// </summary>
    [RegularExpression("^([a-z][a-z0-9]{0,15})?$")]
    public string Prefix { get; set; } = "";
}

/// <summary>
/// Checks <see cref="StorageOptions"/>' data annotations (the prefix's pattern) with code generated at
/// compile time, where <c>ValidateDataAnnotations</c> would reflect over the type at run time.
/// </summary>
[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
