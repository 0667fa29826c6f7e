namespace Regfin.Core.ReportingLines;

/// <summary>A figure's definition, for the dimkpi table and the docs.</summary>
/// <param name="KpiId">The id used in kpis.</param>
/// <param name="LabelSv">The Swedish label (from the seeds).</param>
/// <param name="LabelEn">The English label.</param>
/// <param name="Unit">SEK, fraction, years or days.</param>
/// <param name="Area">Result, Goals, Pension, Debt or Liquidity.</param>
/// <param name="Formula">How it is computed.</param>
public sealed record KpiDefinition(string KpiId, string LabelSv, string LabelEn, string Unit, string Area, string Formula);

/// <summary>The figures of the monthly report and how each is computed (kpis.md).</summary>
public static class KpiCatalog
{
    /// <summary>Every figure the monthly report computes.</summary>
    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        new("OperatingIncome", "Verksamhetens intäkter", "Operating income", "SEK", "Result", "−Σ Amount over the OperatingIncome accounts (default 30–39)"),
        new("OperatingCosts", "Verksamhetens kostnader", "Operating costs", "SEK", "Result", "−Σ Amount over the OperatingCosts accounts (default 40–77)"),
        new("Depreciation", "Avskrivningar", "Depreciation", "SEK", "Result", "−Σ Amount over the Depreciation accounts (default 78)"),
        new("TaxRevenue", "Skatteintäkter", "Tax revenue", "SEK", "Result", "−Σ Amount over the TaxRevenue accounts (default 80)"),
        new("GeneralGrants", "Generella statsbidrag och utjämning", "General grants and equalisation", "SEK", "Result", "−Σ Amount over the GeneralGrants accounts (default 82)"),
        new("FinancialIncome", "Finansiella intäkter", "Financial income", "SEK", "Result", "−Σ Amount over the FinancialIncome accounts (default 84)"),
        new("FinancialCosts", "Finansiella kostnader", "Financial costs", "SEK", "Result", "−Σ Amount over the FinancialCosts accounts (default 85)"),
        new("Extraordinary", "Extraordinära poster", "Extraordinary items", "SEK", "Result", "−Σ Amount over the Extraordinary accounts (default 88)"),
        new("NetOperatingCost", "Verksamhetens nettokostnader", "Net operating cost", "SEK", "Result", "OperatingIncome + OperatingCosts + Depreciation"),
        new("TaxAndGrants", "Skatteintäkter och generella statsbidrag", "Tax revenue and general grants", "SEK", "Result", "TaxRevenue + GeneralGrants"),
        new("OperatingResult", "Verksamhetens resultat", "Operating result", "SEK", "Result", "NetOperatingCost + TaxAndGrants"),
        new("FinancialNet", "Finansnetto", "Net financial items", "SEK", "Result", "FinancialIncome + FinancialCosts"),
        new("ResultAfterFinancialItems", "Resultat efter finansiella poster", "Result after financial items", "SEK", "Result", "OperatingResult + FinancialNet"),
        new("Result", "Periodens resultat", "Result for the period", "SEK", "Result", "ResultAfterFinancialItems + Extraordinary"),
        new("BalanceRequirementResult", "Balanskravsresultat", "Balance-requirement result", "SEK", "Result", "Result − ReportValue(realisedGains accounts) − ReportValue(unrealisedSecurities accounts)"),
        new("UnmappedAmount", "Ej mappade konton", "Unmapped accounts", "SEK", "Result", "−Σ Amount over accounts no report line maps (classes 1–2 excluded); Reason names them"),
        new("NetCostGrowth", "Nettokostnadsutveckling", "Net cost growth", "fraction", "Result", "NetOperatingCost(YTD) / NetOperatingCost(same months last year) − 1"),
        new("TaxAndGrantsGrowth", "Skatteintäkter och statsbidrag, utveckling", "Tax and grants growth", "fraction", "Result", "TaxAndGrants(YTD) / TaxAndGrants(same months last year) − 1"),
        new("ResultShare", "Verksamhetens resultat i andel av skatter och bidrag", "Operating result share of tax and grants", "fraction", "Goals", "OperatingResult(YTD) / TaxAndGrants(YTD); goal goals.resultShareMin (≥)"),
        new("NetCostShare", "Nettokostnadsandel", "Net cost share", "fraction", "Result", "−NetOperatingCost(YTD) / TaxAndGrants(YTD)"),
        new("EquityRatio", "Soliditet", "Equity ratio", "fraction", "Goals", "Equity / TotalAssets (balance at the period end)"),
        new("EquityRatioInclPensions", "Soliditet inklusive pensionsförpliktelser", "Equity ratio incl. pension commitments", "fraction", "Goals", "(Equity − ContingentLiability) / TotalAssets (pension at the latest AsOf ≤ period end); goal goals.equityRatioInclPensionsMin (≥)"),
        new("DebtShare", "Räntebärande skulder i andel av skatter och bidrag", "Interest-bearing debt share of tax and grants", "fraction", "Goals", "InterestBearingDebt (loans total at the latest AsOf ≤ period end, else the balance item) / TaxAndGrants over the 12 months ending the period (fewer months: YTD × 12 / months); goal goals.debtShareMax (≤)"),
        new("SelfFinancingRatio", "Självfinansieringsgrad av investeringar", "Self-financing ratio of investments", "fraction", "Goals", "(BalanceRequirementResult(YTD) − Depreciation(YTD)) / Investments(YTD); goal goals.selfFinancingRatioMin (≥)"),
        new("PortfolioMarketValue", "Pensionsmedlens marknadsvärde", "Pension portfolio market value", "SEK", "Pension", "Σ MarketValueSek of the policy's portfolio at its latest AsOf in the period"),
        new("ConsolidationRatio", "Konsolideringsgrad", "Consolidation ratio", "fraction", "Pension", "PortfolioMarketValue / (Provision + ContingentLiability), pension at the latest AsOf ≤ period end"),
        new("BorrowedBack", "Återlånade medel", "Borrowed back (återlån)", "SEK", "Pension", "Provision + ContingentLiability − PortfolioMarketValue"),
        new("TotalDebt", "Låneskuld", "Total debt", "SEK", "Debt", "Σ PrincipalSek of the loans at the latest AsOf ≤ period end"),
        new("AverageRate", "Genomsnittlig ränta", "Average interest rate", "fraction", "Debt", "Σ Principal·Rate / Σ Principal"),
        new("AverageFixingYears", "Genomsnittlig räntebindningstid", "Average rate fixing period", "years", "Debt", "Σ Principal·years to fixing / Σ Principal (fixing: NextFixingDate if floating, else MaturityDate; days/365)"),
        new("AverageMaturityYears", "Genomsnittlig kapitalbindningstid", "Average capital maturity", "years", "Debt", "Σ Principal·years to maturity / Σ Principal (days/365)"),
        new("LiquidFunds", "Likvida medel", "Liquid funds", "SEK", "Liquidity", "Σ BalanceSek on the period's last day with balances"),
        new("PaymentReadinessDays", "Betalningsberedskap (dagar)", "Payment readiness (days)", "days", "Liquidity", "Days until LiquidFunds + forecast flows first fall below zero (the forecast horizon when they never do)"),
    ];

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
