using System.Globalization;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Policy;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion;

/// <summary>Rows and totals of one scope of a file, for <c>regfin validate</c> and the import log.</summary>
/// <param name="Scope">The scope, readable (e.g. <c>2025-10 RS</c>).</param>
/// <param name="Rows">Data rows in the scope.</param>
/// <param name="Totals">Named totals (for a ledger: the report lines; else the sum of each money column).</param>
public sealed record ScopeSummary(string Scope, long Rows, IReadOnlyList<KeyValuePair<string, decimal>> Totals);

/// <summary>A validated file, ready to stage.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Rows">Data rows read.</param>
/// <param name="StageRows">The rows to stage, with their scopes.</param>
/// <param name="Months">The months the file's data belongs to (for marking periods dirty).</param>
/// <param name="Policy">For a policy file, the policy.</param>
/// <param name="Summary">Rows and totals per scope.</param>
public sealed record ParsedFile(InputKind Kind, long Rows, IReadOnlyList<StageRow> StageRows, IReadOnlyList<Period> Months,
    FinancePolicy? Policy, IReadOnlyList<ScopeSummary> Summary)
{
    /// <summary>The distinct scopes.</summary>
    public int ScopeCount => StageRows.Select(r => r.Scope).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>
/// Turns the raw bytes of a file of a known kind into a <see cref="ParsedFile"/>, or into errors:
/// the one entry point shared by ingestion and <c>regfin validate</c>, so the dry run checks exactly
/// what ingestion would.
/// </summary>
public static class FileParser
{
    /// <summary>Parses <paramref name="raw"/> as <paramref name="kind"/> (format from <paramref name="extension"/>).</summary>
    public static ParsedFile? Parse(InputKind kind, string extension, RawFile raw, IngestionLimits limits, ValidationErrors errors)
    {
        if (kind == InputKind.Policy)
        {
            return ParsePolicy(extension, raw, errors);
        }

        if (extension is not (".csv" or ".xlsx"))
        {
            errors.Add(null, null, $"a {kind.Name()} file must be CSV or XLSX (got {extension})");
            return null;
        }

        if (kind is InputKind.Ledger or InputKind.Budget && extension == ".csv" && AccountAmountsInParts.TryParse(raw, limits, errors, out var inParts))
        {
            return FromAccountAmounts(kind, inParts);
        }

        using var reader = OpenTable(extension, raw, limits, errors);
        if (reader is null)
        {
            return null;
        }

        return kind is InputKind.Ledger or InputKind.Budget
            ? FromAccountAmounts(kind, AccountAmountParser.Parse(reader, limits.MaxFieldLength, errors))
            : FromSchema(KindSchemas.For(kind)!, SchemaParser.Parse(reader, KindSchemas.For(kind)!, limits.MaxFieldLength, errors));
    }

    /// <summary>Opens a CSV or XLSX file as a table; null with errors when it cannot be read as one.</summary>
    public static ITabularReader? OpenTable(string extension, RawFile raw, IngestionLimits limits, ValidationErrors errors) =>
        extension == ".xlsx"
            ? Xlsx.XlsxTabularReader.Open(raw, limits, errors)
            : CsvTabularReader.Open(raw, limits.MaxFieldLength, errors);

    private static ParsedFile? FromAccountAmounts(InputKind kind, AccountAmountFile? file)
    {
        if (file is null)
        {
            return null;
        }

        var rows = PackedAmounts.Pack(file);

        // Per period, the sum per report line with the default account map (a dry run's overview).
        var summary = file.Totals.GroupBy(t => t.Key.Period).OrderBy(g => g.Key).Select(g =>
        {
            var lines = MonthLines.From(g.Select(t => (t.Key.Account, t.Value)), AccountMap.Default);
            var totals = Enum.GetValues<ReportLine>().Select(l => new KeyValuePair<string, decimal>(l.ToString(), lines.Lines[l]))
                .Append(new("OperatingResult", lines.Derived(DerivedLine.OperatingResult)))
                .Append(new("Result", lines.Derived(DerivedLine.Result)))
                .Where(kv => kv.Value != 0 || kv.Key is "OperatingResult" or "Result").ToList();
            return new ScopeSummary(g.Key.ToString(), file.RowsPerPeriod.GetValueOrDefault(g.Key), totals);
        }).ToList();
        return new ParsedFile(kind, file.Rows, rows, file.Totals.Keys.Select(k => k.Period).Distinct().Order().ToList(), null, summary);
    }

    private static ParsedFile? FromSchema(KindSchema schema, IReadOnlyList<ScopedRow>? rows)
    {
        if (rows is null)
        {
            return null;
        }

        var moneyColumns = schema.Fields.Where(f => f.Type == FieldType.Money).ToList();
        var stageRows = rows.Select(r => new StageRow(r.Scope, r.RowKey,
            r.Row.Values.Select(v => new KeyValuePair<string, object?>(v.Column, StagedForm.Encode(v.Value)))
                .Append(new("Row", r.Row.RowNumber)).ToList())).ToList();
        var months = rows.Select(r => r.Month).Distinct().Order().ToList();
        var summary = rows.GroupBy(r => r.Scope, StringComparer.Ordinal).Select(g => new ScopeSummary(
            KeyCodec.Decode(g.Key.Replace("|", " ", StringComparison.Ordinal)), g.LongCount(),
            moneyColumns.Select(c => new KeyValuePair<string, decimal>(c.Name, g.Sum(r => (decimal?)r.Row[c] ?? 0))).ToList())).ToList();
        return new ParsedFile(schema.Kind, rows.Count, stageRows, months, null, summary);
    }

    private static ParsedFile? ParsePolicy(string extension, RawFile raw, ValidationErrors errors)
    {
        if (extension is not (".yaml" or ".yml" or ".json"))
        {
            errors.Add(null, null, $"a policy file must be YAML or JSON (got {extension})");
            return null;
        }

        string text;
        using (var reader = new StreamReader(raw.OpenRead(), raw.TextEncoding, detectEncodingFromByteOrderMarks: true))
        {
            text = reader.ReadToEnd();
        }

        var policy = PolicyParser.Parse(text, errors);
        if (policy is null)
        {
            return null;
        }

        var validFrom = policy.Version.ToString();
        var row = PolicyStore.StageRow(policy, raw.Sha256, extension);
        return new ParsedFile(InputKind.Policy, 1, [row], [Period.Of(policy.Version.ValidFrom)], policy,
            [new ScopeSummary(validFrom, 1, [])]);
    }
}
