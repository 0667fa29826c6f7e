using Azure.Data.Tables;
using Regfin.Core.Compliance;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>
/// The one mapping from a computed period (<see cref="ComputeResult"/>) to its output-table rows
/// (tables.md): kpis, committeeresults, ledgerfacts, budgetfacts, and the finance report's
/// allocation, returns, debt, maturityprofile, liquidity, limitchecks and investments, keyed the same on every
/// run. The common columns (Period, PeriodEnd, ComputedAt, PolicyVersion, Sources) are added by the
/// writer (<see cref="OutputRows.WithCommonAsync"/>).
/// </summary>
public static class PeriodRows
{
    /// <summary>The tables a compute run replaces per period from <see cref="Of(ComputeResult)"/> (each partition is the period); the fact tables come from <see cref="Facts"/>.</summary>
    public static IReadOnlyList<string> PeriodTables { get; } = [Tables.Kpis, Tables.CommitteeResults, .. Tables.FinanceTables];

    /// <summary>
    /// Every row of <paramref name="result"/> but its facts (<see cref="Facts"/>), each with its table
    /// and the imports it came from.
    /// </summary>
    public static IEnumerable<(string Table, TableEntity Row, IReadOnlyList<string> Sources)> Of(ComputeResult result)
    {
        var partition = result.Period.ToString();
        foreach (var k in result.Kpis)
        {
            yield return (Tables.Kpis, new TableEntity(partition, k.KpiId)
            {
                ["Area"] = k.Area,
                ["KpiId"] = k.KpiId,
                ["Label"] = k.Label,
                ["Unit"] = k.Unit,
                ["Value"] = k.Unit == "SEK" ? OutputRows.Amount(k.Value) : OutputRows.Measure(k.Value),
                ["Month"] = OutputRows.Amount(k.Month),
                ["PriorYear"] = OutputRows.Amount(k.PriorYear),
                ["Budget"] = OutputRows.Amount(k.Budget),
                ["BudgetYear"] = OutputRows.Amount(k.BudgetYear),
                ["Deviation"] = OutputRows.Amount(k.Deviation),
                ["Target"] = OutputRows.Measure(k.Target),
                ["Status"] = k.Status,
                ["Reason"] = k.Reason,
                ["Forecast"] = k.Unit == "SEK" ? OutputRows.Amount(k.Forecast?.Value) : OutputRows.Measure(k.Forecast?.Value),
                ["ForecastDeviation"] = OutputRows.Amount(k.Forecast?.Deviation),
                ["ForecastSource"] = k.Forecast?.Source?.ToString(),
                ["ForecastAsOf"] = k.Forecast?.AsOf?.ToString(),
            }, result.Sources);
        }

        foreach (var c in result.Committees)
        {
            yield return (Tables.CommitteeResults, new TableEntity(partition, KeyCodec.Encode(c.Committee))
            {
                ["Committee"] = c.Committee,
                ["Name"] = c.Name,
                ["NetCost"] = OutputRows.Amount(c.NetCost),
                ["Month"] = OutputRows.Amount(c.Month),
                ["PriorYear"] = OutputRows.Amount(c.PriorYear),
                ["Budget"] = OutputRows.Amount(c.Budget),
                ["BudgetYear"] = OutputRows.Amount(c.BudgetYear),
                ["Deviation"] = OutputRows.Amount(c.Deviation),
                ["NetCostGrowth"] = OutputRows.Measure(c.NetCostGrowth),
                ["GrowthCeiling"] = OutputRows.Measure(c.GrowthCeiling),
                ["Status"] = c.Status,
                ["Forecast"] = OutputRows.Amount(c.Forecast?.Value),
                ["ForecastDeviation"] = OutputRows.Amount(c.Forecast?.Deviation),
                ["ForecastSource"] = c.Forecast?.Source?.ToString(),
                ["ForecastAsOf"] = c.Forecast?.AsOf?.ToString(),
                ["ForecastGrowth"] = OutputRows.Measure(c.ForecastGrowth),
                ["Comment"] = c.Comment,
            }, result.Sources);
        }

        if (result.Finance is { } finance)
        {
            foreach (var row in Finance(partition, finance))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// The period's ledger and budget facts (ledgerfacts, budgetfacts): per table the fingerprint of
    /// what its rows are built from and the rows themselves, built only when asked for (see
    /// <see cref="FactPartition"/>).
    /// </summary>
    public static IEnumerable<FactPartition> Facts(ComputeResult result)
    {
        yield return FactsOf(result, Tables.LedgerFacts, Export.OutputTables.LedgerFacts, result.LedgerFacts);
        yield return FactsOf(result, Tables.BudgetFacts, Export.OutputTables.BudgetFacts, result.BudgetFacts);
    }

    /// <summary>
    /// The build of the code that maps a fact row (this assembly's module version id, which the
    /// deterministic compiler changes with its code, and the runtime's version): a build that computes a row differently — its
    /// rounding, its key, its report line — must not take a partition for done because its inputs are
    /// the same, so after a new build every fact partition is built and compared once (writing only
    /// rows that really changed).
    /// </summary>
    private static readonly string CodeVersion = typeof(PeriodRows).Assembly.ManifestModule.ModuleVersionId.ToString("N") + " " + Environment.Version;

    private static FactPartition FactsOf(ComputeResult result, string table, Export.TableContract contract, IReadOnlyList<StagedAmount> amounts)
    {
        var partition = result.Period.ToString();
        var map = result.Policy!.Accounts;
        // A fact row is its amount (committee, account, amount, import), the report line the account
        // map gives its account, the period, the contract's columns and the code that maps them: the
        // fingerprint is of exactly these — not of the policy version — so a new policy version with the
        // same account map, or a recompute from the same imports, finds the partition as it left it.
        // The amounts are taken in the order given: another order of the same amounts gives another
        // fingerprint, which costs a rebuild and compare, never a wrong skip.
        using var fingerprint = new InputsFingerprint();
        fingerprint.Add(CodeVersion).Add(table).Add(partition);
        foreach (var column in contract.Columns)
        {
            fingerprint.Add(column.Name).Add(column.Type.ToString());
        }

        foreach (var (line, ranges) in map.Lines.OrderBy(l => l.Key))
        {
            fingerprint.Add(line.ToString());
            foreach (var range in ranges)
            {
                fingerprint.Add(range.Text);
            }
        }

        foreach (var fact in amounts)
        {
            fingerprint.Add(fact.Key.Committee).Add(fact.Key.Account).Add(fact.Amount).Add(fact.Import.Value);
        }

        IEnumerable<(TableEntity Row, IReadOnlyList<string> Sources)> Rows() =>
            amounts.Select(fact => (new TableEntity(partition, KeyCodec.Compose(fact.Key.Committee, fact.Key.Account))
            {
                ["Committee"] = fact.Key.Committee,
                ["Account"] = fact.Key.Account,
                ["ReportLine"] = map.LineOf(fact.Key.Account)?.ToString(),
                ["AmountSek"] = OutputRows.Amount(fact.Amount),
            }, (IReadOnlyList<string>)[fact.Import.Value]));
        return new FactPartition(table, fingerprint.ToString(), Rows);
    }

    /// <summary>The finance report's rows: allocation, returns, debt, maturityprofile, liquidity, limitchecks, investments.</summary>
    private static IEnumerable<(string Table, TableEntity Row, IReadOnlyList<string> Sources)> Finance(string partition, FinanceResult finance)
    {
        var statusOf = finance.Checks.ToDictionary(c => c.RuleId, c => c.Status.ToString(), StringComparer.Ordinal);
        IReadOnlyList<string> Sources(string table) => finance.Sources.GetValueOrDefault(table) ?? [];

        foreach (var a in finance.Allocation)
        {
            yield return (Tables.Allocation, new TableEntity(partition, KeyCodec.Compose(finance.Portfolio, a.Segment))
            {
                ["Portfolio"] = finance.Portfolio,
                ["Segment"] = a.Segment,
                ["AsOf"] = finance.HoldingsDate is { } asOf ? SwedishCalendar.AsTableDate(asOf) : null,
                ["MarketValue"] = OutputRows.Amount(a.MarketValue),
                ["Share"] = OutputRows.Measure(a.Share),
                ["Min"] = OutputRows.Measure(a.Range?.Min),
                ["Normal"] = OutputRows.Measure(a.Range?.Normal),
                ["Max"] = OutputRows.Measure(a.Range?.Max),
                ["Status"] = statusOf.GetValueOrDefault(PolicyRules.AllocationRuleId(a.Segment)),
            }, Sources(Tables.Allocation));
        }

        foreach (var r in finance.Returns)
        {
            yield return (Tables.Returns, new TableEntity(partition, KeyCodec.Compose(finance.Portfolio, r.Segment))
            {
                ["Portfolio"] = finance.Portfolio,
                ["Segment"] = r.Segment,
                ["Return"] = OutputRows.Measure(r.Return),
                ["Benchmark"] = OutputRows.Measure(r.Benchmark),
                ["Active"] = OutputRows.Measure(r.Active),
                ["ReturnYtd"] = OutputRows.Measure(r.ReturnYtd),
                ["BenchmarkYtd"] = OutputRows.Measure(r.BenchmarkYtd),
                ["ActiveYtd"] = OutputRows.Measure(r.ActiveYtd),
                ["RequirementYtd"] = OutputRows.Measure(r.RequirementYtd),
                ["ExcessYtd"] = OutputRows.Measure(r.ExcessYtd),
                ["Inflation"] = r.Segment == PensionPortfolio.Total ? OutputRows.Measure(finance.Inflation) : null,
                ["Reason"] = r.Reason,
            }, Sources(Tables.Returns));
        }

        if (finance.Debt is { } debt)
        {
            yield return (Tables.Debt, new TableEntity(partition, "Debt")
            {
                ["AsOf"] = SwedishCalendar.AsTableDate(debt.AsOf),
                ["TotalDebt"] = OutputRows.Amount(debt.TotalDebt),
                ["AverageRate"] = OutputRows.Measure(debt.AverageRate),
                ["AverageFixingYears"] = OutputRows.Measure(debt.AverageFixingYears),
                ["AverageMaturityYears"] = OutputRows.Measure(debt.AverageMaturityYears),
                ["ShareFixingWithin12Months"] = OutputRows.Measure(debt.ShareFixingWithin12Months),
                ["ShareMaturingWithin12Months"] = OutputRows.Measure(debt.ShareMaturingWithin12Months),
                ["LargestLenderShare"] = OutputRows.Measure(debt.LargestLenderShare),
                ["LargestLender"] = debt.LargestLender,
            }, Sources(Tables.Debt));

            foreach (var year in finance.Maturity)
            {
                yield return (Tables.MaturityProfile, new TableEntity(partition, year.Year.ToString("0000", System.Globalization.CultureInfo.InvariantCulture))
                {
                    ["Year"] = (long)year.Year,
                    ["AsOf"] = SwedishCalendar.AsTableDate(debt.AsOf),
                    ["Principal"] = OutputRows.Amount(year.Principal),
                    ["Share"] = OutputRows.Measure(year.Share),
                }, Sources(Tables.Debt));
            }
        }

        foreach (var (day, forecastAsOf) in finance.Liquidity)
        {
            yield return (Tables.Liquidity, new TableEntity(partition, day.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            {
                ["Date"] = SwedishCalendar.AsTableDate(day.Date),
                ["LiquidFunds"] = OutputRows.Amount(day.LiquidFunds),
                ["CreditFacility"] = OutputRows.Amount(day.CreditFacility),
                ["Available"] = OutputRows.Amount(day.Available),
                ["PaymentReadinessDays"] = (double?)day.PaymentReadinessDays,
                ["PaymentReadinessDaysWithCredit"] = (double?)day.PaymentReadinessDaysWithCredit,
                ["AtLeast"] = day.AtLeast,
                ["MinimumProjected"] = OutputRows.Amount(day.MinimumProjected),
                ["MinimumProjectedDate"] = day.MinimumProjectedDate is { } m ? SwedishCalendar.AsTableDate(m) : null,
                ["CashCoverageDays"] = OutputRows.Measure(day.CashCoverageDays),
                ["ForecastAsOf"] = forecastAsOf is { } f ? SwedishCalendar.AsTableDate(f) : null,
                ["HorizonDays"] = (double?)day.HorizonDays,
                ["Reason"] = day.Reason,
            }, Sources(Tables.Liquidity));
        }

        foreach (var check in finance.Checks)
        {
            yield return (Tables.LimitChecks, LimitCheckRow(partition, check), Sources(Tables.LimitChecks));
        }

        if (finance.Investments is { } investments)
        {
            var asOf = investments.AsOf.ToString();
            foreach (var (key, line) in investments.Projects.Select(p => (KeyCodec.Compose(p.ProjectId!), p))
                .Concat(investments.Groups.Select(g => (KeyCodec.Compose(g.Committee!, g.Category!), g)))
                .Append((InvestmentsKind.TotalKey, investments.Total)))
            {
                yield return (Tables.Investments, new TableEntity(partition, key)
                {
                    ["ProjectId"] = line.ProjectId,
                    ["ProjectName"] = line.ProjectName,
                    ["Committee"] = line.Committee,
                    ["Category"] = line.Category,
                    ["BudgetYear"] = OutputRows.Amount(line.BudgetYear),
                    ["OutcomeYtd"] = OutputRows.Amount(line.OutcomeYtd),
                    ["ForecastYear"] = OutputRows.Amount(line.ForecastYear),
                    ["DeviationYear"] = OutputRows.Amount(line.DeviationYear),
                    ["DecidedTotal"] = OutputRows.Amount(line.DecidedTotal),
                    ["ForecastTotal"] = OutputRows.Amount(line.ForecastTotal),
                    ["Overrun"] = OutputRows.Amount(line.Overrun),
                    ["AsOf"] = asOf,
                }, Sources(Tables.Investments));
            }
        }
    }

    /// <summary>The rows of balancereq (partition <c>current</c>, a row per year) and balancereqorigins (partition the year, a row per origin).</summary>
    public static (IReadOnlyList<ITableEntity> Years, IReadOnlyList<ITableEntity> Origins) Of(RestorationResult restoration, DateTime computedAt)
    {
        string Sources(int year) => string.Join(';', restoration.Sources.GetValueOrDefault(year) ?? []);
        static string Year(int year) => year.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        var years = restoration.Years.Select(y => (ITableEntity)new TableEntity("current", Year(y.Year))
        {
            ["Year"] = (long)y.Year,
            ["Kind"] = y.Kind.ToString(),
            ["Opening"] = OutputRows.Amount(y.Opening),
            ["Result"] = OutputRows.Amount(y.Result),
            ["Waiver"] = OutputRows.Amount(y.Waiver),
            ["Restored"] = OutputRows.Amount(y.Restored),
            ["Closing"] = OutputRows.Amount(y.Closing),
            ["ComputedAt"] = computedAt,
            ["Sources"] = Sources(y.Year),
        }).ToList();
        var origins = restoration.Origins.Select(o => (ITableEntity)new TableEntity(Year(o.Year), Year(o.Origin))
        {
            ["Year"] = (long)o.Year,
            ["Origin"] = (long)o.Origin,
            ["Remaining"] = OutputRows.Amount(o.Remaining),
            ["Deadline"] = (long)o.Deadline,
            ["Status"] = o.Status.ToString(),
            ["ComputedAt"] = computedAt,
            ["Sources"] = Sources(o.Origin),
        }).ToList();
        return (years, origins);
    }

    /// <summary>
    /// The rows of forecastaccuracy: partition the year, row key <c>{committee or Total}|{line}|{AsOf or mean}</c>;
    /// PolicyVersion is the version that mapped the year's outcome.
    /// </summary>
    public static IReadOnlyList<ITableEntity> Of(IReadOnlyList<Forecast.AccuracyRow> accuracy, Func<int, string> policyVersion, DateTime computedAt) =>
        accuracy.Select(a => (ITableEntity)new TableEntity(a.Year.ToString("0000", System.Globalization.CultureInfo.InvariantCulture),
            KeyCodec.Compose(a.Committee, a.Line, a.AsOf?.ToString() ?? "mean"))
        {
            ["Year"] = (long)a.Year,
            ["Committee"] = a.Committee,
            ["Line"] = a.Line,
            ["AsOf"] = a.AsOf?.ToString() ?? "mean",
            ["Forecast"] = OutputRows.Amount(a.Forecast),
            ["Outcome"] = OutputRows.Amount(a.Outcome),
            ["Error"] = OutputRows.Amount(a.Error),
            ["ErrorShare"] = OutputRows.Measure(a.ErrorShare),
            ["ComputedAt"] = computedAt,
            ["PolicyVersion"] = policyVersion(a.Year),
            ["Sources"] = string.Join(';', a.Imports.Select(i => i.Value).Order(StringComparer.Ordinal)),
        }).ToList();

    /// <summary>A limit check as a row (RowKey: the encoded rule id).</summary>
    public static TableEntity LimitCheckRow(string partition, LimitCheck check) => new(partition, KeyCodec.Encode(check.RuleId))
    {
        ["Area"] = check.Area,
        ["RuleId"] = check.RuleId,
        ["Kind"] = check.Kind,
        ["Description"] = check.Description,
        ["Measured"] = check.Unit == "SEK" ? OutputRows.Amount(check.Measured) : OutputRows.Measure(check.Measured),
        ["Min"] = check.Unit == "SEK" ? OutputRows.Amount(check.Min) : OutputRows.Measure(check.Min),
        ["Max"] = check.Unit == "SEK" ? OutputRows.Amount(check.Max) : OutputRows.Measure(check.Max),
        ["Unit"] = check.Unit,
        ["Status"] = check.Status.ToString(),
        ["Detail"] = check.Detail,
    };

    /// <summary>A stored limit check read back (for the previous evaluation of a period).</summary>
    public static LimitCheck FromRow(TableEntity row) => new(
        row.GetString("RuleId")!, row.GetString("Area")!, row.GetString("Description") ?? "",
        row.GetDouble("Measured") is { } m ? (decimal)m : null, row.GetDouble("Min") is { } lo ? (decimal)lo : null,
        row.GetDouble("Max") is { } hi ? (decimal)hi : null, row.GetString("Unit"),
        Enum.Parse<LimitStatus>(row.GetString("Status")!), row.GetString("Detail"), row.GetString("Kind") ?? "Range");
}
