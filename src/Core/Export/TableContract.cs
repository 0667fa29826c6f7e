namespace Regfin.Core.Export;

/// <summary>The type of a column in the Power BI contract (tables.md).</summary>
public enum ColumnType
{
    /// <summary>Text.</summary>
    Text,
    /// <summary>A measure stored as Double: whole SEK, fraction, years or days.</summary>
    Number,
    /// <summary>A count stored as Int64.</summary>
    Count,
    /// <summary>A Swedish calendar date, stored as UTC midnight, exported <c>yyyy-MM-dd</c>.</summary>
    Date,
    /// <summary>An instant, exported as ISO 8601 UTC.</summary>
    Timestamp,
    /// <summary>A boolean, exported <c>true</c>/<c>false</c>.</summary>
    Boolean,
}

/// <summary>A column of an output table.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">Its type.</param>
public sealed record ContractColumn(string Name, ColumnType Type);

/// <summary>An output table: its name and its columns in export order (keys first).</summary>
/// <param name="Name">The logical table name.</param>
/// <param name="PartitionedByPeriod">True when PartitionKey is a period (export --period filters on it).</param>
/// <param name="Columns">The columns after PartitionKey and RowKey.</param>
public sealed record TableContract(string Name, bool PartitionedByPeriod, IReadOnlyList<ContractColumn> Columns)
{
    /// <summary>Every column in export order, PartitionKey and RowKey first.</summary>
    public IEnumerable<ContractColumn> ExportColumns =>
        new[] { new ContractColumn("PartitionKey", ColumnType.Text), new ContractColumn("RowKey", ColumnType.Text) }.Concat(Columns);
}

/// <summary>
/// The output tables and their columns: the Power BI contract of tables.md, in one place for the
/// writers, the export and the Power Query files.
/// </summary>
public static class OutputTables
{
    private static ContractColumn T(string name) => new(name, ColumnType.Text);
    private static ContractColumn D(string name) => new(name, ColumnType.Number);
    private static ContractColumn I(string name) => new(name, ColumnType.Count);
    private static ContractColumn Day(string name) => new(name, ColumnType.Date);
    private static ContractColumn At(string name) => new(name, ColumnType.Timestamp);

    private static readonly ContractColumn[] Common = [At("ComputedAt"), T("PolicyVersion"), T("Sources")];

    /// <summary>The common columns of a table no policy judges (the fact tables): no PolicyVersion.</summary>
    private static readonly ContractColumn[] Unjudged = [At("ComputedAt"), T("Sources")];

    /// <summary>The import log.</summary>
    public static TableContract Imports { get; } = new(Storage.Tables.Imports, false,
        [T("BlobName"), T("Sha256"), I("SizeBytes"), T("Status"), I("Rows"), I("Scopes"), I("ErrorCount"), T("ReportBlob"), At("ReceivedAt"), At("ProcessedAt"), T("DuplicateOf")]);

    /// <summary>Monthly ledger amounts as they count for each period.</summary>
    public static TableContract LedgerFacts { get; } = new(Storage.Tables.LedgerFacts, true,
        [T("Period"), Day("PeriodEnd"), T("Committee"), T("Account"), T("ReportLine"), D("AmountSek"), .. Unjudged]);

    /// <summary>The figures per period.</summary>
    public static TableContract Kpis { get; } = new(Storage.Tables.Kpis, true,
        [T("Period"), Day("PeriodEnd"), T("Area"), T("KpiId"), T("Label"), T("Unit"), D("Value"), D("Month"), D("PriorYear"),
         D("Budget"), D("BudgetYear"), D("Deviation"), D("Target"), T("Status"), T("Reason"),
         D("Forecast"), D("ForecastDeviation"), T("ForecastSource"), T("ForecastAsOf"), .. Common]);

    /// <summary>Monthly budget amounts.</summary>
    public static TableContract BudgetFacts { get; } = new(Storage.Tables.BudgetFacts, true,
        [T("Period"), Day("PeriodEnd"), T("Committee"), T("Account"), T("ReportLine"), D("AmountSek"), .. Unjudged]);

    /// <summary>Committee results.</summary>
    public static TableContract CommitteeResults { get; } = new(Storage.Tables.CommitteeResults, true,
        [T("Period"), Day("PeriodEnd"), T("Committee"), T("Name"), D("NetCost"), D("Month"), D("PriorYear"), D("Budget"), D("BudgetYear"), D("Deviation"),
         D("NetCostGrowth"), D("GrowthCeiling"), T("Status"),
         D("Forecast"), D("ForecastDeviation"), T("ForecastSource"), T("ForecastAsOf"), D("ForecastGrowth"), T("Comment"), .. Common]);

    /// <summary>The pension portfolio's allocation against the policy.</summary>
    public static TableContract Allocation { get; } = new(Storage.Tables.Allocation, true,
        [T("Period"), Day("PeriodEnd"), T("Portfolio"), T("Segment"), Day("AsOf"), D("MarketValue"), D("Share"), D("Min"), D("Normal"), D("Max"), T("Status"), .. Common]);

    /// <summary>Returns against benchmark and the return requirement.</summary>
    public static TableContract Returns { get; } = new(Storage.Tables.Returns, true,
        [T("Period"), Day("PeriodEnd"), T("Portfolio"), T("Segment"), D("Return"), D("Benchmark"), D("Active"), D("ReturnYtd"), D("BenchmarkYtd"), D("ActiveYtd"),
         D("RequirementYtd"), D("ExcessYtd"), D("Inflation"), T("Reason"), .. Common]);

    /// <summary>The debt figures.</summary>
    public static TableContract Debt { get; } = new(Storage.Tables.Debt, true,
        [T("Period"), Day("PeriodEnd"), Day("AsOf"), D("TotalDebt"), D("AverageRate"), D("AverageFixingYears"), D("AverageMaturityYears"),
         D("ShareFixingWithin12Months"), D("ShareMaturingWithin12Months"), D("LargestLenderShare"), T("LargestLender"), .. Common]);

    /// <summary>Principal maturing per calendar year.</summary>
    public static TableContract MaturityProfile { get; } = new(Storage.Tables.MaturityProfile, true,
        [T("Period"), Day("PeriodEnd"), I("Year"), Day("AsOf"), D("Principal"), D("Share"), .. Common]);

    /// <summary>Liquidity per day with balances.</summary>
    public static TableContract Liquidity { get; } = new(Storage.Tables.Liquidity, true,
        [T("Period"), Day("PeriodEnd"), Day("Date"), D("LiquidFunds"), D("CreditFacility"), D("Available"), D("PaymentReadinessDays"), D("PaymentReadinessDaysWithCredit"),
         new("AtLeast", ColumnType.Boolean), D("MinimumProjected"), Day("MinimumProjectedDate"), D("CashCoverageDays"), Day("ForecastAsOf"), D("HorizonDays"), T("Reason"), .. Common]);

    /// <summary>Every rule of the finance policy judged per period.</summary>
    public static TableContract LimitChecks { get; } = new(Storage.Tables.LimitChecks, true,
        [T("Period"), Day("PeriodEnd"), T("Area"), T("RuleId"), T("Kind"), T("Description"), D("Measured"), D("Min"), D("Max"), T("Unit"), T("Status"), T("Detail"), .. Common]);

    /// <summary>The investment follow-up: a row per project, per committee and category, and the total.</summary>
    public static TableContract Investments { get; } = new(Storage.Tables.Investments, true,
        [T("Period"), Day("PeriodEnd"), T("ProjectId"), T("ProjectName"), T("Committee"), T("Category"), D("BudgetYear"), D("OutcomeYtd"), D("ForecastYear"),
         D("DeviationYear"), D("DecidedTotal"), D("ForecastTotal"), D("Overrun"), T("AsOf"), .. Common]);

    /// <summary>The balance-requirement restoration per year.</summary>
    public static TableContract BalanceReq { get; } = new(Storage.Tables.BalanceReq, false,
        [I("Year"), T("Kind"), D("Opening"), D("Result"), D("Waiver"), D("Restored"), D("Closing"), .. Common]);

    /// <summary>The restoration per year and origin.</summary>
    public static TableContract BalanceReqOrigins { get; } = new(Storage.Tables.BalanceReqOrigins, false,
        [I("Year"), I("Origin"), D("Remaining"), I("Deadline"), T("Status"), .. Common]);

    /// <summary>Forecast accuracy (prognossäkerhet): each month's forecast against the year's outcome, and the mean.</summary>
    public static TableContract ForecastAccuracy { get; } = new(Storage.Tables.ForecastAccuracy, false,
        [I("Year"), T("Committee"), T("Line"), T("AsOf"), D("Forecast"), D("Outcome"), D("Error"), D("ErrorShare"), .. Common]);

    /// <summary>The KPI dimension.</summary>
    public static TableContract DimKpi { get; } = new(Storage.Tables.DimKpi, false,
        [T("KpiId"), T("LabelSv"), T("LabelEn"), T("Unit"), T("Area"), T("Formula")]);

    /// <summary>The committee dimension.</summary>
    public static TableContract DimCommittee { get; } = new(Storage.Tables.DimCommittee, false,
        [T("Committee"), T("LabelSv"), T("LabelEn"), D("NetCostGrowthMax")]);

    /// <summary>The alert outbox.</summary>
    public static TableContract Alerts { get; } = new(Storage.Tables.Alerts, true,
        [T("Period"), Day("PeriodEnd"), T("AlertId"), T("RuleId"), T("Area"), I("Sequence"), T("FromStatus"), T("ToStatus"), T("Message"), D("Measured"), T("Unit"),
         At("RaisedAt"), T("IdempotencyKey"), T("PolicyVersion")]);

    /// <summary>Deliveries per alert and channel.</summary>
    public static TableContract AlertDeliveries { get; } = new(Storage.Tables.AlertDeliveries, false,
        [T("Period"), T("AlertId"), T("Channel"), At("DeliveredAt"), I("Attempts"), T("LastError")]);

    /// <summary>The rule dimension.</summary>
    public static TableContract DimRule { get; } = new(Storage.Tables.DimRule, false,
        [T("RuleId"), T("Area"), T("Kind"), T("LabelSv"), T("LabelEn"), T("Unit")]);

    /// <summary>
    /// The compute-run log (tables.md: PK period, RK run id): Started, Completed and the import ids a
    /// run saw, so a reader can tell a period still being written. Read by Power BI
    /// (reporting/powerbi/runs.pq) but not in <see cref="All"/>: its rows differ on every run, so the
    /// export, whose two runs of the same state are byte-identical, leaves it out.
    /// </summary>
    public static TableContract Runs { get; } = new(Storage.Tables.Runs, true,
        [At("Started"), At("Completed"), T("Imports")]);

    /// <summary>Every exported table, in export order.</summary>
    public static IReadOnlyList<TableContract> All { get; } =
        [Imports, LedgerFacts, BudgetFacts, Kpis, CommitteeResults, Allocation, Returns, Debt, MaturityProfile, Liquidity, LimitChecks,
         Investments, BalanceReq, BalanceReqOrigins, ForecastAccuracy, DimKpi, DimCommittee, DimRule, Alerts, AlertDeliveries];

    /// <summary>Every table Power BI reads: the exported ones and <see cref="Runs"/>.</summary>
    public static IReadOnlyList<TableContract> PowerBi { get; } = [.. All, Runs];

    /// <summary>
    /// True when a policy judges the rows of <paramref name="table"/>, so they carry the PolicyVersion
    /// column. The fact tables do not: they are the ledger and budget as they count, and their
    /// ReportLine follows the account map in force, so a new policy version that leaves the map as it
    /// was leaves every fact row as it was (and a recompute writes none of them).
    /// </summary>
    public static bool IsJudged(string table) => !UnjudgedTables.Contains(table);

    private static readonly HashSet<string> UnjudgedTables =
        PowerBi.Where(t => t.Columns.All(c => c.Name != "PolicyVersion")).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
}
