using System.Diagnostics;
using System.Text.Json;
using Regfin.Core.Export;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.PowerBi;

/// <summary>
/// reporting/powerbi/check/check.mjs against the contract as C# has it (OutputTables.PowerBi written
/// as JSON): the committed PBIP model and .pq files pass; a copy with a wrong type, an M syntax error,
/// a column the contract does not have or a relationship to a missing column fails, naming it.
/// Needs node on PATH and node_modules (npm ci), as CI has them.
/// </summary>
[Trait("Category", "Storage")] // runs node (a child process): not in the fast unit run
public sealed class ModelCheckTests : IDisposable
{
    private static readonly string Model = Path.Combine(TestFiles.Root, "reporting", "powerbi", "Regfin.SemanticModel");
    private readonly TempDirectory _temp = new();

    private string ContractFile()
    {
        var path = Path.Combine(_temp.Path, "contract.json");
        var tables = OutputTables.PowerBi.Select(t => new { name = t.Name, columns = t.ExportColumns.Select(c => new { name = c.Name, type = c.Type.ToString() }) });
        File.WriteAllText(path, JsonSerializer.Serialize(tables));
        return path;
    }

    /// <summary>A copy of the committed model with <paramref name="file"/> (under definition/) changed by <paramref name="change"/>.</summary>
    private string ModelWith(string file, Func<string, string> change)
    {
        var copy = Path.Combine(_temp.Path, "Regfin.SemanticModel");
        foreach (var source in Directory.EnumerateFiles(Model, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Model, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        var path = Path.Combine(copy, "definition", file);
        var text = File.ReadAllText(path);
        var changed = change(text);
        Assert.NotEqual(text, changed); // the break really is in the copy
        File.WriteAllText(path, changed);
        return copy;
    }

    private static (int ExitCode, string Output) Check(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = TestFiles.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine("reporting", "powerbi", "check", "check.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "check.mjs did not finish in a minute");
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void The_committed_model_and_queries_parse_and_match_the_contract()
    {
        var (exitCode, output) = Check("--contract", ContractFile());
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok: ", output);
        Assert.Contains($"match the contract's {OutputTables.PowerBi.Count} tables", output);
    }

    [Fact]
    public void A_column_typed_otherwise_than_the_contract_fails()
    {
        var model = ModelWith(Path.Combine("tables", "maturityprofile.tmdl"), t => t.Replace("column 'År'\n\t\tdataType: int64", "column 'År'\n\t\tdataType: double"));
        var (exitCode, output) = Check("--contract", ContractFile(), "--model", model);
        Assert.True(exitCode == 1, output);
        Assert.Contains("maturityprofile.tmdl: maturityprofile.År", output);
        Assert.Contains("dataType double, but the contract's maturityprofile.Year is Count (dataType int64)", output);
    }

    [Fact]
    public void An_M_syntax_error_in_a_partition_fails_naming_the_file_and_the_error()
    {
        var model = ModelWith(Path.Combine("tables", "debt.tmdl"), t => t.Replace("in\n\t\t\t\t    Typed", "in\n\t\t\t\t    Typed,"));
        var (exitCode, output) = Check("--contract", ContractFile(), "--model", model);
        Assert.True(exitCode == 1, output);
        Assert.Matches(@"debt\.tmdl: partition debt: M syntax error at line \d+, column \d+: ", output);
    }

    [Fact]
    public void An_M_syntax_error_in_an_expression_fails()
    {
        var model = ModelWith("expressions.tmdl", t => t.Replace("expression DataSource = \"Cloud\" meta [", "expression DataSource = \"Cloud\" meta [["));
        var (exitCode, output) = Check("--contract", ContractFile(), "--model", model);
        Assert.True(exitCode == 1, output);
        Assert.Contains("expressions.tmdl: expression DataSource: M syntax error", output);
    }

    [Fact]
    public void A_column_the_contract_does_not_have_fails()
    {
        var model = ModelWith(Path.Combine("tables", "kpis.tmdl"), t => t.Replace("sourceColumn: Target", "sourceColumn: Outlook"));
        var (exitCode, output) = Check("--contract", ContractFile(), "--model", model);
        Assert.True(exitCode == 1, output);
        Assert.Contains("kpis.tmdl: kpis.Mål", output);
        Assert.Contains("sourceColumn Outlook is not a column of kpis in the contract", output);
    }

    [Fact]
    public void A_relationship_to_a_column_that_does_not_exist_fails()
    {
        var model = ModelWith("relationships.tmdl", t => t.Replace("toColumn: dimkpi.Nyckeltal", "toColumn: dimkpi.KpiId"));
        var (exitCode, output) = Check("--contract", ContractFile(), "--model", model);
        Assert.True(exitCode == 1, output);
        Assert.Contains("toColumn dimkpi.KpiId: table dimkpi has no column KpiId", output);
    }

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();
}
