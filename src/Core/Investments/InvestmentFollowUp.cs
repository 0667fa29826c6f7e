using Regfin.Core.Primitives;

namespace Regfin.Core.Investments;

/// <summary>
/// One row of the investment follow-up (the investments table): a project, the sum of a committee
/// and category, or the total. The identifying columns a sum does not have are null.
/// </summary>
/// <param name="ProjectId">The project's id; null on a sum.</param>
/// <param name="ProjectName">The project's name; null on a sum.</param>
/// <param name="Committee">The committee; null on the total.</param>
/// <param name="Category">The category; null on the total.</param>
/// <param name="BudgetYear">This year's budget (a sum: Σ over its projects).</param>
/// <param name="OutcomeYtd">Spent this year up to AsOf.</param>
/// <param name="ForecastYear">Expected spend this year.</param>
/// <param name="DecidedTotal">The approved total; on a sum Σ over the projects that give it, null when none does.</param>
/// <param name="ForecastTotal">The expected total; on a sum Σ over the projects that give it, null when none does.</param>
/// <param name="Overrun">ForecastTotal − DecidedTotal, null when either is missing; on a sum Σ of its projects' overruns, null when none has one.</param>
public sealed record InvestmentLine(
    string? ProjectId, string? ProjectName, string? Committee, string? Category,
    decimal BudgetYear, decimal OutcomeYtd, decimal ForecastYear, decimal? DecidedTotal, decimal? ForecastTotal, decimal? Overrun)
{
    /// <summary>ForecastYear − BudgetYear: the expected deviation from this year's budget (+ is spending above budget).</summary>
    public decimal DeviationYear => ForecastYear - BudgetYear;
}

/// <summary>
/// The investment follow-up (investeringsuppföljning) of one period P (kpis.md, "Investments"): the
/// projects of the investments file at the latest AsOf in P's year on or before P, each with its
/// deviation and overrun, the sums per committee and category, and the total.
/// </summary>
/// <param name="Period">The period P.</param>
/// <param name="AsOf">The AsOf of the file used (in P's year, ≤ P).</param>
/// <param name="Projects">One line per project, by ProjectId.</param>
/// <param name="Groups">One line per (committee, category), by committee then category.</param>
/// <param name="Total">The sums over every project.</param>
public sealed record InvestmentFollowUp(Period Period, Period AsOf, IReadOnlyList<InvestmentLine> Projects, IReadOnlyList<InvestmentLine> Groups, InvestmentLine Total)
{
    /// <summary>The line of a project, or null when the follow-up does not have it.</summary>
    public InvestmentLine? Project(string projectId) => Projects.FirstOrDefault(p => p.ProjectId == projectId);

    /// <summary>Why a period has no follow-up (the investment KPIs' Reason).</summary>
    public static string NoneFor(Period period) =>
        $"ingen investeringsuppföljning för {period.Year} med period till och med {period} (no investments file for the year up to the period)";

    /// <summary>
    /// The follow-up of <paramref name="period"/> from every counting project row (any AsOf); null
    /// when no AsOf lies in P's year on or before P. Only the rows of that one latest AsOf count: a
    /// project the latest file leaves out is not followed any more. Pure.
    /// </summary>
    public static InvestmentFollowUp? Compute(Period period, IEnumerable<InvestmentProject> projects)
    {
        var all = projects.ToList();
        var candidates = all.Where(p => p.AsOf.Year == period.Year && p.AsOf <= period).Select(p => p.AsOf).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var asOf = candidates.Max();
        var current = all.Where(p => p.AsOf == asOf).OrderBy(p => p.ProjectId, StringComparer.Ordinal).ToList();
        var lines = current.Select(p => new InvestmentLine(p.ProjectId, p.ProjectName, p.Committee, p.Category, p.BudgetYear, p.OutcomeYtd,
            p.ForecastYear, p.DecidedTotal, p.ForecastTotal, p.ForecastTotal - p.DecidedTotal)).ToList();
        var groups = lines.GroupBy(l => (l.Committee, l.Category))
            .OrderBy(g => g.Key.Committee, StringComparer.Ordinal).ThenBy(g => g.Key.Category, StringComparer.Ordinal)
            .Select(g => Sum(g.Key.Committee, g.Key.Category, g.ToList())).ToList();
        return new InvestmentFollowUp(period, asOf, lines, groups, Sum(null, null, lines));
    }

    private static InvestmentLine Sum(string? committee, string? category, IReadOnlyList<InvestmentLine> lines) =>
        new(null, null, committee, category, lines.Sum(l => l.BudgetYear), lines.Sum(l => l.OutcomeYtd), lines.Sum(l => l.ForecastYear),
            SumOfGiven(lines.Select(l => l.DecidedTotal)), SumOfGiven(lines.Select(l => l.ForecastTotal)), SumOfGiven(lines.Select(l => l.Overrun)));

    /// <summary>Σ of the values given; null when none is.</summary>
    private static decimal? SumOfGiven(IEnumerable<decimal?> values)
    {
        var given = values.OfType<decimal>().ToList();
        return given.Count == 0 ? null : given.Sum();
    }
}
