using Regfin.Core.Primitives;

namespace Regfin.Core.Investments;

/// <summary>One investment project (investeringsprojekt) as an investments file gives it at its AsOf (formats.md, investments).</summary>
/// <param name="AsOf">The month the figures are per.</param>
/// <param name="ProjectId">The project's id (unique per AsOf).</param>
/// <param name="ProjectName">Its name.</param>
/// <param name="Committee">The committee (nämnd) that owns it.</param>
/// <param name="Category">One of <see cref="InvestmentCategories"/>.</param>
/// <param name="BudgetYear">This year's investment budget for the project (årsbudget), SEK.</param>
/// <param name="OutcomeYtd">Spent this year up to AsOf (utfall), SEK.</param>
/// <param name="ForecastYear">Expected spend this year (prognos), SEK.</param>
/// <param name="DecidedTotal">The total the council or board approved (beslutad totalutgift), if given.</param>
/// <param name="ForecastTotal">The expected total when finished (prognos totalutgift), if given.</param>
/// <param name="StartDate">When the project starts, if given.</param>
/// <param name="EndDate">When it is to be finished (klart), if given.</param>
public sealed record InvestmentProject(
    Period AsOf, string ProjectId, string ProjectName, string Committee, string Category,
    decimal BudgetYear, decimal OutcomeYtd, decimal ForecastYear, decimal? DecidedTotal, decimal? ForecastTotal,
    DateOnly? StartDate, DateOnly? EndDate);

/// <summary>The categories of an investment project (formats.md, investments).</summary>
public static class InvestmentCategories
{
    /// <summary>Fastighet: buildings and premises.</summary>
    public const string Property = "Property";

    /// <summary>MT, medicinteknik: medical equipment.</summary>
    public const string MedicalTechnology = "MedicalTechnology";

    /// <summary>IT.</summary>
    public const string IT = "IT";

    /// <summary>Övrigt: everything else (vehicles, furniture …).</summary>
    public const string Other = "Other";

    /// <summary>The Swedish name of a category, as the reports show it.</summary>
    public static string Swedish(string? category) => category switch
    {
        Property => "Fastighet",
        MedicalTechnology => "Medicinteknik",
        IT => "IT",
        Other => "Övrigt",
        _ => category ?? "",
    };
}
