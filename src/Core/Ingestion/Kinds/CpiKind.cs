using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>cpi (kpi): consumer price index levels; scope: each Period row.</summary>
public static class CpiKind
{
    /// <summary>Period.</summary>
    public static Column<Period> Period { get; } = Column.Period("Period");

    /// <summary>Level [KPI].</summary>
    public static Column<decimal> Level { get; } = Column.Number("Level", Bound.Positive);

    /// <summary>The kind.</summary>
    public static KindSchema<CpiLevel> Schema { get; } = new(InputKind.Cpi, [Period, Level],
        r => new CpiLevel(r.Value(Period), r.Value(Level)),
        c => c.Period.ToString(),
        c => c.Period,
        rowKey: _ => "level",
        uniqueWhat: "CPI level");
}
