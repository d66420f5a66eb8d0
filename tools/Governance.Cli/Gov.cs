using System.CommandLine;
using Governance.Cli.Commands;
using Grpc.Core;

namespace Governance.Cli;

/// <summary>The <c>gov</c> command line: its global options, its commands, and how a run ends (exit codes).</summary>
public static class Gov
{
    /// <summary>The embedded host's gRPC address (README, "Run it").</summary>
    public const string DefaultAddress = "http://localhost:5080";

    /// <summary>Runs <c>gov</c> with <paramref name="args"/>, writing to <paramref name="stdout"/> and
    /// <paramref name="stderr"/>; <paramref name="environment"/> reads GOVERNANCE_ADDRESS and GOVERNANCE_TOKEN.
    /// Returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var options = new GlobalOptions(environment);
        var root = new RootCommand("gov: kommandolinjen til styringsplatformen (møder, sager, huskeliste, trivselsmålinger).");
        options.AddTo(root);
        root.Subcommands.Add(MeetingsCommands.Create(options));
        root.Subcommands.Add(MinutesCommand.Create(options));
        root.Subcommands.Add(CasesCommands.Create(options));
        root.Subcommands.Add(RemindersCommands.Create(options));
        root.Subcommands.Add(SurveysCommands.Create(options));
        root.Subcommands.Add(ImportCommands.Create(options));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors are bad input (2), not the library's default 1.
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"gov: {error.Message}");
            }
            await stderr.WriteLineAsync("Se 'gov --help'.");
            return ExitCodes.BadInput;
        }
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (RpcException error)
        {
            await stderr.WriteAsync(ErrorReport.Describe(error));
            return ExitCodes.For(error.StatusCode);
        }
        catch (UsageException error)
        {
            await stderr.WriteLineAsync($"gov: {error.Message}");
            return ExitCodes.BadInput;
        }
    }
}

/// <summary>Input the parser accepted but the command cannot use (e.g. an address that is no URI).</summary>
public sealed class UsageException(string message) : Exception(message);
