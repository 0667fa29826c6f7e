using System.CommandLine;
using Regfin.Cli.LocalStorage;
using Regfin.Core.Ingestion;
using Regfin.Core.Primitives;

namespace Regfin.Cli.Commands;

/// <summary>Exit codes of cli.md.</summary>
public static class ExitCodes
{
    /// <summary>The work ran and nothing was rejected or breached.</summary>
    public const int Success = 0;
    /// <summary>The work ran, but something was rejected or a limit is breached.</summary>
    public const int Attention = 1;
    /// <summary>Bad usage, or a failure that stopped the work.</summary>
    public const int Failure = 2;
}

/// <summary>Options shared by every command that touches storage.</summary>
public static class CommonOptions
{
    /// <summary><c>--storage</c>: a connection string; without it an embedded Azurite is started.</summary>
    public static Option<string?> Storage { get; } = new("--storage")
    {
        Description = "Storage connection string (default: Storage__ConnectionString, else a temporary in-memory Azurite)",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: log the pipeline's progress to stderr.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log the pipeline's steps to stderr",
        Recursive = true,
    };

    /// <summary>Parses a <c>--period</c> value.</summary>
    public static Option<Period?> PeriodOption(string description) => new("--period")
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens.Single().Value;
            if (Period.TryParse(text, out var p))
            {
                return p;
            }

            r.AddError($"'{text}' is not a period: write YYYY-MM, e.g. 2025-10.");
            return null;
        },
    };

    /// <summary>
    /// Runs a command body with a storage session: failures become exit code 2 with a message on
    /// stderr, and the session (and its Azurite) is disposed whatever happens.
    /// </summary>
    public static async Task<int> WithSessionAsync(ParseResult parse, Func<StorageSession, Task<int>> body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        try
        {
            await using var session = await StorageSession.OpenAsync(parse.GetValue(Storage), parse.GetValue(Verbose), settings, cancellationToken).ConfigureAwait(false);
            return await body(session).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Azure.RequestFailedException or Microsoft.Extensions.Options.OptionsValidationException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("regfin: " + (parse.GetValue(Verbose) ? e.ToString() : e.Message)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>Writes one line per ingested file to stderr.</summary>
    public static void Report(IngestResult result)
    {
        var line = result.Status switch
        {
            ImportStatus.Rejected => $"REJECTED  {result.BlobName}: {result.ErrorCount} error(s); first: {(result.Errors.Count > 0 ? result.Errors[0] : null)}",
            ImportStatus.Duplicate => $"duplicate {result.BlobName}: already imported, nothing changed",
            ImportStatus.Superseded => $"superseded {result.BlobName}: {result.Rows} rows, an uploaded newer file covers all of it",
            _ => $"accepted  {result.BlobName}: {result.Rows} rows",
        };
        Console.Error.WriteLine(line);
    }
}
