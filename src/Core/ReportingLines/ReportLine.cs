namespace Regfin.Core.ReportingLines;

/// <summary>
/// The lines of the income statement (resultaträkning) that ledger accounts map to (kpis.md).
/// </summary>
public enum ReportLine
{
    /// <summary>Verksamhetens intäkter (classes 30–39).</summary>
    OperatingIncome,
    /// <summary>Verksamhetens kostnader (classes 40–77).</summary>
    OperatingCosts,
    /// <summary>Avskrivningar (class 78).</summary>
    Depreciation,
    /// <summary>Skatteintäkter (class 80).</summary>
    TaxRevenue,
    /// <summary>Generella statsbidrag och utjämning (class 82).</summary>
    GeneralGrants,
    /// <summary>Finansiella intäkter (class 84).</summary>
    FinancialIncome,
    /// <summary>Finansiella kostnader (class 85).</summary>
    FinancialCosts,
    /// <summary>Extraordinära poster (class 88).</summary>
    Extraordinary,
}

/// <summary>The lines computed from other lines (kpis.md, "Derived lines").</summary>
public enum DerivedLine
{
    /// <summary>Verksamhetens nettokostnader = OperatingIncome + OperatingCosts + Depreciation.</summary>
    NetOperatingCost,
    /// <summary>Skatteintäkter och generella statsbidrag = TaxRevenue + GeneralGrants.</summary>
    TaxAndGrants,
    /// <summary>Verksamhetens resultat = NetOperatingCost + TaxAndGrants.</summary>
    OperatingResult,
    /// <summary>Finansnetto = FinancialIncome + FinancialCosts.</summary>
    FinancialNet,
    /// <summary>Resultat efter finansiella poster = OperatingResult + FinancialNet.</summary>
    ResultAfterFinancialItems,
    /// <summary>Periodens resultat = ResultAfterFinancialItems + Extraordinary.</summary>
    Result,
}
