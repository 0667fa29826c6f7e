
namespace Regfin.Core.Debt;

/// <summary>One loan (lån) of the loan portfolio at a date.</summary>
/// <param name="AsOf">The date of the loan list.</param>
/// <param name="LoanId">Lånenummer.</param>
/// <param name="Lender">Långivare.</param>
/// <param name="Principal">Skuld in SEK.</param>
/// <param name="Floating">True for a floating rate (rörlig), false for fixed (fast).</param>
/// <param name="RatePercent">The current rate in percent.</param>
/// <param name="MaturityDate">Förfallodag (kapitalbindning).</param>
/// <param name="NextFixingDate">Next rate fixing (räntebindning) of a floating loan.</param>
public sealed record Loan(DateOnly AsOf, string LoanId, string Lender, decimal Principal, bool Floating, decimal RatePercent,
    DateOnly MaturityDate, DateOnly? NextFixingDate)
{
    /// <summary>The date the rate is next set: NextFixingDate for a floating loan, MaturityDate for a fixed one.</summary>
    public DateOnly FixingDate => Floating ? NextFixingDate ?? MaturityDate : MaturityDate;

}

/// <summary>The debt figures of one loan list (debt).</summary>
/// <param name="AsOf">The loan list's date.</param>
/// <param name="TotalDebt">ΣP.</param>
/// <param name="AverageRate">ΣP·r/ΣP as a fraction (genomsnittsränta).</param>
/// <param name="AverageFixingYears">ΣP·t_fixing/ΣP (genomsnittlig räntebindningstid).</param>
/// <param name="AverageMaturityYears">ΣP·t_maturity/ΣP (genomsnittlig kapitalbindningstid).</param>
/// <param name="ShareFixingWithin12Months">Share of principal whose rate is set within 12 months.</param>
/// <param name="ShareMaturingWithin12Months">Share of principal maturing within 12 months.</param>
/// <param name="LargestLender">The lender with the most principal.</param>
/// <param name="LargestLenderShare">Its share.</param>
public sealed record DebtFigures(DateOnly AsOf, decimal TotalDebt, decimal AverageRate, decimal AverageFixingYears, decimal AverageMaturityYears,
    decimal ShareFixingWithin12Months, decimal ShareMaturingWithin12Months, string LargestLender, decimal LargestLenderShare);

/// <summary>The principal maturing in one calendar year (maturityprofile).</summary>
/// <param name="Year">The year.</param>
/// <param name="Principal">SEK maturing that year.</param>
/// <param name="Share">Of the total debt.</param>
public sealed record MaturityYear(int Year, decimal Principal, decimal Share);

/// <summary>
/// The debt figures (kpis.md, Debt) from the loans at one date: time to a date is days / 365;
/// "within 12 months" is on or before AsOf + 12 months. Seed 003, October 2025: 2 570 MSEK at 3,02 %
/// and 1,94 years.
/// </summary>
public static class LoanBook
{
    /// <summary>The figures of a non-empty loan list (all of one AsOf).</summary>
    public static DebtFigures Figures(IReadOnlyList<Loan> loans)
    {
        ArgumentOutOfRangeException.ThrowIfZero(loans.Count);
        var asOf = loans[0].AsOf;
        var total = loans.Sum(l => l.Principal);
        decimal Years(DateOnly date) => (date.DayNumber - asOf.DayNumber) / 365m;
        decimal Weighted(Func<Loan, decimal> value) => loans.Sum(l => l.Principal * value(l)) / total;
        var horizon = asOf.AddMonths(12);
        var lender = loans.GroupBy(l => l.Lender, StringComparer.Ordinal)
            .Select(g => (Lender: g.Key, Principal: g.Sum(l => l.Principal)))
            .OrderByDescending(g => g.Principal).ThenBy(g => g.Lender, StringComparer.Ordinal).First();
        return new DebtFigures(asOf, total,
            Weighted(l => l.RatePercent / 100m),
            Weighted(l => Years(l.FixingDate)),
            Weighted(l => Years(l.MaturityDate)),
            loans.Where(l => l.FixingDate <= horizon).Sum(l => l.Principal) / total,
            loans.Where(l => l.MaturityDate <= horizon).Sum(l => l.Principal) / total,
            lender.Lender, lender.Principal / total);
    }

    /// <summary>Principal and share per calendar year of maturity, earliest first.</summary>
    public static IReadOnlyList<MaturityYear> MaturityProfile(IReadOnlyList<Loan> loans)
    {
        var total = loans.Sum(l => l.Principal);
        return loans.GroupBy(l => l.MaturityDate.Year).OrderBy(g => g.Key)
            .Select(g => new MaturityYear(g.Key, g.Sum(l => l.Principal), total == 0 ? 0 : g.Sum(l => l.Principal) / total)).ToList();
    }
}
