using System.CommandLine;
using Regfin.Cli.Commands;

namespace Regfin.Cli;

/// <summary>The <c>regfin</c> program: the pipeline outside Azure (cli.md).</summary>
public static class Program
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand BuildCommands()
    {
        var root = new RootCommand("regfin: monthly finance integration for a Swedish region (månadsrapport, finansrapport, limit checks)")
        {
            CommonOptions.Storage,
            CommonOptions.Verbose,
            PipelineCommands.Demo(),
            PipelineCommands.Run(),
            PipelineCommands.Ingest(),
            PipelineCommands.Compute(),
            PipelineCommands.Export(),
            PipelineCommands.Report(),
            PipelineCommands.Status(),
            PipelineCommands.Serve(),
            PipelineCommands.Replay(),
            ValidateCommand.Create(),
        };
        return root;
    }

    /// <summary>Runs one command; returns the exit code of cli.md.</summary>
    public static async Task<int> Main(string[] args)
    {
        var parse = BuildCommands().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("regfin: " + error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Try 'regfin --help'.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        // Ctrl-C cancels the command's token; serve then finishes its current piece of work (its grace
        // period), so the process is not torn down before that.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(45) }).ConfigureAwait(false);
    }
}
