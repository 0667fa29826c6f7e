using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Sie;

/// <summary>
/// Collects the <c>#PSALDO</c> (or <c>#PBUDGET</c>) rows of a file per (period, account) and applies the
/// one-level-of-detail rule of formats.md, so that nothing is counted twice: the rows whose object
/// list is an object of the committee dimension alone, if there are any (what they do not cover, up
/// to the <c>{}</c> total, goes to object null); else the <c>{}</c> total; else the rows of the one set
/// of dimensions used (two different sets without a total: refused). Memory grows with accounts ×
/// periods × objects, never with the number of lines.
/// </summary>
internal sealed class SieLevels
{
    private readonly Dictionary<(Period Period, string Account), Group> _groups = new();

    /// <summary>True when at least one row was added.</summary>
    public bool Any => _groups.Count > 0;

    /// <summary>Adds a row with no objects: the account's total for the period.</summary>
    public void AddTotal(Period period, string account, decimal amount) => GroupOf(period, account).AddTotal(amount);

    /// <summary>Adds a row whose object list is the committee object <paramref name="objectId"/> alone.</summary>
    public void AddCommittee(Period period, string account, string objectId, decimal amount) =>
        Add(GroupOf(period, account).Committee ??= new(StringComparer.Ordinal), objectId, amount);

    /// <summary>
    /// Adds a row with another object list: <paramref name="dimensions"/> names its set of dimensions,
    /// <paramref name="objectId"/> its object of the committee dimension (null if none), and
    /// <paramref name="line"/> where the set was first seen (for the report).
    /// </summary>
    public void AddOther(Period period, string account, string dimensions, string? objectId, decimal amount, long line)
    {
        var group = GroupOf(period, account);
        group.Other ??= new(StringComparer.Ordinal);
        if (!group.Other.TryGetValue(dimensions, out var set))
        {
            set = new OtherSet(line);
            group.Other.Add(dimensions, set);
        }

        Add(set.Amounts, objectId ?? NoObject, amount);
    }

    /// <summary>The amounts the rule keeps, sorted; an error for each (period, account) with two sets of dimensions and no total.</summary>
    public List<SieAmount> Resolve(ValidationErrors errors, string record)
    {
        var result = new List<SieAmount>();
        foreach (var ((period, account), group) in _groups)
        {
            if (group.Committee is { } committee)
            {
                var covered = 0m;
                foreach (var (objectId, amount) in committee)
                {
                    result.Add(new SieAmount(period, account, objectId, amount));
                    covered += amount;
                }

                if (group.Total is { } total && total != covered)
                {
                    result.Add(new SieAmount(period, account, null, total - covered));
                }
            }
            else if (group.Total is { } total)
            {
                result.Add(new SieAmount(period, account, null, total));
            }
            else if (group.Other is { Count: 1 } other)
            {
                foreach (var (objectId, amount) in other.Values.Single().Amounts)
                {
                    result.Add(new SieAmount(period, account, objectId == NoObject ? null : objectId, amount));
                }
            }
            else if (group.Other is { Count: > 1 } sets)
            {
                var first = sets.OrderBy(s => s.Value.Line).ToList();
                errors.Add(first[1].Value.Line, record,
                    $"account {account}, period {period}: rows of two sets of dimensions ({Describe(first[0].Key)} and {Describe(first[1].Key)}) and no {{}} total, so the amounts cannot be counted once; export the total or one level of detail");
            }
        }

        result.Sort(SieAmounts.Order);
        return result;
    }

    private static string Describe(string dimensions) => "dimensions " + dimensions;

    /// <summary>Stands for "no object" as a dictionary key (a real object id is never a lone control character).</summary>
    private const string NoObject = "\u0000";

    private static void Add(Dictionary<string, decimal> amounts, string key, decimal amount)
    {
        amounts[key] = amounts.GetValueOrDefault(key) + amount;
    }

    private Group GroupOf(Period period, string account)
    {
        if (!_groups.TryGetValue((period, account), out var group))
        {
            group = new Group();
            _groups.Add((period, account), group);
        }

        return group;
    }

    private sealed class Group
    {
        public decimal? Total { get; private set; }

        public Dictionary<string, decimal>? Committee { get; set; }

        public Dictionary<string, OtherSet>? Other { get; set; }

        public void AddTotal(decimal amount) => Total = (Total ?? 0m) + amount;
    }

    private sealed class OtherSet(long line)
    {
        public long Line { get; } = line;

        public Dictionary<string, decimal> Amounts { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>The order of amounts in a <see cref="SieFile"/>: period, account, object id (null first), ordinal.</summary>
internal static class SieAmounts
{
    public static int Order(SieAmount a, SieAmount b)
    {
        var c = a.Period.CompareTo(b.Period);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Account, b.Account);
        }

        return c != 0 ? c : string.CompareOrdinal(a.ObjectId, b.ObjectId);
    }
}
