using Regfin.Core.BalanceRequirement;
using Regfin.Core.Debt;
using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Staging;
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
/// CPI levels, loans, bank balances, cash forecasts, balance-requirement results and the policy
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

    /// <summary>The policy versions.</summary>
    public PolicyTimeline Policies { get; private init; } = new([]);

    /// <summary>Pension liabilities by AsOf.</summary>
    public IReadOnlyDictionary<DateOnly, ReportingLines.PensionLiability> Pensions { get; private init; } = new Dictionary<DateOnly, ReportingLines.PensionLiability>();

    /// <summary>The counting ledger amounts of every period (read once per run, not once per period).</summary>
    public IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Ledger { get; private init; } = new Dictionary<Period, IReadOnlyList<StagedAmount>>();

    /// <summary>The counting budget amounts of every period.</summary>
    public IReadOnlyDictionary<Period, IReadOnlyList<StagedAmount>> Budget { get; private init; } = new Dictionary<Period, IReadOnlyList<StagedAmount>>();

    /// <summary>Reads everything from the stage.</summary>
    public static async Task<FinanceData> LoadAsync(FactStage stage, PolicyStore policies, CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<CountingRow>> Rows(InputKind kind) => stage.CountingAsync(kind, null, cancellationToken);
        var holdings = Rows(InputKind.Holdings);
        var flows = Rows(InputKind.Flows);
        var indices = Rows(InputKind.Indices);
        var cpi = Rows(InputKind.Cpi);
        var loans = Rows(InputKind.Loans);
        var cash = Rows(InputKind.Cash);
        var forecasts = Rows(InputKind.CashForecast);
        var balance = Rows(InputKind.BalanceRequirement);
        var timeline = policies.TimelineAsync(cancellationToken);
        var ledger = Rows(InputKind.Ledger);
        var pensions = Rows(InputKind.Pension);
        var budget = Rows(InputKind.Budget);

        static Dictionary<Period, IReadOnlyList<StagedAmount>> Amounts(IReadOnlyList<CountingRow> rows) => rows
            .SelectMany(r => FactStage.AmountsOf(r, Period.Parse(r.Scope.Split('|')[0])))
            .GroupBy(a => a.Key.Period).ToDictionary(g => g.Key, g => (IReadOnlyList<StagedAmount>)g.ToList());

        var indexRows = await indices.ConfigureAwait(false);
        return new FinanceData
        {
            Holdings = (await holdings.ConfigureAwait(false)).Select(r => new Sourced<Holding>(Holding.From(r), r.Import)).ToList(),
            Flows = (await flows.ConfigureAwait(false)).Select(r => new Sourced<PortfolioFlow>(PortfolioFlow.From(r), r.Import)).ToList(),
            Indices = new IndexLevels(indexRows.Select(r => (r.Text("Index")!, r.Date("Date")!.Value, r.Number("Level")!.Value))),
            IndexImports = indexRows.GroupBy(r => Period.Of(r.Date("Date")!.Value))
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ImportId>)g.Select(r => r.Import).Distinct().ToList()),
            Cpi = new CpiSeries((await cpi.ConfigureAwait(false)).ToDictionary(r => Period.Parse(r.Text("Period")!), r => r.Number("Level")!.Value)),
            Loans = (await loans.ConfigureAwait(false)).GroupBy(r => r.Date("AsOf")!.Value)
                .ToDictionary(g => g.Key, g => new Sourced<IReadOnlyList<Loan>>(g.Select(Loan.From).ToList(), g.First().Import)),
            Cash = (await cash.ConfigureAwait(false)).GroupBy(r => r.Date("Date")!.Value)
                .ToDictionary(g => g.Key, g => new Sourced<decimal>(g.Sum(r => r.Number("BalanceSek")!.Value), g.First().Import)),
            Forecasts = (await forecasts.ConfigureAwait(false)).GroupBy(r => r.Date("AsOf")!.Value)
                .ToDictionary(g => g.Key, g => new Sourced<CashForecast>(
                    new CashForecast(g.Key, g.Select(r => new ForecastFlow(r.Date("Date")!.Value, r.Number("AmountSek")!.Value)).ToList()), g.First().Import)),
            BalanceResults = (await balance.ConfigureAwait(false)).GroupBy(r => r.Row.GetInt32("Year")!.Value)
                .Select(g => g.OrderBy(r => Enum.Parse<ResultKind>(r.Text("Kind")!)).First())
                .Select(r =>
                {
                    var scale = r.Text("Unit") == "MSEK" ? 1_000_000m : 1m;
                    return new Sourced<YearResult>(new YearResult(r.Row.GetInt32("Year")!.Value, Enum.Parse<ResultKind>(r.Text("Kind")!),
                        r.Number("Result")!.Value * scale, (r.Number("Waiver") ?? 0) * scale, r.Row.GetInt32("DeadlineYear")), r.Import);
                }).ToList(),
            Policies = await timeline.ConfigureAwait(false),
            Pensions = (await pensions.ConfigureAwait(false)).ToDictionary(r => r.Date("AsOf")!.Value,
                r => new ReportingLines.PensionLiability(r.Date("AsOf")!.Value, r.Number("Provision")!.Value, r.Number("ContingentLiability")!.Value)),
            Ledger = Amounts(await ledger.ConfigureAwait(false)),
            Budget = Amounts(await budget.ConfigureAwait(false)),
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

    /// <summary>The latest forecast made on or before <paramref name="date"/>.</summary>
    public Sourced<CashForecast>? ForecastAt(DateOnly date) =>
        Forecasts.Where(f => f.Key <= date).OrderByDescending(f => f.Key).Select(f => f.Value).FirstOrDefault();
}
