// Declarations copied from the public API of Azure/azure-functions-dotnet-worker
// (extensions/Worker.Extensions.Abstractions, Worker.Extensions.Storage.Blobs, Worker.Extensions.Timer).
// The converter attributes of the real trigger attributes are left out: they matter to the worker
// at run time, not to the compiler.

namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions
{
    /// <summary>Base of binding attributes.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public abstract class BindingAttribute : Attribute
    {
    }

    /// <summary>Base of trigger binding attributes.</summary>
    [AttributeUsage(AttributeTargets.Parameter)]
    public abstract class TriggerBindingAttribute : BindingAttribute
    {
    }
}

namespace Microsoft.Azure.Functions.Worker
{
    using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

    /// <summary>Marks a method as a function, with its name.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public class FunctionAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        public FunctionAttribute(string name) => Name = name;

        /// <summary>The function's name.</summary>
        public string Name { get; }
    }

    /// <summary>Where a blob trigger learns of new blobs.</summary>
    public enum BlobTriggerSource
    {
        /// <summary>Storage logs and container scans.</summary>
        LogsAndContainerScan,
        /// <summary>Event Grid blob-created events (the only source on Flex Consumption).</summary>
        EventGrid,
    }

    /// <summary>Binds a parameter to a blob that triggers the function.</summary>
    public sealed class BlobTriggerAttribute : TriggerBindingAttribute
    {
        private readonly string _blobPath;

        /// <summary>Creates the attribute for a path pattern such as <c>inbox/{name}</c>.</summary>
        public BlobTriggerAttribute(string blobPath) => _blobPath = blobPath;

        /// <summary>The path pattern.</summary>
        public string BlobPath => _blobPath;

        /// <summary>The app setting (prefix) naming the storage connection.</summary>
        public string? Connection { get; set; }

        /// <summary>The trigger source.</summary>
        public BlobTriggerSource Source { get; set; } = BlobTriggerSource.LogsAndContainerScan;
    }

    /// <summary>Binds a parameter to a timer schedule.</summary>
    public sealed class TimerTriggerAttribute : TriggerBindingAttribute
    {
        /// <summary>Creates the attribute for an NCRONTAB expression or <c>%Setting%</c>.</summary>
        public TimerTriggerAttribute(string schedule)
        {
            Schedule = schedule;
            UseMonitor = true;
        }

        /// <summary>The schedule.</summary>
        public string Schedule { get; private set; }

        /// <summary>Whether schedule occurrences are persisted to detect missed runs.</summary>
        public bool UseMonitor { get; set; }

        /// <summary>Whether the function runs when the host starts.</summary>
        public bool RunOnStartup { get; set; }
    }

    /// <summary>The timer's state at an invocation.</summary>
    public class TimerInfo
    {
        /// <summary>The schedule's last and next occurrences.</summary>
        public ScheduleStatus? ScheduleStatus { get; set; }

        /// <summary>True when this invocation is later than scheduled.</summary>
        public bool IsPastDue { get; set; }
    }

    /// <summary>A timer schedule's occurrences.</summary>
    public class ScheduleStatus
    {
        /// <summary>The last occurrence.</summary>
        public DateTime Last { get; set; }

        /// <summary>The next occurrence.</summary>
        public DateTime Next { get; set; }

        /// <summary>When this status was last updated.</summary>
        public DateTime LastUpdated { get; set; }
    }

    /// <summary>Base of function retry policies.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public abstract class RetryAttribute : Attribute
    {
        /// <summary>The most retries of one execution.</summary>
        public int MaxRetryCount { get; set; }
    }

    /// <summary>Retries with a fixed delay.</summary>
    public sealed class FixedDelayRetryAttribute : RetryAttribute
    {
        /// <summary>Creates the policy; <paramref name="delayInterval"/> is HH:mm:ss.</summary>
        public FixedDelayRetryAttribute(int maxRetryCount, string delayInterval)
        {
            if (!TimeSpan.TryParse(delayInterval, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed.Ticks < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(delayInterval));
            }

            MaxRetryCount = maxRetryCount;
            DelayInterval = delayInterval;
        }

        /// <summary>The delay between retries, HH:mm:ss.</summary>
        public string DelayInterval { get; }
    }
}
