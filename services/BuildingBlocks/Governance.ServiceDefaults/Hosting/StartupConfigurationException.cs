namespace Governance.ServiceDefaults.Hosting;

/// <summary>
/// A setting the host cannot start with. The message is one line that names the setting (as the
/// environment variable an operator sets, e.g. <c>ConnectionStrings__RabbitMq</c>) and what to set;
/// the host prints it to stderr without a stack trace and exits with <see cref="ExitCode"/>.
/// Never put a secret (a password in a connection string) into the message.
/// </summary>
public sealed class StartupConfigurationException : Exception
{
    /// <summary>The exit code of a host that stopped on a configuration error (as for a usage error).</summary>
    public const int ExitCode = 2;

    private const int MaxMessageLength = 600;

    public StartupConfigurationException(string message, Exception? inner = null)
        : base(OneLine(message), inner)
    {
    }

    /// <summary>The first configuration error in <paramref name="exception"/> or what it wraps, if any.</summary>
    public static StartupConfigurationException? Find(Exception? exception) => exception switch
    {
        null => null,
        StartupConfigurationException found => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        _ => Find(exception.InnerException),
    };

    private static string OneLine(string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }
}
