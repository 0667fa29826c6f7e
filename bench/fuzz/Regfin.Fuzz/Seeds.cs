using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Regfin.Core.Ingestion;

namespace Regfin.Fuzz;

/// <summary>
/// The seed corpus of every harness, from the repository's own files: the sample inbox and every
/// input file under tests/ by the kind their folder names (CSV cut to its first 16 KiB at a line
/// end, so AFL++ mutates small inputs), each small CSV also as a workbook for the XLSX harness, the
/// sample policy as YAML and as JSON, SIE files (../shared/sie when present), and
/// bench/fuzz/seeds/{harness}/ (hand-made seeds and the minimized findings).
/// </summary>
public static class Seeds
{
    private const int MaxSeedBytes = 16 * 1024;

    /// <summary>Writes the seeds under <paramref name="to"/>/{harness}/.</summary>
    public static void Write(string root, string to)
    {
        var sources = new[] { "samples", "tests", Path.Combine("..", "shared", "sie") }.Select(d => Path.Combine(root, d)).Where(Directory.Exists);
        foreach (var file in sources.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/Golden/", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                AddFile(to, file, relative);
            }
            catch (Exception e) when (e is ArgumentException or IOException or FormatException or InvalidOperationException)
            {
                // A seed that cannot be converted (findings are odd by nature) is left out, never the campaign.
                Console.Error.WriteLine($"seed {relative} left out: {e.Message}");
            }
        }

        AddOwnSeeds(root, to);
    }

    private static void AddFile(string to, string file, string relative)
    {
        {
            var extension = Path.GetExtension(file).ToLowerInvariant();
            var kind = relative.Split('/').Select(s => InputKinds.TryResolve(s, out var k) ? k : (InputKind?)null).LastOrDefault(k => k is not null);
            switch (extension)
            {
                case ".csv" when kind is { } k && k is not (InputKind.Policy or InputKind.Sie):
                    var text = Cut(File.ReadAllText(file));
                    Add(to, "csv-" + k.Name(), Encoding.UTF8.GetBytes(text));
                    try
                    {
                        Add(to, "xlsx", Workbook(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(40).Select(l => l.TrimEnd('\r').Split(';')).ToArray()));
                    }
                    catch (ArgumentException)
                    {
                        // Text XML cannot hold (a finding with a noncharacter): no workbook of it.
                    }
                    break;
                case ".yaml" or ".yml":
                    var yaml = File.ReadAllText(file);
                    Add(to, "policy-yaml", Encoding.UTF8.GetBytes(yaml));
                    Add(to, "policy-json", Encoding.UTF8.GetBytes(AsJson(yaml)));
                    break;
                case ".json" when kind == InputKind.Policy:
                    Add(to, "policy-json", File.ReadAllBytes(file));
                    break;
                case ".se" or ".si" or ".sie":
                    var bytes = File.ReadAllBytes(file);
                    Add(to, "sie", bytes.Length <= MaxSeedBytes ? bytes : bytes[..MaxSeedBytes]);
                    break;
                case ".xlsx" when new FileInfo(file).Length <= 4 * MaxSeedBytes:
                    Add(to, "xlsx", File.ReadAllBytes(file));
                    break;
            }
        }
    }

    private static void AddOwnSeeds(string root, string to)
    {
        // The inline cases of the tests' bad-file corpus: { "name", "kind", ".ext", "content", … } with C# escapes.
        var corpus = Path.Combine(root, "tests", "Core.Tests", "Ingestion", "BadFileCorpusTests.cs");
        if (File.Exists(corpus))
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(corpus),
                         """" \{ "[^"]*", "(\w+)", "\.(csv|yaml|json)", "((?:[^"\\]|\\.)*)", """".Trim()))
            {
                var content = System.Text.RegularExpressions.Regex.Unescape(m.Groups[3].Value);
                if (InputKinds.TryResolve(m.Groups[1].Value, out var k))
                {
                    Add(to, k == InputKind.Policy ? "policy-" + m.Groups[2].Value : "csv-" + k.Name(), Encoding.UTF8.GetBytes(content));
                }
            }
        }

        var own = Path.Combine(root, "bench", "fuzz", "seeds");
        if (Directory.Exists(own))
        {
            foreach (var dir in Directory.EnumerateDirectories(own))
            {
                foreach (var file in Directory.EnumerateFiles(dir))
                {
                    Add(to, Path.GetFileName(dir), File.ReadAllBytes(file));
                }
            }
        }
    }

    private static void Add(string to, string harness, byte[] bytes)
    {
        if (!Program.Harnesses.ContainsKey(harness))
        {
            return; // e.g. a policy case given as CSV: no such reader
        }

        var dir = Path.Combine(to, harness);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]), bytes);
    }

    /// <summary>The text up to the last line end within the seed size.</summary>
    private static string Cut(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxSeedBytes)
        {
            return text;
        }

        var cut = text[..Math.Min(text.Length, MaxSeedBytes)];
        var end = cut.LastIndexOf('\n');
        return end > 0 ? cut[..(end + 1)] : cut;
    }

    /// <summary>The YAML document as JSON (YamlDotNet's JSON-compatible output).</summary>
    private static string AsJson(string yaml)
    {
        try
        {
            var graph = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(yaml);
            return new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build().Serialize(graph);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or ArgumentException) // the findings include malformed YAML
        {
            return "{}";
        }
    }

    /// <summary>A workbook with one sheet of shared-string cells (numbers as numbers), as exporters write it.</summary>
    private static byte[] Workbook(string[][] rows)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var row in rows)
            {
                var r = new Row();
                foreach (var value in row)
                {
                    r.Append(decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _)
                        ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(value) }
                        : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) });
                }

                data.Append(r);
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Blad1" });
        }

        return memory.ToArray();
    }
}
