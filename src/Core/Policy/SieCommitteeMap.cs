namespace Regfin.Core.Policy;

/// <summary>
/// Maps the object ids of a SIE file's committee dimension to committee codes as the policy's
/// <c>sie</c> section says (policy.md): an id matches an exact key or, failing that, the longest key
/// it starts with; an unmapped id stands as it is; no object (null) is the default committee. Pure.
/// </summary>
public sealed class SieCommitteeMap
{
    /// <summary>The committee of amounts without an object when the policy names none.</summary>
    public const string DefaultCommitteeCode = "REGION";

    private readonly KeyValuePair<string, string>[] _byLongestPrefix;

    /// <summary>Creates the map from <paramref name="map"/> (object id or id prefix → committee code) and <paramref name="defaultCommittee"/>.</summary>
    public SieCommitteeMap(IReadOnlyDictionary<string, string>? map = null, string defaultCommittee = DefaultCommitteeCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultCommittee);
        DefaultCommittee = defaultCommittee;
        _byLongestPrefix = [.. (map ?? new Dictionary<string, string>()).OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal)];
    }

    /// <summary>The committee of amounts without an object of the committee dimension.</summary>
    public string DefaultCommittee { get; }

    /// <summary>The committee of <paramref name="objectId"/>: the exact or longest-prefix match, else the id itself; the default committee for null.</summary>
    public string CommitteeOf(string? objectId)
    {
        if (string.IsNullOrEmpty(objectId))
        {
            return DefaultCommittee;
        }

        foreach (var (prefix, committee) in _byLongestPrefix)
        {
            if (objectId.StartsWith(prefix, StringComparison.Ordinal))
            {
                return committee;
            }
        }

        return objectId;
    }
}
