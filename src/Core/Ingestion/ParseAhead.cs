namespace Regfin.Core.Ingestion;

/// <summary>
/// The parse and validation of one captured file, running on a thread of its own from the moment
/// the bytes are captured: it is CPU-bound, so it overlaps the storage round trips (archive, look-ups)
/// and, for <c>regfin ingest</c>, the opening of the storage session itself; and it blocks no pool
/// thread while a large ledger is read on every core by the pool (<see cref="Ledger.LedgerCsv"/>).
/// Every parse of a received file goes through it (ingestion, <c>regfin validate</c>). It is the only reader of
/// <see cref="RawFile.OpenRead"/>; every other step reads the bytes through <see cref="RawFile.OpenShared"/>.
/// Whoever disposes the <see cref="RawFile"/> first awaits <see cref="FinishedAsync"/>.
/// </summary>
public sealed class ParseAhead
{
    private readonly Task<(ParsedFile? File, ValidationErrors Errors)> _outcome;

    private ParseAhead(Task<(ParsedFile?, ValidationErrors)> outcome, ParseContext context)
    {
        _outcome = outcome;
        Context = context;
    }

    /// <summary>What the parse reads the file against (the SIE committee dimension, the account map).</summary>
    public ParseContext Context { get; }

    /// <summary>
    /// Starts parsing <paramref name="raw"/> as the kind its inbox name says; null when the name has
    /// no kind (ingestion then rejects the file by its name and nothing needs parsing).
    /// </summary>
    /// <param name="blobName">The inbox name, <c>{kind}/…</c>.</param>
    /// <param name="raw">The captured bytes; kept open until <see cref="FinishedAsync"/> completes.</param>
    /// <param name="limits">The ingestion limits.</param>
    /// <param name="context">What the policy in force fixes (ingestion checks it and parses again if another applies); default <see cref="ParseContext.Default"/>.</param>
    public static ParseAhead? Start(string blobName, RawFile raw, IngestionLimits limits, ParseContext? context = null)
    {
        if (InboxBlobName.TryParse(blobName, out _) is not { } name)
        {
            return null;
        }

        context ??= ParseContext.Default;
        return new ParseAhead(Task.Factory.StartNew(() =>
        {
            var errors = new ValidationErrors();
            return (FileParser.Parse(name.Kind, name.Extension, raw, limits, errors, context), errors);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default), context);
    }

    /// <summary>The parsed file, or null and the errors that reject it.</summary>
    public Task<(ParsedFile? File, ValidationErrors Errors)> Outcome => _outcome;

    /// <summary>Completes when the parse no longer reads the bytes, whether it succeeded or not.</summary>
    public async Task FinishedAsync() => await ((Task)_outcome).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
