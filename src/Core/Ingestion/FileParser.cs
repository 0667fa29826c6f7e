using System.Globalization;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Sie;
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
    /// <summary>What the accepted file holds that its sender should know (a SIE file's lines with U+FFFD, rows of years not read).</summary>
    public IReadOnlyList<ValidationError> Warnings { get; init; } = [];

    /// <summary>The distinct scopes.</summary>
    public int ScopeCount => StageRows.Select(r => r.Scope).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>
/// What a file is read against besides its own bytes: the parts of the policy in force today that
/// ingestion fixes (formats.md): the SIE committee dimension, and the account map a forecast's
/// account classes must each fall within one line of.
/// </summary>
/// <param name="SieCommitteeDimension">For a SIE file: the dimension whose objects are the committees (the policy's <c>sie.committeeDimension</c>).</param>
/// <param name="Accounts">For a forecast: the account map.</param>
public sealed record ParseContext(int SieCommitteeDimension, AccountMap Accounts)
{
    /// <summary>Without a policy: dimension 1 and the default account map.</summary>
    public static ParseContext Default { get; } = new(1, AccountMap.Default);

    /// <summary>The context of a policy.</summary>
    public static ParseContext Of(FinancePolicy policy) => new(policy.Sie.CommitteeDimension, policy.Accounts);

    /// <summary>True when a file of <paramref name="kind"/> parsed under this context reads the same under <paramref name="other"/>.</summary>
    public bool SameFor(InputKind kind, ParseContext other) => kind switch
    {
        InputKind.Sie => SieCommitteeDimension == other.SieCommitteeDimension,
        InputKind.Forecast => ReferenceEquals(Accounts, other.Accounts),
        _ => true,
    };
}

/// <summary>
/// Turns the raw bytes of a file of a known kind into a <see cref="ParsedFile"/>, or into errors:
/// the one entry point shared by ingestion and <c>regfin validate</c>, so the dry run checks exactly
/// what ingestion would.
/// </summary>
public static class FileParser
{
    /// <summary>Parses <paramref name="raw"/> as <paramref name="kind"/> (format from <paramref name="extension"/>).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="extension">The lower-case extension with its dot.</param>
    /// <param name="raw">The captured bytes.</param>
    /// <param name="limits">The size limits.</param>
    /// <param name="errors">Where the errors go.</param>
    /// <param name="context">What the policy in force fixes (default: <see cref="ParseContext.Default"/>).</param>
    public static ParsedFile? Parse(InputKind kind, string extension, RawFile raw, IngestionLimits limits, ValidationErrors errors, ParseContext? context = null)
    {
        context ??= ParseContext.Default;
        if (kind == InputKind.Policy)
        {
            return ParsePolicy(extension, raw, errors);
        }

        if (kind == InputKind.Sie)
        {
            return ParseSie(raw, limits, errors, context.SieCommitteeDimension);
        }

        if (kind is InputKind.Ledger or InputKind.Budget && (extension is ".se" or ".si" or ".sie" || SieReader.LooksLikeSie(raw)))
        {
            errors.Add(1, null, $"this is a SIE file (it starts with #FLAGGA): put it under sie/, not under {kind.Name()}/; a SIE file gives the ledger and the budget together");
            return null;
        }

        if (extension is not (".csv" or ".xlsx"))
        {
            errors.Add(null, null, $"a {kind.Name()} file must be CSV or XLSX (got {extension})");
            return null;
        }

        if (kind is InputKind.Ledger or InputKind.Budget && extension == ".csv")
        {
            return FromAccountAmounts(kind, LedgerCsv.Parse(raw, limits, errors));
        }

        using var reader = OpenTable(extension, raw, limits, errors);
        if (reader is null)
        {
            return null;
        }

        if (kind is InputKind.Ledger or InputKind.Budget)
        {
            return FromAccountAmounts(kind, AccountAmountParser.Parse(reader, limits.MaxFieldLength, errors));
        }

        var rows = SchemaParser.Parse(reader, KindSchemas.For(kind)!, limits.MaxFieldLength, errors);
        if (kind == InputKind.Forecast && rows is not null)
        {
            ForecastKind.CheckClasses(rows, context.Accounts, errors);
            rows = errors.IsEmpty ? rows : null;
        }

        return FromSchema(KindSchemas.For(kind)!, rows);
    }

    private static ParsedFile? ParseSie(RawFile raw, IngestionLimits limits, ValidationErrors errors, int committeeDimension)
    {
        var sie = SieReader.Read(raw, errors, new SieReadOptions { CommitteeDimension = committeeDimension, MaxFieldLength = limits.MaxFieldLength });
        if (sie is null)
        {
            return null;
        }

        static AccountAmountFile Amounts(IReadOnlyList<SieAmount> amounts)
        {
            var totals = new Dictionary<AccountKey, decimal>();
            foreach (var a in amounts)
            {
                var key = new AccountKey(a.Period, a.ObjectId ?? "", a.Account);
                totals[key] = totals.GetValueOrDefault(key) + a.Amount;
            }

            return new AccountAmountFile(amounts.Count, totals, amounts.GroupBy(a => a.Period).ToDictionary(g => g.Key, g => (long)g.Count()));
        }

        var ledger = Amounts(sie.Ledger);
        var budget = Amounts(sie.Budget);
        var rows = PackedAmounts.Pack(ledger, PackedAmounts.LedgerPart).Concat(PackedAmounts.Pack(budget, PackedAmounts.BudgetPart)).ToList();
        var summary = Summary(ledger, "").Concat(Summary(budget, "budget ")).ToList();
        var count = sie.LedgerSource == SieLedgerSource.Vouchers ? sie.TransactionCount + sie.Budget.Count : sie.Ledger.Count + sie.Budget.Count;
        return new ParsedFile(InputKind.Sie, count, rows, sie.Periods, null, summary) { Warnings = sie.Warnings };
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

        var summary = Summary(file, "");
        return new ParsedFile(kind, file.Rows, rows, file.Totals.Keys.Select(k => k.Period).Distinct().Order().ToList(), null, summary);
    }

    /// <summary>Per period, the sum per report line with the default account map (a dry run's overview).</summary>
    private static List<ScopeSummary> Summary(AccountAmountFile file, string prefix) =>
        file.Totals.GroupBy(t => t.Key.Period).OrderBy(g => g.Key).Select(g =>
        {
            var lines = MonthLines.From(g.Select(t => (t.Key.Account, t.Value)), AccountMap.Default);
            var totals = Enum.GetValues<ReportLine>().Select(l => new KeyValuePair<string, decimal>(l.ToString(), lines.Lines[l]))
                .Append(new("OperatingResult", lines.Derived(DerivedLine.OperatingResult)))
                .Append(new("Result", lines.Derived(DerivedLine.Result)))
                .Where(kv => kv.Value != 0 || kv.Key is "OperatingResult" or "Result").ToList();
            return new ScopeSummary(prefix + g.Key, file.RowsPerPeriod.GetValueOrDefault(g.Key), totals);
        }).ToList();

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
