using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Cli;

public enum OutputFormat
{
    Text,
    Json,
}

/// <summary>The options every command takes: where the platform is, who calls, and how to print.</summary>
public sealed class GlobalOptions
{
    public GlobalOptions(Func<string, string?> environment)
    {
        Address = new Option<string>("--address")
        {
            Description = $"Platformens gRPC-adresse (ellers GOVERNANCE_ADDRESS, ellers {Gov.DefaultAddress}).",
            Recursive = true,
            DefaultValueFactory = _ => environment("GOVERNANCE_ADDRESS") is { Length: > 0 } a ? a : Gov.DefaultAddress,
        };
        Token = new Option<string?>("--token")
        {
            Description = "Bearer-token til kaldene (ellers GOVERNANCE_TOKEN).",
            Recursive = true,
            DefaultValueFactory = _ => environment("GOVERNANCE_TOKEN") is { Length: > 0 } t ? t : null,
        };
        Output = new Option<OutputFormat>("--output", "-o")
        {
            Description = "text (til mennesker) eller json (ét JSON-dokument på stdout, til scripts).",
            Recursive = true,
            DefaultValueFactory = _ => OutputFormat.Text,
        };
        PageSize = new Option<int>("--page-size")
        {
            Description = "Antal pr. side i kaldene; gov henter altid alle sider.",
            Recursive = true,
            DefaultValueFactory = _ => 0,
        };
        PageSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 1000)
            {
                r.AddError("--page-size skal være mellem 1 og 1000.");
            }
        });
    }

    public Option<string> Address { get; }

    public Option<string?> Token { get; }

    public Option<OutputFormat> Output { get; }

    public Option<int> PageSize { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Address);
        root.Options.Add(Token);
        root.Options.Add(Output);
        root.Options.Add(PageSize);
    }

    /// <summary>The channel and printer of one run.</summary>
    public Session Open(ParseResult parsed)
    {
        var address = parsed.GetValue(Address)!;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--address skal være en http:// eller https://-adresse, ikke '{address}'.");
        }
        var token = parsed.GetValue(Token);
        var channelOptions = new GrpcChannelOptions();
        if (token is not null)
        {
            var credentials = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("Authorization", $"Bearer {token}");
                return Task.CompletedTask;
            });
            channelOptions.Credentials = uri.Scheme == Uri.UriSchemeHttps
                ? ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials)
                : ChannelCredentials.Create(ChannelCredentials.Insecure, credentials);
            // The embedded host speaks h2c on localhost; elsewhere the address is https.
            channelOptions.UnsafeUseInsecureChannelCallCredentials = uri.Scheme == Uri.UriSchemeHttp;
        }
        var channel = GrpcChannel.ForAddress(uri, channelOptions);
        var printer = new Printer(parsed.GetValue(Output), parsed.InvocationConfiguration.Output);
        return new Session(channel, printer, parsed.GetValue(PageSize));
    }
}

/// <summary>One command's connection and output.</summary>
public sealed class Session(GrpcChannel channel, Printer printer, int pageSize) : IDisposable
{
    public GrpcChannel Channel { get; } = channel;

    public Printer Print { get; } = printer;

    public int PageSize { get; } = pageSize;

    public void Dispose() => Channel.Dispose();
}
