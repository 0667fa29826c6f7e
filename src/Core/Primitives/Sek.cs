namespace Regfin.Core.Primitives;

/// <summary>
/// An amount of Swedish kronor, always decimal (money is never binary floating point).
/// </summary>
/// <param name="Amount">The amount in kronor; may carry öre until it is stored.</param>
public readonly record struct Sek(decimal Amount) : IComparable<Sek>
{
    /// <summary>Zero kronor.</summary>
    public static Sek Zero => new(0m);

    /// <summary>
    /// The amount in whole kronor, rounded half away from zero: how amounts are stored and exported
    /// (kpis.md).
    /// </summary>
    public decimal WholeKronor => decimal.Round(Amount, 0, MidpointRounding.AwayFromZero);

    /// <summary>Adds two amounts.</summary>
    public static Sek operator +(Sek left, Sek right) => new(left.Amount + right.Amount);

    /// <summary>Subtracts two amounts.</summary>
    public static Sek operator -(Sek left, Sek right) => new(left.Amount - right.Amount);

    /// <summary>Negates an amount (turns the ledger's debit-positive sign into the report sign).</summary>
    public static Sek operator -(Sek value) => new(-value.Amount);

    /// <inheritdoc />
    public int CompareTo(Sek other) => Amount.CompareTo(other.Amount);

    /// <summary>The amount in invariant culture.</summary>
    public override string ToString() => Amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + " SEK";

    /// <summary>True when <paramref name="left"/> is smaller.</summary>
    public static bool operator <(Sek left, Sek right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is larger.</summary>
    public static bool operator >(Sek left, Sek right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is smaller or equal.</summary>
    public static bool operator <=(Sek left, Sek right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is larger or equal.</summary>
    public static bool operator >=(Sek left, Sek right) => left.CompareTo(right) >= 0;
}
