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

    /// <summary>The most characters of packed amounts in one stage row (a Table Storage string holds 32 K characters).</summary>
    public const int MaxPackedChars = 30_000;

    private static ParsedFile? FromAccountAmounts(InputKind kind, AccountAmountFile? file)
    {
        if (file is null)
        {
            return null;
        }

        // One stage row per (period, committee) — more when its "account=amount" lines exceed a cell —
        // so a million-row ledger stages a few hundred rows, not tens of thousands.
        var rows = new List<StageRow>();
        foreach (var scope in file.Totals.GroupBy(t => (t.Key.Period, t.Key.Committee)))
        {
            var lines = scope.OrderBy(t => t.Key.Account, StringComparer.Ordinal)
                .Select(t => t.Key.Account + "=" + t.Value.ToString(CultureInfo.InvariantCulture)).ToList();
            var chunk = new List<string>();
            var length = 0;
            void Flush()
            {
                rows.Add(new StageRow(KeyCodec.Compose(scope.Key.Period.ToString(), scope.Key.Committee),
                    "amounts-" + rows.Count(r => r.Scope == KeyCodec.Compose(scope.Key.Period.ToString(), scope.Key.Committee)).ToString("D4", CultureInfo.InvariantCulture),
                    [
                        new("Period", scope.Key.Period.ToString()),
                        new("Committee", scope.Key.Committee),
                        new("Accounts", chunk.Count),
                        new("Amounts", string.Join('\n', chunk)),
                    ]));
                chunk.Clear();
                length = 0;
            }

            foreach (var line in lines)
            {
                if (chunk.Count > 0 && length + line.Length + 1 > MaxPackedChars)
                {
                    Flush();
                }

                chunk.Add(line);
                length += line.Length + 1;
            }

            Flush();
        }

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

        var moneyColumns = schema.Fields.Where(f => f.Type == FieldType.Money).Select(f => f.Name).ToList();
        var stageRows = rows.Select(r => new StageRow(r.Scope, r.RowKey,
            r.Row.Values.Select(v => new KeyValuePair<string, object?>(v.Column, SchemaParser.ToStaged(v.Value)))
                .Append(new("Row", r.Row.RowNumber)).ToList())).ToList();
        var months = rows.Select(r => MonthOf(schema.Kind, r.Row)).Distinct().Order().ToList();
        var summary = rows.GroupBy(r => r.Scope, StringComparer.Ordinal).Select(g => new ScopeSummary(
            KeyCodec.Decode(g.Key.Replace("|", " ", StringComparison.Ordinal)), g.LongCount(),
            moneyColumns.Select(c => new KeyValuePair<string, decimal>(c, g.Sum(r => r.Row.Number(c) ?? 0))).ToList())).ToList();
        return new ParsedFile(schema.Kind, rows.Count, stageRows, months, null, summary);
    }

    /// <summary>The month a row's data belongs to.</summary>
    private static Period MonthOf(InputKind kind, ParsedRow row) => kind switch
    {
        InputKind.Balance or InputKind.Cpi => row.Period("Period")!.Value,
        InputKind.Pension or InputKind.Holdings or InputKind.Loans or InputKind.CashForecast => Period.Of(row.Date("AsOf")!.Value),
        InputKind.Flows or InputKind.Indices or InputKind.Cash => Period.Of(row.Date("Date")!.Value),
        InputKind.BalanceRequirement => new Period(Math.Clamp(row.WholeNumber("Year")!.Value, Period.MinYear, Period.MaxYear), 1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

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
        var row = new StageRow(validFrom, "policy",
        [
            new("ValidFrom", validFrom),
            new("Name", policy.Name),
            new("Sha256", raw.Sha256),
            new("Extension", extension),
        ]);
        return new ParsedFile(InputKind.Policy, 1, [row], [Period.Of(policy.Version.ValidFrom)], policy,
            [new ScopeSummary(validFrom, 1, [])]);
    }
}
