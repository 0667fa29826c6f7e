using Regfin.Core.Debt;

namespace Regfin.Core.Tests.Debt;

public class LoanBookTests
{
    private static readonly DateOnly AsOf = new(2025, 10, 31);

    private static Loan Fixed(string id, decimal principal, decimal rate, DateOnly maturity, string lender = "Kommuninvest") =>
        new(AsOf, id, lender, principal, false, rate, maturity, null);

    /// <summary>Seed 003: "Totala lån uppgick per oktober till 2 570 miljoner kronor med en genomsnittsränta på 3,02 % och en genomsnittlig ränte- och kapitalbindning på 1,94 år."</summary>
    [Fact]
    public void Seed_003_loans_give_2570_MSEK_at_3_02_percent_and_1_94_years()
    {
        Loan[] loans =
        [
            Fixed("KI-1001", 400_000_000m, 2.10m, new(2026, 5, 29)),   // 210 days
            Fixed("KI-1002", 450_000_000m, 2.85m, new(2026, 11, 30)),  // 395 days
            Fixed("KI-1003", 520_000_000m, 3.05m, new(2027, 6, 30)),   // 607 days
            Fixed("KI-1004", 600_000_000m, 3.40m, new(2028, 2, 28)),   // 850 days
            Fixed("KI-1005", 600_000_000m, 3.35m, new(2029, 3, 5)),    // 1 221 days
        ];

        var debt = LoanBook.Figures(loans);

        Assert.Equal(2_570_000_000m, debt.TotalDebt);
        Assert.Equal(7_758.5m / 2_570m / 100m, debt.AverageRate, 18);                  // 3.0189 % → 3,02 %
        Assert.Equal(1_819_990m / 365m / 2_570m, debt.AverageMaturityYears, 18);      // Σ P·days / 365 / ΣP = 1.9402
        Assert.Equal(1.94m, decimal.Round(debt.AverageFixingYears, 2));
        Assert.Equal(debt.AverageMaturityYears, debt.AverageFixingYears);             // fixed loans: fixing = maturity
        Assert.Equal(400m / 2_570m, debt.ShareMaturingWithin12Months, 18);
        Assert.Equal(1m, debt.LargestLenderShare);
        Assert.Equal("Kommuninvest", debt.LargestLender);

        var profile = LoanBook.MaturityProfile(loans);
        Assert.Equal([2026, 2027, 2028, 2029], profile.Select(p => p.Year));
        Assert.Equal(850_000_000m, profile[0].Principal);
        Assert.Equal(1m, profile.Sum(p => p.Share), 18);
    }

    [Fact]
    public void A_floating_loan_fixes_at_its_next_fixing_date_and_twelve_months_is_inclusive()
    {
        Loan[] loans =
        [
            new(AsOf, "F1", "Kommuninvest", 300m, true, 2.5m, new(2030, 10, 31), new(2026, 1, 31)),   // fixes in 92 days
            Fixed("X1", 100m, 3m, new(2026, 10, 31), "SEB"),                                           // exactly AsOf + 12 months: within
            Fixed("X2", 100m, 3m, new(2026, 11, 1), "SEB"),                                            // one day later: not within
        ];

        var debt = LoanBook.Figures(loans);

        Assert.Equal((300m * 92 + 100m * 365 + 100m * 366) / 365m / 500m, debt.AverageFixingYears, 18);
        Assert.Equal((300m * 1826 + 100m * 365 + 100m * 366) / 365m / 500m, debt.AverageMaturityYears, 18);
        Assert.Equal(0.8m, debt.ShareFixingWithin12Months);      // F1 and X1
        Assert.Equal(0.2m, debt.ShareMaturingWithin12Months);    // X1 only
        Assert.Equal(0.6m, debt.LargestLenderShare);
    }
}
