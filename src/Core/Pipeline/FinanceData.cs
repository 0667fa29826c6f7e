using Regfin.Core.BalanceRequirement;
using Regfin.Core.Debt;
using Regfin.Core.Forecast;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Kinds;
using Regfin.Core.Ingestion.Ledger;
using Regfin.Core.Ingestion.Staging;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Investments;
using Regfin.Core.Liquidity;
using Regfin.Core.Policy;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;

namespace Regfin.Core.Pipeline;

/// <summary>A value with the import it came from (for the Sources column).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Import">The import.</param>
public sealed record Sourced<T>(T Value, ImportId Import);

/// <summary>
/// The finance report's inputs as they count, read once per compute run: holdings, flows, index and
/// CPI levels, loans, bank balances, cash forecasts, balance-requirement results, investment projects and the policy
/// versions. Lookups by period follow kpis.md (holdings with AsOf in the month, loans at the latest
/// AsOf ≤ the period end, the latest forecast made on or before a day).
/// </summary>
public sealed class FinanceData
{
    private FinanceData() { }

    /// <summary>Every holding with the import of its (portfolio, AsOf) list.</summary>
    public IReadOnlyList<Sourced<Holding>> Holdings { get; private init; } = [];

    /// <summary>Every portfolio flow.</summary>
    public IReadOnlyList<Sourced<PortfolioFlow>> Flows { get; private init; } = [];

    /// <summary>Index levels.</summary>
    public IndexLevels Indices { get; private init; } = new([]);

    /// <summary>Index prints by month of their date, with their imports.</summary>
    public IReadOnlyDictionary<Period, IReadOnlyList<ImportId>> IndexImports { get; private init; } = new Dictionary<Period, IReadOnlyList<ImportId>>();

    /// <summary>CPI levels.</summary>
    public CpiSeries Cpi { get; private init; } = new(new Dictionary<Period, decimal>());

    /// <summary>Loan lists by AsOf.</summary>
    public IReadOnlyDictionary<DateOnly, Sourced<IReadOnlyList<Loan>>> Loans { get; private init; } = new Dictionary<DateOnly, Sourced<IReadOnlyList<Loan>>>();

    /// <summary>Σ bank balances by date.</summary>
    public IReadOnlyDictionary<DateOnly, Sourced<decimal>> Cash { get; private init; } = new Dictionary<DateOnly, Sourced<decimal>>();

    /// <summary>Cash forecasts by AsOf.</summary>
    public IReadOnlyDictionary<DateOnly, Sourced<CashForecast>> Forecasts { get; private init; } = new Dictionary<DateOnly, Sourced<CashForecast>>();

    /// <summary>Uploaded balance-requirement results (Actual before Forecast before Plan within a year).</summary>
    public IReadOnlyList<Sourced<YearResult>> BalanceResults { get; private init; } = [];

    /// <summary>Every counting investment project row (each AsOf's file), with its import.</summary>
    public IReadOnlyList<Sourced<InvestmentProject>> Investments { get; private init; } = [];

    /// <summary>The policy versions.</summary>
    public PolicyTimeline Policies { get; private init; } = new([]);

    /// <summary>Pension liabilities by AsOf.</summary>
    public IReadOnlyDictionary<DateOnly, ReportingLines.PensionLiability> Pensions { get; private init; } = new Dictionary<DateOnly, ReportingLines.PensionLiability>();

    /// <summary>The committees' full-year forecasts (helårsprognos), one per (AsOf, Committee), oldest first.</summary>
    public IReadOnlyList<ForecastUpload> YearForecasts { get; private init; } = [];

    /// <summary>
    /// The counting ledger amounts of the months the run needs (<see cref="AmountWindow"/>), read once per
    /// run, not once per period; every month when the run was loaded without periods.
    /// </summary>
    public IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Ledger { get; private init; } = new Dictionary<Period, IReadOnlyList<StagedAmount>>();

    /// <summary>The counting budget amounts of the months the run needs.</summary>
    public IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Budget { get; private init; } = new Dictionary<Period, IReadOnlyList<StagedAmount>>();

    /// <summary>The latest month with a ledger (CSV or SIE), whether or not its amounts were read; null without any.</summary>
    public Period? LatestLedger { get; private init; }

    /// <summary>
    /// The years whose forecast accuracy this data can measure (every month of their ledger and budget
    /// was read): the years of the periods it was loaded for; null: every year.
    /// </summary>
    public IReadOnlySet<int>? AccuracyYears { get; private init; }

    /// <summary>
    /// Reads everything a compute run of <paramref name="periods"/> needs from the stage, each kind
    /// through its own record; the ledger and budget only in the months those periods and the latest
    /// ledger month need (<see cref="AmountWindow"/>). Null periods: every month (a whole-history run).
    /// </summary>
    public static async Task<FinanceData> LoadAsync(FactStage stage, PolicyStore policies, IReadOnlyCollection<Period>? periods, CancellationToken cancellationToken)
    {
        using var failing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failing.Token;
        Task<IReadOnlyList<Counted<T>>> Read<T>(KindSchema<T> schema) => stage.CountingAsync(schema, null, token);
        var holdings = Read(HoldingsKind.Schema);
        var flows = Read(FlowsKind.Schema);
        var indices = Read(IndicesKind.Schema);
        var cpi = Read(CpiKind.Schema);
        var loans = Read(LoansKind.Schema);
        var cash = Read(CashKind.Schema);
        var forecasts = Read(CashForecastKind.Schema);
        var balance = Read(BalanceRequirementKind.Schema);
        var pensions = Read(PensionKind.Schema);
        var yearForecasts = Read(ForecastKind.Schema);
        var investments = Read(InvestmentsKind.Schema);
        var timeline = policies.TimelineAsync(token);
        // The months the run's own periods need are read at once; the latest ledger month (the
        // restoration evaluates it) is known only from the stage's keys, so what it needs beyond
        // those months is read after them — usually nothing, as a run mostly ends with the latest month.
        var latestAndWindow = LatestAndWindowAsync();
        var own = periods is null ? null : AmountWindow.For(periods, null);
        var ledger = ReadMonthsAsync(InputKind.Ledger, own?.LedgerMonths, w => w.LedgerMonths);
        var budget = ReadMonthsAsync(InputKind.Budget, own?.BudgetMonths, w => w.BudgetMonths);
        var sie = ReadMonthsAsync(InputKind.Sie, own?.LedgerMonths.Union(own.BudgetMonths), w => w.LedgerMonths.Union(w.BudgetMonths));
        var ledgerAmounts = MergeAsync(ledger, PackedAmounts.LedgerPart);
        var budgetAmounts = MergeAsync(budget, PackedAmounts.BudgetPart);

        // Every read is awaited, also when one fails; the first failure cancels the others (before
        // the token's source is disposed: the cancel happens inside the awaited tasks).
        Task[] all = [holdings, flows, indices, cpi, loans, cash, forecasts, balance, pensions, yearForecasts, investments, timeline,
            latestAndWindow, ledger, budget, sie, ledgerAmounts, budgetAmounts];
        await Task.WhenAll(all.Select(CancelOthersOnFailure)).ConfigureAwait(false);

        async Task CancelOthersOnFailure(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await failing.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        var (latest, window) = await latestAndWindow.ConfigureAwait(false);

        async Task<(Period? Latest, AmountWindow? Window)> LatestAndWindowAsync()
        {
            var months = await stage.LedgerPeriodsAsync(token).ConfigureAwait(false);
            Period? last = months.Count > 0 ? months.Max() : null;
            return (last, periods is null ? null : AmountWindow.For(periods, last));
        }

        async Task<IReadOnlyList<CountingRow>> ReadMonthsAsync(InputKind kind, IEnumerable<Period>? first, Func<AmountWindow, IEnumerable<Period>> of)
        {
            if (first is null)
            {
                return await stage.CountingAsync(kind, null, token).ConfigureAwait(false);
            }

            var months = first.ToHashSet();
            var reading = AmountWindow.ReadAsync(stage, kind, months, token);
            await Task.WhenAll(reading, latestAndWindow).ConfigureAwait(false); // both awaited, also when one fails
            var (_, full) = await latestAndWindow.ConfigureAwait(false);
            var rest = of(full!).Where(m => !months.Contains(m)).ToList();
            var rows = await reading.ConfigureAwait(false);
            return rest.Count == 0 ? rows : [.. rows, .. await AmountWindow.ReadAsync(stage, kind, rest, token).ConfigureAwait(false)];
        }

        // Each kind's amounts are unpacked as soon as its rows are in, while the others are still read.
        async Task<Dictionary<Period, IReadOnlyList<StagedAmount>>> MergeAsync(Task<IReadOnlyList<CountingRow>> rows, string part)
        {
            var (read, sieRead, policyVersions) = (await rows.ConfigureAwait(false), await sie.ConfigureAwait(false), await timeline.ConfigureAwait(false));
            return await Task.Run(() => LedgerAmounts.Merge(read, sieRead, part, policyVersions), token).ConfigureAwait(false);
        }

        var indexRows = await indices.ConfigureAwait(false);
        var policyTimeline = await timeline.ConfigureAwait(false);
        var sieRows = await sie.ConfigureAwait(false);
        return new FinanceData
        {
            Holdings = (await holdings.ConfigureAwait(false)).Select(r => new Sourced<Holding>(r.Record, r.Import)).ToList(),
            Flows = (await flows.ConfigureAwait(false)).Select(r => new Sourced<PortfolioFlow>(r.Record, r.Import)).ToList(),
            Indices = new IndexLevels(indexRows.Select(r => (r.Record.Index, r.Record.Date, r.Record.Level))),
            IndexImports = indexRows.GroupBy(r => Period.Of(r.Record.Date))
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ImportId>)g.Select(r => r.Import).Distinct().ToList()),
            Cpi = new CpiSeries((await cpi.ConfigureAwait(false)).ToDictionary(r => r.Record.Period, r => r.Record.Level)),
            Loans = (await loans.ConfigureAwait(false)).GroupBy(r => r.Record.AsOf)
                .ToDictionary(g => g.Key, g => new Sourced<IReadOnlyList<Loan>>(g.Select(r => r.Record).ToList(), g.First().Import)),
            Cash = (await cash.ConfigureAwait(false)).GroupBy(r => r.Record.Date)
                .ToDictionary(g => g.Key, g => new Sourced<decimal>(g.Sum(r => r.Record.Balance), g.First().Import)),
            Forecasts = (await forecasts.ConfigureAwait(false)).GroupBy(r => r.Record.AsOf)
                .ToDictionary(g => g.Key, g => new Sourced<CashForecast>(
                    new CashForecast(g.Key, g.Select(r => new ForecastFlow(r.Record.Date, r.Record.Amount)).ToList()), g.First().Import)),
            BalanceResults = (await balance.ConfigureAwait(false)).GroupBy(r => r.Record.Year)
                .Select(g => g.OrderBy(r => r.Record.Kind).First())
                .Select(r => new Sourced<YearResult>(r.Record, r.Import)).ToList(),
            Policies = policyTimeline,
            Pensions = (await pensions.ConfigureAwait(false)).ToDictionary(r => r.Record.AsOf, r => r.Record),
            YearForecasts = (await yearForecasts.ConfigureAwait(false)).GroupBy(r => (r.Record.AsOf, r.Record.Committee))
                .Select(g => new ForecastUpload(g.Key.AsOf, g.Key.Committee, g.Select(r => r.Record).ToList(), g.First().Import))
                .OrderBy(u => u.AsOf).ThenBy(u => u.Committee, StringComparer.Ordinal).ToList(),
            Investments = (await investments.ConfigureAwait(false)).Select(r => new Sourced<InvestmentProject>(r.Record, r.Import)).ToList(),
            Ledger = await ledgerAmounts.ConfigureAwait(false),
            Budget = await budgetAmounts.ConfigureAwait(false),
            LatestLedger = latest,
            AccuracyYears = window?.AccuracyYears,
        };
    }

    /// <summary>True when holdings, loans or bank balances are dated in <paramref name="period"/> (a finance report can be made).</summary>
    public bool HasDataIn(Period period) =>
        Holdings.Any(h => Period.Of(h.Value.AsOf) == period) || Loans.Keys.Any(d => Period.Of(d) == period) || Cash.Keys.Any(d => Period.Of(d) == period);

    /// <summary>A portfolio's holdings per month, at the latest AsOf within each month.</summary>
    public IReadOnlyDictionary<Period, IReadOnlyList<Sourced<Holding>>> HoldingsByMonth(string portfolio) =>
        Holdings.Where(h => h.Value.Portfolio == portfolio)
            .GroupBy(h => Period.Of(h.Value.AsOf))
            .ToDictionary(g => g.Key, g =>
            {
                var latest = g.Max(h => h.Value.AsOf);
                return (IReadOnlyList<Sourced<Holding>>)g.Where(h => h.Value.AsOf == latest).ToList();
            });

    /// <summary>The loans at the latest AsOf on or before <paramref name="date"/>.</summary>
    public Sourced<IReadOnlyList<Loan>>? LoansAt(DateOnly date) =>
        Loans.Where(l => l.Key <= date).OrderByDescending(l => l.Key).Select(l => l.Value).FirstOrDefault();

    /// <summary>The pension liability at the latest AsOf on or before <paramref name="date"/>.</summary>
    public ReportingLines.PensionLiability? PensionAt(DateOnly date) =>
        Pensions.Where(p => p.Key <= date).OrderByDescending(p => p.Key).Select(p => p.Value).FirstOrDefault();

    /// <summary>The investment follow-up of <paramref name="period"/> (the latest AsOf in its year on or before it), or null.</summary>
    public InvestmentFollowUp? InvestmentsAt(Period period) => InvestmentFollowUp.Compute(period, Investments.Select(i => i.Value));

    /// <summary>The latest forecast made on or before <paramref name="date"/>.</summary>
    public Sourced<CashForecast>? ForecastAt(DateOnly date) =>
        Forecasts.Where(f => f.Key <= date).OrderByDescending(f => f.Key).Select(f => f.Value).FirstOrDefault();
}
