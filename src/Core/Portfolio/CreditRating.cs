namespace Regfin.Core.Portfolio;

/// <summary>
/// A credit rating on one order: S&amp;P/Fitch (AAA … D) and Moody's (Aaa … C) mapped to a common
/// rank, 1 being the best (AAA = Aaa). Used by the rating floor and the issuer limits (policy.md).
/// </summary>
public readonly record struct CreditRating : IComparable<CreditRating>
{
    private static readonly string[] StandardAndPoors =
        ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C", "D"];

    private static readonly string[] Moodys =
        ["Aaa", "Aa1", "Aa2", "Aa3", "A1", "A2", "A3", "Baa1", "Baa2", "Baa3", "Ba1", "Ba2", "Ba3", "B1", "B2", "B3", "Caa1", "Caa2", "Caa3", "Ca", "C"];

    private static readonly Dictionary<string, int> Ranks = BuildRanks();

    private CreditRating(int rank, string text)
    {
        Rank = rank;
        Text = text;
    }

    /// <summary>1 for AAA/Aaa, growing as the rating worsens.</summary>
    public int Rank { get; }

    /// <summary>The rating as written.</summary>
    public string Text { get; }

    /// <summary>True when this rating is at least as good as <paramref name="floor"/>.</summary>
    public bool IsAtLeast(CreditRating floor) => Rank <= floor.Rank;

    /// <summary>Parses an S&amp;P/Fitch or Moody's rating (case-insensitive).</summary>
    public static bool TryParse(string? text, out CreditRating rating)
    {
        rating = default;
        if (text is null || !Ranks.TryGetValue(text.Trim(), out var rank))
        {
            return false;
        }

        rating = new CreditRating(rank, text.Trim());
        return true;
    }

    private static Dictionary<string, int> BuildRanks()
    {
        var ranks = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < StandardAndPoors.Length; i++)
        {
            ranks[StandardAndPoors[i]] = i + 1;
        }

        // Moody's notches line up with S&P's one for one down to C (Ca ≈ CC, C ≈ C).
        for (var i = 0; i < Moodys.Length; i++)
        {
            ranks.TryAdd(Moodys[i], i + 1);
        }

        ranks["RD"] = ranks["SD"] = ranks["D"];
        return ranks;
    }

    /// <inheritdoc />
    public int CompareTo(CreditRating other) => other.Rank.CompareTo(Rank);

    /// <summary>True when <paramref name="left"/> is the worse rating.</summary>
    public static bool operator <(CreditRating left, CreditRating right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is the better rating.</summary>
    public static bool operator >(CreditRating left, CreditRating right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is worse or equal.</summary>
    public static bool operator <=(CreditRating left, CreditRating right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is better or equal.</summary>
    public static bool operator >=(CreditRating left, CreditRating right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => Text;
}
