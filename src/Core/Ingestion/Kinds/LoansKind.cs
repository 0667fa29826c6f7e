using Regfin.Core.Debt;
using Regfin.Core.Ingestion.Tabular;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>loans (lån): the loan portfolio at a date; scope: each AsOf.</summary>
public static class LoansKind
{
    /// <summary>AsOf.</summary>
    public static Column<DateOnly> AsOf { get; } = Column.Date("AsOf");

    /// <summary>LoanId [Lånenummer]: unique per AsOf.</summary>
    public static Column<string> LoanId { get; } = Column.Text("LoanId");

    /// <summary>Lender [Långivare].</summary>
    public static Column<string> Lender { get; } = Column.Text("Lender");

    /// <summary>PrincipalSek [Skuld, Nominellt].</summary>
    public static Column<decimal> PrincipalSek { get; } = Column.Money("PrincipalSek", Bound.Positive);

    /// <summary>RateType [Räntetyp]: Fixed or Floating.</summary>
    public static Column<string> RateType { get; } = Column.Choice("RateType", FieldSpec.ChoiceMap(("Fixed", ["Fast"]), (Floating, ["Rörlig", "Rorlig"])));

    /// <summary>RatePercent [Ränta]: the current annual rate in percent.</summary>
    public static Column<decimal> RatePercent { get; } = Column.Number("RatePercent");

    /// <summary>StartDate.</summary>
    public static Column<DateOnly> StartDate { get; } = Column.Date("StartDate");

    /// <summary>MaturityDate [Förfallodag].</summary>
    public static Column<DateOnly> MaturityDate { get; } = Column.Date("MaturityDate");

    /// <summary>NextFixingDate [Räntebindning]: required for a floating-rate loan.</summary>
    public static Column<DateOnly?> NextFixingDate { get; } = Column.OptionalDate("NextFixingDate");

    private const string Floating = "Floating";

    /// <summary>The kind.</summary>
    public static KindSchema<Loan> Schema { get; } = new(InputKind.Loans,
        [AsOf, LoanId, Lender, PrincipalSek, RateType, RatePercent, StartDate, MaturityDate, NextFixingDate],
        r => new Loan(r.Value(AsOf), r.Value(LoanId), r.Value(Lender), r.Value(PrincipalSek), r.Value(RateType) == Floating, r.Value(RatePercent),
            r.Value(MaturityDate), r.Value(NextFixingDate)),
        l => KindSchemas.Day(l.AsOf),
        l => Primitives.Period.Of(l.AsOf),
        rowKey: l => l.LoanId,
        check: (l, e) =>
        {
            if (l.MaturityDate < l.AsOf)
            {
                e.Add(MaturityDate, l.MaturityDate, $"the loan matured before AsOf {KindSchemas.Day(l.AsOf)}");
            }

            if (l.Floating && l.NextFixingDate is null)
            {
                e.Add(NextFixingDate, "", "a floating-rate loan needs its next fixing date (Räntebindning)");
            }

            if (l.NextFixingDate is { } fixing && fixing < l.AsOf)
            {
                e.Add(NextFixingDate, fixing, $"the next fixing date is before AsOf {KindSchemas.Day(l.AsOf)}");
            }
        },
        uniqueWhat: "loan",
        scopeWords: "date");
}
