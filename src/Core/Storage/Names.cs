namespace Regfin.Core.Storage;

/// <summary>The blob containers (spec: README and architecture).</summary>
public static class Containers
{
    /// <summary>Where finance staff drop files: <c>inbox/{kind}/…</c>.</summary>
    public const string Inbox = "inbox";
    /// <summary>Raw bytes of every file received, by content hash.</summary>
    public const string Archive = "archive";
    /// <summary>Rejected files with their reports.</summary>
    public const string Rejected = "rejected";
    /// <summary>HTML reports per period.</summary>
    public const string Reports = "reports";
    /// <summary>Whole texts of cells cut at 32,000 characters.</summary>
    public const string Details = "details";
    /// <summary>Blob leases that make scheduled jobs singletons.</summary>
    public const string Locks = "locks";

    /// <summary>Every container the product uses.</summary>
    public static IReadOnlyList<string> All { get; } = [Inbox, Archive, Rejected, Reports, Details, Locks];
}

/// <summary>
/// Table names: lowercase letters and digits only (Power BI's Table Storage connector fails on mixed
/// case with Entra sign-in). The output tables are the Power BI contract (tables.md); the internal
/// ones hold pipeline state.
/// </summary>
public static class Tables
{
    /// <summary>The import log.</summary>
    public const string Imports = "imports";
    /// <summary>Monthly ledger amounts per committee and account, as they count for the period.</summary>
    public const string LedgerFacts = "ledgerfacts";
    /// <summary>Monthly budget amounts per committee and account.</summary>
    public const string BudgetFacts = "budgetfacts";
    /// <summary>KPIs per period.</summary>
    public const string Kpis = "kpis";
    /// <summary>Committee results per period.</summary>
    public const string CommitteeResults = "committeeresults";
    /// <summary>The balance-requirement restoration per year.</summary>
    public const string BalanceReq = "balancereq";
    /// <summary>The restoration per year and deficit origin.</summary>
    public const string BalanceReqOrigins = "balancereqorigins";

    /// <summary>Forecast accuracy (prognossäkerhet) per year, committee, line and forecast month.</summary>
    public const string ForecastAccuracy = "forecastaccuracy";
    /// <summary>The KPI dimension.</summary>
    public const string DimKpi = "dimkpi";
    /// <summary>The committee dimension.</summary>
    public const string DimCommittee = "dimcommittee";
    /// <summary>The pension portfolio's allocation per period and segment.</summary>
    public const string Allocation = "allocation";
    /// <summary>Returns against benchmark and requirement per period and segment.</summary>
    public const string Returns = "returns";
    /// <summary>The debt figures per period.</summary>
    public const string Debt = "debt";
    /// <summary>Principal maturing per calendar year, per period.</summary>
    public const string MaturityProfile = "maturityprofile";
    /// <summary>Liquidity per day with balances.</summary>
    public const string Liquidity = "liquidity";
    /// <summary>Every rule of the finance policy judged per period.</summary>
    public const string LimitChecks = "limitchecks";
    /// <summary>The investment follow-up per period: projects, sums per committee and category, the total.</summary>
    public const string Investments = "investments";
    /// <summary>The rule dimension.</summary>
    public const string DimRule = "dimrule";
    /// <summary>The alert outbox: every status change of a rule in a period.</summary>
    public const string Alerts = "alerts";
    /// <summary>Per alert and channel: delivered when, attempts, last error.</summary>
    public const string AlertDeliveries = "alertdeliveries";
    /// <summary>One row per compute run.</summary>
    public const string Runs = "runs";

    /// <summary>Internal: the staged rows of every accepted import, one partition per (kind, scope).</summary>
    public const string Stage = "stage";
    /// <summary>Internal: a receipt per inbox blob version (attempts, last error, done) for the poison threshold.</summary>
    public const string Receipts = "receipts";
    /// <summary>Internal: the last occurrence each scheduled job ran for (shared by all hosts).</summary>
    public const string JobRuns = "jobruns";
    /// <summary>Internal: the periods waiting to be computed.</summary>
    public const string DirtyPeriods = "dirtyperiods";
    /// <summary>Internal: per output partition, its row keys and the hash of each row as last written (<see cref="PartitionWriter"/>).</summary>
    public const string RowHashes = "rowhashes";

    /// <summary>The finance report's period tables, rewritten per period by the compute step.</summary>
    public static IReadOnlyList<string> FinanceTables { get; } = [Allocation, Returns, Debt, MaturityProfile, Liquidity, LimitChecks, Investments];

    /// <summary>Every table the product creates.</summary>
    public static IReadOnlyList<string> All { get; } = [Imports, LedgerFacts, BudgetFacts, Kpis, CommitteeResults, Allocation, Returns, Debt, MaturityProfile, Liquidity, LimitChecks,
        Investments, BalanceReq, BalanceReqOrigins, ForecastAccuracy, DimKpi, DimCommittee, DimRule, Alerts, AlertDeliveries, Runs, Stage, DirtyPeriods, Receipts, JobRuns, RowHashes];
}
