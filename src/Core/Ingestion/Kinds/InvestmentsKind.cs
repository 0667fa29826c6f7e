using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Investments;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>investments (investeringar): investment projects with plan, outcome and forecast; scope: each AsOf.</summary>
public static class InvestmentsKind
{
    /// <summary>AsOf [Period]: the month the figures are per.</summary>
    public static Column<Period> AsOf { get; } = Column.Period("AsOf");

    /// <summary>ProjectId [Projekt]: unique per AsOf.</summary>
    public static Column<string> ProjectId { get; } = Column.Text("ProjectId");

    /// <summary>ProjectName [Projektnamn].</summary>
    public static Column<string> ProjectName { get; } = Column.Text("ProjectName");

    /// <summary>Committee [Nämnd].</summary>
    public static Column<string> Committee { get; } = Column.Text("Committee");

    /// <summary>Category [Kategori]: Property, MedicalTechnology, IT or Other (Fastighet, MT, IT, Övrigt).</summary>
    public static Column<string> Category { get; } = Column.Choice("Category", FieldSpec.ChoiceMap(
        (InvestmentCategories.Property, ["Fastighet", "Fastigheter"]),
        (InvestmentCategories.MedicalTechnology, ["MT", "Medicinteknik", "Medicinsk teknik"]),
        (InvestmentCategories.IT, []),
        (InvestmentCategories.Other, ["Övrigt", "Ovrigt", "Övriga"])));

    /// <summary>BudgetYear [Årsbudget]: this year's investment budget for the project, ≥ 0.</summary>
    public static Column<decimal> BudgetYear { get; } = Column.Money("BudgetYear", Bound.NonNegative);

    /// <summary>OutcomeYtd [Utfall]: spent this year up to AsOf (may be negative: a credit, a reclassification).</summary>
    public static Column<decimal> OutcomeYtd { get; } = Column.Money("OutcomeYtd");

    /// <summary>ForecastYear [Prognos]: expected spend this year.</summary>
    public static Column<decimal> ForecastYear { get; } = Column.Money("ForecastYear");

    /// <summary>DecidedTotal [Beslutad totalutgift]: the total the council or board approved, ≥ 0.</summary>
    public static Column<decimal?> DecidedTotal { get; } = Column.OptionalMoney("DecidedTotal", Bound.NonNegative);

    /// <summary>ForecastTotal [Prognos totalutgift]: the expected total when finished, ≥ 0.</summary>
    public static Column<decimal?> ForecastTotal { get; } = Column.OptionalMoney("ForecastTotal", Bound.NonNegative);

    /// <summary>StartDate [Start].</summary>
    public static Column<DateOnly?> StartDate { get; } = Column.OptionalDate("StartDate");

    /// <summary>EndDate [Klart]: not before StartDate.</summary>
    public static Column<DateOnly?> EndDate { get; } = Column.OptionalDate("EndDate");

    /// <summary>The key of the investments table's total row, which a project id cannot be.</summary>
    public const string TotalKey = "Total";

    /// <summary>The longest project id: it becomes part of a rule id and table keys.</summary>
    public const int MaxProjectIdLength = 100;

    /// <summary>
    /// Header aliases that hold in this kind only: elsewhere <c>Period</c> is the Period column,
    /// <c>Projekt</c> the ledger's Project, <c>Utfall</c> and <c>Prognos</c> amounts.
    /// </summary>
    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.Ordinal)
    {
        [AsOf.Name] = ["Period"],
        [ProjectId.Name] = ["Projekt"],
        [OutcomeYtd.Name] = ["Utfall"],
        [ForecastYear.Name] = ["Prognos"],
    };

    /// <summary>The kind.</summary>
    public static KindSchema<InvestmentProject> Schema { get; } = new(InputKind.Investments,
        [AsOf, ProjectId, ProjectName, Committee, Category, BudgetYear, OutcomeYtd, ForecastYear, DecidedTotal, ForecastTotal, StartDate, EndDate],
        r => new InvestmentProject(r.Value(AsOf), r.Value(ProjectId), r.Value(ProjectName), r.Value(Committee), r.Value(Category),
            r.Value(BudgetYear), r.Value(OutcomeYtd), r.Value(ForecastYear), r.Value(DecidedTotal), r.Value(ForecastTotal), r.Value(StartDate), r.Value(EndDate)),
        p => p.AsOf.ToString(),
        p => p.AsOf,
        rowKey: p => p.ProjectId,
        check: (p, e) =>
        {
            if (string.Equals(p.ProjectId, TotalKey, StringComparison.OrdinalIgnoreCase))
            {
                e.Add(ProjectId, p.ProjectId, $"'{TotalKey}' is reserved for the sum of all projects; give the project another id");
            }

            if (p.ProjectId.Length > MaxProjectIdLength)
            {
                e.Add(ProjectId, p.ProjectId[..20] + "…", $"a project id is at most {MaxProjectIdLength} characters");
            }

            if (p.StartDate is { } start && p.EndDate is { } end && end < start)
            {
                e.Add(EndDate, end, $"the project cannot be finished before it starts ({KindSchemas.Day(start)})");
            }
        },
        uniqueWhat: "project",
        scopeWords: "period (AsOf)",
        aliases: Aliases);
}
