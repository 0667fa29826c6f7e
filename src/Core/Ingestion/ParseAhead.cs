namespace Regfin.Core.Ingestion;

/// <summary>
/// The parse and validation of one captured file, running on a thread of its own from the moment
/// the bytes are captured: it is CPU-bound, so it overlaps the storage round trips (archive, look-ups)
/// and, for <c>regfin ingest</c>, the opening of the storage session itself. It is the only reader of
/// <see cref="RawFile.OpenRead"/>; every other step reads the bytes through <see cref="RawFile.OpenShared"/>.
/// Whoever disposes the <see cref="RawFile"/> first awaits <see cref="FinishedAsync"/>.
/// </summary>
public sealed class ParseAhead
{
    private readonly Task<(ParsedFile? File, ValidationErrors Errors)> _outcome;

    private ParseAhead(Task<(ParsedFile?, ValidationErrors)> outcome, int sieCommitteeDimension)
    {
        _outcome = outcome;
        SieCommitteeDimension = sieCommitteeDimension;
    }

    /// <summary>For a SIE file: the committee dimension the parse reads objects of.</summary>
    public int SieCommitteeDimension { get; }

    /// <summary>
    /// Starts parsing <paramref name="raw"/> as the kind its inbox name says; null when the name has
    /// no kind (ingestion then rejects the file by its name and nothing needs parsing).
    /// </summary>
    /// <param name="blobName">The inbox name, <c>{kind}/…</c>.</param>
    /// <param name="raw">The captured bytes; kept open until <see cref="FinishedAsync"/> completes.</param>
    /// <param name="limits">The ingestion limits.</param>
    /// <param name="sieCommitteeDimension">For a SIE file: the policy's committee dimension (ingestion checks it and parses again if another applies).</param>
    public static ParseAhead? Start(string blobName, RawFile raw, IngestionLimits limits, int sieCommitteeDimension = 1)
    {
        if (InboxBlobName.TryParse(blobName, out _) is not { } name)
        {
            return null;
        }

        return new ParseAhead(Task.Factory.StartNew(() =>
        {
            var errors = new ValidationErrors();
            return (FileParser.Parse(name.Kind, name.Extension, raw, limits, errors, sieCommitteeDimension), errors);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default), sieCommitteeDimension);
    }

    /// <summary>The parsed file, or null and the errors that reject it.</summary>
    internal Task<(ParsedFile? File, ValidationErrors Errors)> Outcome => _outcome;

    /// <summary>Completes when the parse no longer reads the bytes, whether it succeeded or not.</summary>
    public async Task FinishedAsync() => await ((Task)_outcome).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
