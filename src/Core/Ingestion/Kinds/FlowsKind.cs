using System.Globalization;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Portfolio;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>flows (flöden): cash flows into and out of a portfolio's segments; scope: each (Portfolio, month of Date).</summary>
public static class FlowsKind
{
    /// <summary>Date: the flow counts at the end of this day.</summary>
    public static Column<DateOnly> Date { get; } = Column.Date("Date");

    /// <summary>Portfolio.</summary>
    public static Column<string> Portfolio { get; } = Column.Text("Portfolio");

    /// <summary>AssetClass: the segment.</summary>
    public static Column<string> AssetClass { get; } = Column.Choice("AssetClass", HoldingsKind.AssetClasses);

    /// <summary>AmountSek: + into the segment, − out.</summary>
    public static Column<decimal> AmountSek { get; } = Column.Money("AmountSek");

    /// <summary>The kind.</summary>
    public static KindSchema<PortfolioFlow> Schema { get; } = new(InputKind.Flows, [Date, Portfolio, AssetClass, AmountSek],
        r => new PortfolioFlow(r.Value(Date), r.Value(Portfolio), r.Value(AssetClass), r.Value(AmountSek)),
        f => KeyCodec.Compose(f.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture), f.Portfolio),
        f => Primitives.Period.Of(f.Date));
}
