using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Regfin.Core.Ingestion;

namespace Regfin.Cli.Commands;

/// <summary>
/// <c>validate FILE… [--kind K] [--json]</c>: the dry run of cli.md. The same parser and checks as
/// ingestion, nothing stored, no storage needed; streams, so memory stays flat with file size.
/// </summary>
public static class ValidateCommand
{
    /// <summary>One file's verdict.</summary>
    /// <param name="File">The path.</param>
    /// <param name="Kind">The kind it was read as.</param>
    /// <param name="Accepted">True when ingestion would accept it.</param>
    /// <param name="Rows">Data rows.</param>
    /// <param name="Scopes">Rows and totals per scope.</param>
    /// <param name="ErrorCount">All errors.</param>
    /// <param name="Errors">The listed errors.</param>
    public sealed record Verdict(string File, string? Kind, bool Accepted, long Rows, IReadOnlyList<ScopeSummary> Scopes, long ErrorCount, IReadOnlyList<ValidationError> Errors)
    {
        /// <summary>What an accepted file holds that its sender should know (e.g. a SIE file's garbled names).</summary>
        public IReadOnlyList<ValidationError> Warnings { get; init; } = [];
    }

    private static readonly VerdictJson Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Files to check", Arity = ArgumentArity.OneOrMore };
        files.AcceptExistingOnly();
        var kind = new Option<string?>("--kind") { Description = "The kind (default: the file's parent folder name)" };
        var json = new Option<bool>("--json") { Description = "Print the verdicts as JSON on stdout" };
        var dimension = new Option<int>("--committee-dimension")
        {
            Description = "For a SIE file: the dimension whose objects are the committees (the policy's sie.committeeDimension)",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("validate", "Check files against the input formats without storing anything") { files, kind, json, dimension };
        command.SetAction(async (parse, ct) =>
        {
            var verdicts = new List<Verdict>();
            foreach (var file in parse.GetValue(files)!)
            {
                verdicts.Add(await ValidateAsync(file, parse.GetValue(kind), ct, parse.GetValue(dimension)).ConfigureAwait(false));
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(verdicts, Json.ListVerdict)).ConfigureAwait(false);
            }
            else
            {
                foreach (var verdict in verdicts)
                {
                    Print(verdict);
                }
            }

            return verdicts.All(v => v.Accepted) ? ExitCodes.Success : ExitCodes.Attention;
        });
        return command;
    }

    /// <summary>The same limits as ingestion, configurable the same way (e.g. <c>Ingestion__MaxFileBytes</c>).</summary>
    public static IngestionLimits Limits()
    {
        var limits = new IngestionLimits();
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddEnvironmentVariables().Build()
            .GetSection(IngestionLimits.SectionName).Bind(limits);
        return limits;
    }

    /// <summary>Validates one file as ingestion would.</summary>
    public static async Task<Verdict> ValidateAsync(FileInfo file, string? kindName, CancellationToken cancellationToken, int sieCommitteeDimension = 1)
    {
        var limits = Limits();
        var errors = new ValidationErrors();
        var folder = kindName ?? file.Directory?.Name ?? "";
        var name = InboxBlobName.TryParse($"{folder}/{file.Name}", out var nameError);
        if (name is null)
        {
            errors.Add(null, null, nameError! + (kindName is null ? " (give --kind, or put the file in a folder named for its kind)" : ""));
            return new Verdict(file.FullName, null, false, 0, [], errors.Count, errors.Listed);
        }

        await using var raw = await RawFile.InspectAsync(file.FullName, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        if (raw is null)
        {
            errors.Add(null, null, $"the file is larger than the limit of {limits.MaxFileBytes / (1024 * 1024)} MiB");
            return new Verdict(file.FullName, name.Kind.Name(), false, 0, [], errors.Count, errors.Listed);
        }

        // On a thread of its own, as ingestion parses (ParseAhead): no pool thread waits while the pool reads a large ledger.
        var parsing = ParseAhead.Start(name.Name, raw, limits, ParseContext.Default with { SieCommitteeDimension = sieCommitteeDimension })!;
        (var parsed, errors) = await parsing.Outcome.ConfigureAwait(false);
        return new Verdict(file.FullName, name.Kind.Name(), parsed is not null, parsed?.Rows ?? 0, parsed?.Summary ?? [], errors.Count, errors.Listed)
        {
            Warnings = parsed?.Warnings ?? [],
        };
    }

    private static void Print(Verdict verdict)
    {
        var culture = CultureInfo.InvariantCulture;
        if (verdict.Accepted)
        {
            Console.Out.WriteLine(string.Create(culture, $"OK        {verdict.File} ({verdict.Kind}): {verdict.Rows} rows, {verdict.Scopes.Count} scopes"));
            foreach (var scope in verdict.Scopes)
            {
                var totals = string.Join("  ", scope.Totals.Select(t => string.Create(culture, $"{t.Key} {t.Value:0.##}")));
                Console.Out.WriteLine(string.Create(culture, $"  {scope.Scope}: {scope.Rows} rows  {totals}"));
            }

            foreach (var warning in verdict.Warnings)
            {
                Console.Out.WriteLine("  warning: " + warning);
            }

            return;
        }

        Console.Out.WriteLine(string.Create(culture, $"REJECTED  {verdict.File} ({verdict.Kind ?? "unknown kind"}): {verdict.ErrorCount} error(s)"));
        foreach (var error in verdict.Errors)
        {
            Console.Out.WriteLine("  - " + error);
        }

        if (verdict.ErrorCount > verdict.Errors.Count)
        {
            Console.Out.WriteLine(string.Create(culture, $"  … and {verdict.ErrorCount - verdict.Errors.Count} more"));
        }
    }
}

/// <summary>The verdicts' JSON, generated at compile time (the program is compiled ahead of time).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ValidateCommand.Verdict>))]
internal sealed partial class VerdictJson : System.Text.Json.Serialization.JsonSerializerContext;
