using Regfin.Core.Export;

namespace Regfin.Tests.Support;

/// <summary>Exports of a session's tables, for comparing two runs.</summary>
public static partial class Exports
{
    /// <summary>Timestamps: what differs between two runs of the same inputs (cli.md, replay).</summary>
    public static readonly string[] Timestamps = ["ComputedAt", "ProcessedAt", "RaisedAt", "DeliveredAt", "Attempts", "LastError"];

    /// <summary>What differs between two runs that upload the same files: the <see cref="Timestamps"/> and the upload times.</summary>
    public static readonly string[] RunDependent = [.. Timestamps, "ReceivedAt"];

    /// <summary>Every table as CSV without <paramref name="columns"/>, leaving out <paramref name="tables"/>.</summary>
    public static Task<Dictionary<string, string>> OfAsync(TestSession session, IEnumerable<string> columns, params TableContract[] tables) =>
        OfAsync(session.Get<CsvExporter>(), columns, tables);

    /// <summary>Every table <paramref name="exporter"/> writes, as CSV without <paramref name="columns"/>, leaving out <paramref name="tables"/>.</summary>
    public static async Task<Dictionary<string, string>> OfAsync(CsvExporter exporter, IEnumerable<string> columns, params TableContract[] tables)
    {
        using var dir = new TempDirectory();
        await exporter.ExportAsync(dir.Path, null, CancellationToken.None);
        return OfDirectory(dir.Path, columns, tables);
    }

    /// <summary>Every table's CSV in <paramref name="directory"/> (as <c>regfin export</c> writes them) without <paramref name="columns"/>, leaving out <paramref name="tables"/>.</summary>
    public static Dictionary<string, string> OfDirectory(string directory, IEnumerable<string> columns, params TableContract[] tables)
    {
        var without = columns.ToArray();
        return OutputTables.All.Where(t => !tables.Contains(t))
            .ToDictionary(t => t.Name, t => Sorted(CsvFiles.Without(File.ReadAllText(Path.Combine(directory, t.Name + ".csv")), without)));
    }

    /// <summary>The committed exports of <paramref name="name"/> (<c>tests/Core.Tests/Pipeline/Golden/</c>, see GoldenExportTests).</summary>
    public static string GoldenDirectory(string name) => Path.Combine(TestFiles.Root, "tests", "Core.Tests", "Pipeline", "Golden", name);

    /// <summary>The committed exports of <paramref name="name"/>, table by table, leaving out <paramref name="tables"/>.</summary>
    public static Dictionary<string, string> Golden(string name, params TableContract[] tables) =>
        Directory.EnumerateFiles(GoldenDirectory(name), "*.csv")
            .Where(f => !tables.Any(t => t.Name == Path.GetFileNameWithoutExtension(f)))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => File.ReadAllText(f).TrimEnd('\n'));

    /// <summary>
    /// Import ids (<c>yyyyMMddHHmmssfff-hash</c>) without their upload time, lists of them re-sorted, rows
    /// sorted again: the hash names the file; the upload time only says when the run was.
    /// </summary>
    public static string WithoutUploadTimes(string csv)
    {
        var lines = ImportIds().Replace(csv, m => string.Join(';', m.Value.Split(';').Select(id => id[18..]).Order(StringComparer.Ordinal)))
            .Split('\n');
        return string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Order(StringComparer.Ordinal)));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{17}-[0-9a-f]{16}(;\d{17}-[0-9a-f]{16})*\b")]
    private static partial System.Text.RegularExpressions.Regex ImportIds();

    /// <summary>The rows in ordinal order after the header (without their keys, rows may sort differently).</summary>
    private static string Sorted(string csv)
    {
        var lines = csv.Split('\n');
        return string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Order(StringComparer.Ordinal)));
    }

    /// <summary>Asserts two exports equal table by table (the message names the table).</summary>
    public static void Equal(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (table, csv) in expected)
        {
            Assert.True(csv == actual[table], Difference(table, csv, actual[table]));
        }
    }

    /// <summary>Where two exports of a table part: the first differing line of each and the line counts, not the whole files.</summary>
    private static string Difference(string table, string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }

        string At(string[] lines) => line < lines.Length ? lines[line] : "(end of file)";
        return $"{table} differs from line {line + 1} on ({e.Length} lines expected, {a.Length} actual):\n--- expected\n{At(e)}\n--- actual\n{At(a)}";
    }
}
