using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Portfolio;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>indices (index): index levels; scope: each (Index, Date) row.</summary>
public static class IndicesKind
{
    /// <summary>Date.</summary>
    public static Column<DateOnly> Date { get; } = Column.Date("Date");

    /// <summary>Index: an id such as SIXRX.</summary>
    public static Column<string> Index { get; } = Column.Text("Index");

    /// <summary>Level.</summary>
    public static Column<decimal> Level { get; } = Column.Number("Level", Bound.Positive);

    /// <summary>The kind.</summary>
    public static KindSchema<IndexPrint> Schema { get; } = new(InputKind.Indices, [Date, Index, Level],
        r => new IndexPrint(r.Value(Index), r.Value(Date), r.Value(Level)),
        p => KeyCodec.Compose(KindSchemas.Day(p.Date), p.Index),
        p => Primitives.Period.Of(p.Date),
        rowKey: _ => "level",
        uniqueWhat: "index level");
}
