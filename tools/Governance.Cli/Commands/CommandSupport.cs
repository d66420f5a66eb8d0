using System.CommandLine;

namespace Governance.Cli.Commands;

internal static class CommandSupport
{
    /// <summary>Gives <paramref name="command"/> an action that opens a session and runs <paramref name="body"/>;
    /// failed calls end in <see cref="Gov.RunAsync"/> (status in words, exit code).</summary>
    public static void Runs(this Command command, GlobalOptions options, Func<ParseResult, Session, CancellationToken, Task> body) =>
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = options.Open(parsed);
            await body(parsed, session, cancellationToken);
            return ExitCodes.Ok;
        });

    /// <summary>A resource name from what was typed: "direktionen" or "bodies/direktionen" are both bodies/direktionen.</summary>
    public static string Name(string collection, string typed)
    {
        var value = typed.Trim();
        return value.StartsWith(collection + "/", StringComparison.Ordinal) ? value : $"{collection}/{value}";
    }

    /// <summary>Every page of a list: calls <paramref name="page"/> with each next page token until there is none.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(Func<string, Task<(IEnumerable<T> Items, string NextPageToken)>> page)
    {
        var all = new List<T>();
        var token = "";
        do
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            token = next;
        }
        while (token.Length > 0);
        return all;
    }
}
