using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Liquidity;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>cashforecast (likviditetsprognos): forecast daily flows; scope: each AsOf.</summary>
public static class CashForecastKind
{
    /// <summary>AsOf: the day the forecast was made.</summary>
    public static Column<DateOnly> AsOf { get; } = Column.Date("AsOf");

    /// <summary>Date: the day of the flow, after AsOf.</summary>
    public static Column<DateOnly> Date { get; } = Column.Date("Date");

    /// <summary>Category [Kategori].</summary>
    public static Column<string> Category { get; } = Column.Text("Category");

    /// <summary>AmountSek [Belopp]: + in, − out.</summary>
    public static Column<decimal> AmountSek { get; } = Column.Money("AmountSek");

    /// <summary>The kind.</summary>
    public static KindSchema<ForecastRow> Schema { get; } = new(InputKind.CashForecast, [AsOf, Date, Category, AmountSek],
        r => new ForecastRow(r.Value(AsOf), r.Value(Date), r.Value(Category), r.Value(AmountSek)),
        f => KindSchemas.Day(f.AsOf),
        f => Primitives.Period.Of(f.AsOf),
        check: (f, e) =>
        {
            if (f.Date <= f.AsOf)
            {
                e.Add(Date, f.Date, $"a forecast date must be after AsOf {KindSchemas.Day(f.AsOf)}");
            }
        });
}
