using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>pension: the pension liability at a date; scope: each AsOf.</summary>
public static class PensionKind
{
    /// <summary>AsOf [Datum].</summary>
    public static Column<DateOnly> AsOf { get; } = Column.Date("AsOf");

    /// <summary>Provision [Avsättning], incl. payroll tax.</summary>
    public static Column<decimal> Provision { get; } = Column.Money("Provision", Bound.NonNegative);

    /// <summary>ContingentLiability [Ansvarsförbindelse], incl. payroll tax.</summary>
    public static Column<decimal> ContingentLiability { get; } = Column.Money("ContingentLiability", Bound.NonNegative);

    /// <summary>The kind.</summary>
    public static KindSchema<PensionLiability> Schema { get; } = new(InputKind.Pension, [AsOf, Provision, ContingentLiability],
        r => new PensionLiability(r.Value(AsOf), r.Value(Provision), r.Value(ContingentLiability)),
        p => KindSchemas.Day(p.AsOf),
        p => Primitives.Period.Of(p.AsOf),
        rowKey: _ => "pension",
        uniqueWhat: "pension row");
}
