namespace Regfin.Core.ReportingLines;

/// <summary>A figure's definition, for the dimkpi table and the docs.</summary>
/// <param name="KpiId">The id used in kpis.</param>
/// <param name="LabelSv">The Swedish label (from the seeds).</param>
/// <param name="LabelEn">The English label.</param>
/// <param name="Unit">SEK, fraction, years or days.</param>
/// <param name="Area">Result, Goals, Investments, Pension, Debt or Liquidity.</param>
/// <param name="Formula">How it is computed.</param>
public sealed record KpiDefinition(string KpiId, string LabelSv, string LabelEn, string Unit, string Area, string Formula);

/// <summary>
/// The one home of every figure's definition (kpis.md): id, Swedish and English label, unit, area
/// and formula. Calculators name the definition (<c>KpiCatalog.OperatingResult</c>), rows carry it,
/// and dimkpi, the pages and the console read it from the row.
/// </summary>
public static class KpiCatalog
{
    /// <summary>Verksamhetens intäkter.</summary>
    public static readonly KpiDefinition OperatingIncome = new("OperatingIncome", "Verksamhetens intäkter", "Operating income", "SEK", "Result", "−Σ Amount over the OperatingIncome accounts (default 30–39)");
    /// <summary>Verksamhetens kostnader.</summary>
    public static readonly KpiDefinition OperatingCosts = new("OperatingCosts", "Verksamhetens kostnader", "Operating costs", "SEK", "Result", "−Σ Amount over the OperatingCosts accounts (default 40–77)");
    /// <summary>Avskrivningar.</summary>
    public static readonly KpiDefinition Depreciation = new("Depreciation", "Avskrivningar", "Depreciation", "SEK", "Result", "−Σ Amount over the Depreciation accounts (default 78)");
    /// <summary>Skatteintäkter.</summary>
    public static readonly KpiDefinition TaxRevenue = new("TaxRevenue", "Skatteintäkter", "Tax revenue", "SEK", "Result", "−Σ Amount over the TaxRevenue accounts (default 80)");
    /// <summary>Generella statsbidrag och utjämning.</summary>
    public static readonly KpiDefinition GeneralGrants = new("GeneralGrants", "Generella statsbidrag och utjämning", "General grants and equalisation", "SEK", "Result", "−Σ Amount over the GeneralGrants accounts (default 82)");
    /// <summary>Finansiella intäkter.</summary>
    public static readonly KpiDefinition FinancialIncome = new("FinancialIncome", "Finansiella intäkter", "Financial income", "SEK", "Result", "−Σ Amount over the FinancialIncome accounts (default 84)");
    /// <summary>Finansiella kostnader.</summary>
    public static readonly KpiDefinition FinancialCosts = new("FinancialCosts", "Finansiella kostnader", "Financial costs", "SEK", "Result", "−Σ Amount over the FinancialCosts accounts (default 85)");
    /// <summary>Extraordinära poster.</summary>
    public static readonly KpiDefinition Extraordinary = new("Extraordinary", "Extraordinära poster", "Extraordinary items", "SEK", "Result", "−Σ Amount over the Extraordinary accounts (default 88)");
    /// <summary>Verksamhetens nettokostnader.</summary>
    public static readonly KpiDefinition NetOperatingCost = new("NetOperatingCost", "Verksamhetens nettokostnader", "Net operating cost", "SEK", "Result", "OperatingIncome + OperatingCosts + Depreciation");
    /// <summary>Skatteintäkter och generella statsbidrag.</summary>
    public static readonly KpiDefinition TaxAndGrants = new("TaxAndGrants", "Skatteintäkter och generella statsbidrag", "Tax revenue and general grants", "SEK", "Result", "TaxRevenue + GeneralGrants");
    /// <summary>Verksamhetens resultat.</summary>
    public static readonly KpiDefinition OperatingResult = new("OperatingResult", "Verksamhetens resultat", "Operating result", "SEK", "Result", "NetOperatingCost + TaxAndGrants");
    /// <summary>Finansnetto.</summary>
    public static readonly KpiDefinition FinancialNet = new("FinancialNet", "Finansnetto", "Net financial items", "SEK", "Result", "FinancialIncome + FinancialCosts");
    /// <summary>Resultat efter finansiella poster.</summary>
    public static readonly KpiDefinition ResultAfterFinancialItems = new("ResultAfterFinancialItems", "Resultat efter finansiella poster", "Result after financial items", "SEK", "Result", "OperatingResult + FinancialNet");
    /// <summary>Periodens resultat.</summary>
    public static readonly KpiDefinition Result = new("Result", "Periodens resultat", "Result for the period", "SEK", "Result", "ResultAfterFinancialItems + Extraordinary");
    /// <summary>Balanskravsresultat.</summary>
    public static readonly KpiDefinition BalanceRequirementResult = new("BalanceRequirementResult", "Balanskravsresultat", "Balance-requirement result", "SEK", "Result", "Result − ReportValue(realisedGains accounts) − ReportValue(unrealisedSecurities accounts)");
    /// <summary>Ej mappade konton.</summary>
    public static readonly KpiDefinition UnmappedAmount = new("UnmappedAmount", "Ej mappade konton", "Unmapped accounts", "SEK", "Result", "−Σ Amount over accounts no report line maps (classes 1–2 excluded); Reason names them");
    /// <summary>Nettokostnadsutveckling.</summary>
    public static readonly KpiDefinition NetCostGrowth = new("NetCostGrowth", "Nettokostnadsutveckling", "Net cost growth", "fraction", "Result", "NetOperatingCost(YTD) / NetOperatingCost(same months last year) − 1");
    /// <summary>Skatteintäkter och statsbidrag, utveckling.</summary>
    public static readonly KpiDefinition TaxAndGrantsGrowth = new("TaxAndGrantsGrowth", "Skatteintäkter och statsbidrag, utveckling", "Tax and grants growth", "fraction", "Result", "TaxAndGrants(YTD) / TaxAndGrants(same months last year) − 1");
    /// <summary>Verksamhetens resultat i andel av skatter och bidrag.</summary>
    public static readonly KpiDefinition ResultShare = new("ResultShare", "Verksamhetens resultat i andel av skatter och bidrag", "Operating result share of tax and grants", "fraction", "Goals", "OperatingResult(YTD) / TaxAndGrants(YTD); goal goals.resultShareMin (≥)");
    /// <summary>Nettokostnadsandel.</summary>
    public static readonly KpiDefinition NetCostShare = new("NetCostShare", "Nettokostnadsandel", "Net cost share", "fraction", "Result", "−NetOperatingCost(YTD) / TaxAndGrants(YTD)");
    /// <summary>Soliditet.</summary>
    public static readonly KpiDefinition EquityRatio = new("EquityRatio", "Soliditet", "Equity ratio", "fraction", "Goals", "Equity / TotalAssets (balance at the period end)");
    /// <summary>Soliditet inklusive pensionsförpliktelser.</summary>
    public static readonly KpiDefinition EquityRatioInclPensions = new("EquityRatioInclPensions", "Soliditet inklusive pensionsförpliktelser", "Equity ratio incl. pension commitments", "fraction", "Goals", "(Equity − ContingentLiability) / TotalAssets (pension at the latest AsOf ≤ period end); goal goals.equityRatioInclPensionsMin (≥)");
    /// <summary>Räntebärande skulder i andel av skatter och bidrag.</summary>
    public static readonly KpiDefinition DebtShare = new("DebtShare", "Räntebärande skulder i andel av skatter och bidrag", "Interest-bearing debt share of tax and grants", "fraction", "Goals", "InterestBearingDebt (loans total at the latest AsOf ≤ period end, else the balance item) / TaxAndGrants over the 12 months ending the period (fewer months: YTD × 12 / months); goal goals.debtShareMax (≤)");
    /// <summary>Självfinansieringsgrad av investeringar.</summary>
    public static readonly KpiDefinition SelfFinancingRatio = new("SelfFinancingRatio", "Självfinansieringsgrad av investeringar", "Self-financing ratio of investments", "fraction", "Goals", "(BalanceRequirementResult(YTD) − Depreciation(YTD)) / Investments(YTD) (InvestmentsYtd when an investments file applies, else the balance item Investments); goal goals.selfFinancingRatioMin (≥)");
    /// <summary>Investeringar, utfall hittills i år.</summary>
    public static readonly KpiDefinition InvestmentsYtd = new("InvestmentsYtd", "Investeringar, utfall hittills i år", "Investments, outcome year to date", "SEK", "Investments", "Σ OutcomeYtd of the projects of the investments file at the latest AsOf in P's year ≤ P");
    /// <summary>Investeringsbudget för året.</summary>
    public static readonly KpiDefinition InvestmentsBudgetYear = new("InvestmentsBudgetYear", "Investeringsbudget för året", "Investment budget for the year", "SEK", "Investments", "Σ BudgetYear of the same projects");
    /// <summary>Investeringar, prognos för året.</summary>
    public static readonly KpiDefinition InvestmentsForecastYear = new("InvestmentsForecastYear", "Investeringar, prognos för året", "Investments, forecast for the year", "SEK", "Investments", "Σ ForecastYear of the same projects");
    /// <summary>Pensionsmedlens marknadsvärde.</summary>
    public static readonly KpiDefinition PortfolioMarketValue = new("PortfolioMarketValue", "Pensionsmedlens marknadsvärde", "Pension portfolio market value", "SEK", "Pension", "Σ MarketValueSek of the policy's portfolio at its latest AsOf in the period");
    /// <summary>Konsolideringsgrad.</summary>
    public static readonly KpiDefinition ConsolidationRatio = new("ConsolidationRatio", "Konsolideringsgrad", "Consolidation ratio", "fraction", "Pension", "PortfolioMarketValue / (Provision + ContingentLiability), pension at the latest AsOf ≤ period end");
    /// <summary>Återlånade medel.</summary>
    public static readonly KpiDefinition BorrowedBack = new("BorrowedBack", "Återlånade medel", "Borrowed back (återlån)", "SEK", "Pension", "Provision + ContingentLiability − PortfolioMarketValue");
    /// <summary>Låneskuld.</summary>
    public static readonly KpiDefinition TotalDebt = new("TotalDebt", "Låneskuld", "Total debt", "SEK", "Debt", "Σ PrincipalSek of the loans at the latest AsOf ≤ period end");
    /// <summary>Genomsnittlig ränta.</summary>
    public static readonly KpiDefinition AverageRate = new("AverageRate", "Genomsnittlig ränta", "Average interest rate", "fraction", "Debt", "Σ Principal·Rate / Σ Principal");
    /// <summary>Genomsnittlig räntebindningstid.</summary>
    public static readonly KpiDefinition AverageFixingYears = new("AverageFixingYears", "Genomsnittlig räntebindningstid", "Average rate fixing period", "years", "Debt", "Σ Principal·years to fixing / Σ Principal (fixing: NextFixingDate if floating, else MaturityDate; days/365)");
    /// <summary>Genomsnittlig kapitalbindningstid.</summary>
    public static readonly KpiDefinition AverageMaturityYears = new("AverageMaturityYears", "Genomsnittlig kapitalbindningstid", "Average capital maturity", "years", "Debt", "Σ Principal·years to maturity / Σ Principal (days/365)");
    /// <summary>Likvida medel.</summary>
    public static readonly KpiDefinition LiquidFunds = new("LiquidFunds", "Likvida medel", "Liquid funds", "SEK", "Liquidity", "Σ BalanceSek on the period's last day with balances");
    /// <summary>Betalningsberedskap (dagar).</summary>
    public static readonly KpiDefinition PaymentReadinessDays = new("PaymentReadinessDays", "Betalningsberedskap (dagar)", "Payment readiness (days)", "days", "Liquidity", "Days until LiquidFunds + forecast flows first fall below zero (the forecast horizon when they never do)");

    /// <summary>Every figure the monthly and finance reports compute, in the order of dimkpi and kpis.md.</summary>
    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        OperatingIncome,
        OperatingCosts,
        Depreciation,
        TaxRevenue,
        GeneralGrants,
        FinancialIncome,
        FinancialCosts,
        Extraordinary,
        NetOperatingCost,
        TaxAndGrants,
        OperatingResult,
        FinancialNet,
        ResultAfterFinancialItems,
        Result,
        BalanceRequirementResult,
        UnmappedAmount,
        NetCostGrowth,
        TaxAndGrantsGrowth,
        ResultShare,
        NetCostShare,
        EquityRatio,
        EquityRatioInclPensions,
        DebtShare,
        SelfFinancingRatio,
        InvestmentsYtd,
        InvestmentsBudgetYear,
        InvestmentsForecastYear,
        PortfolioMarketValue,
        ConsolidationRatio,
        BorrowedBack,
        TotalDebt,
        AverageRate,
        AverageFixingYears,
        AverageMaturityYears,
        LiquidFunds,
        PaymentReadinessDays,
    ];

    private static readonly Dictionary<string, KpiDefinition> ById = All.ToDictionary(k => k.KpiId, StringComparer.Ordinal);

    /// <summary>The definition of <paramref name="kpiId"/>; throws for an id the catalogue does not define.</summary>
    public static KpiDefinition Of(string kpiId) =>
        ById.TryGetValue(kpiId, out var definition) ? definition : throw new KeyNotFoundException($"KpiCatalog defines no figure {kpiId}");

    /// <summary>English names of the usual committees; others show their code.</summary>
    public static string CommitteeEnglish(string code) => code switch
    {
        "RS" => "Regional Executive Board",
        "HSN" => "Health and Medical Care Committee",
        "RUN" => "Regional Development Committee",
        "RF" => "Regional Council",
        "KN" => "Culture Committee",
        _ => code,
    };
}
