using System.Globalization;
using Regfin.Core.BalanceRequirement;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>balancerequirement (balanskrav): annual results and waivers; scope: each Year row.</summary>
public static class BalanceRequirementKind
{
    /// <summary>Year [År].</summary>
    public static Column<int> Year { get; } = Column.WholeNumber("Year");

    /// <summary>Kind [Typ]: Actual, Forecast or Plan.</summary>
    public static Column<string> Kind { get; } = Column.Choice("Kind", FieldSpec.ChoiceMap(
        (nameof(ResultKind.Actual), ["Utfall"]), (nameof(ResultKind.Forecast), ["Prognos"]), (nameof(ResultKind.Plan), [])));

    /// <summary>Result [Balanskravsresultat].</summary>
    public static Column<decimal> Result { get; } = Column.Money("Result");

    /// <summary>Waiver [Synnerliga skäl].</summary>
    public static Column<decimal?> Waiver { get; } = Column.OptionalMoney("Waiver", Bound.NonNegative);

    /// <summary>Unit [Enhet]: SEK (default) or MSEK.</summary>
    public static Column<string?> Unit { get; } = Column.OptionalChoice("Unit", FieldSpec.ChoiceMap(("SEK", ["kr", "kronor"]), ("MSEK", ["mnkr", "Mkr"])));

    /// <summary>DeadlineYear [Återställs senast].</summary>
    public static Column<int?> DeadlineYear { get; } = Column.OptionalWholeNumber("DeadlineYear");

    /// <summary>The kind: the record is the year's result in SEK.</summary>
    public static KindSchema<YearResult> Schema { get; } = new(InputKind.BalanceRequirement, [Year, Kind, Result, Waiver, Unit, DeadlineYear],
        r =>
        {
            var scale = r.Value(Unit) == "MSEK" ? 1_000_000m : 1m;
            return new YearResult(r.Value(Year), Enum.Parse<ResultKind>(r.Value(Kind)), Scaled(r.Value(Result), scale), Scaled(r.Value(Waiver) ?? 0, scale), r.Value(DeadlineYear));
        },
        y => y.Year.ToString("0000", CultureInfo.InvariantCulture),
        y => new Period(Math.Clamp(y.Year, Period.MinYear, Period.MaxYear), 1),
        rowKey: _ => "year",
        check: (y, e) =>
        {
            if (y.Year is < 1900 or > 2999)
            {
                e.Add(Year, y.Year, "not a plausible year");
            }

            // An amount in MSEK beyond the decimal range once in SEK (a fuzz finding: it overflowed, docs/reliability.md).
            if (e.Row.Value(Unit) == "MSEK")
            {
                if (Math.Abs(e.Row.Value(Result)) > decimal.MaxValue / 1_000_000m)
                {
                    e.Add(Result, e.Row.Value(Result), "too large an amount: beyond the range of a number in SEK");
                }

                if (e.Row.Value(Waiver) is { } waiver && Math.Abs(waiver) > decimal.MaxValue / 1_000_000m)
                {
                    e.Add(Waiver, waiver, "too large an amount: beyond the range of a number in SEK");
                }
            }

            if (y.DeadlineYear is { } deadline && deadline < y.Year)
            {
                e.Add(DeadlineYear, deadline, "the deadline cannot be before the year of the result");
            }
        },
        uniqueWhat: "year");

    /// <summary>The amount in SEK, held at the range's end when it would overflow (the check refuses such a row).</summary>
    private static decimal Scaled(decimal amount, decimal scale) =>
        Math.Abs(amount) <= decimal.MaxValue / scale ? amount * scale : Math.Sign(amount) * decimal.MaxValue;
}
