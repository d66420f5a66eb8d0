using Google.Rpc;
using Governance.Testing;
using Grpc.Core;

namespace Governance.Cli.Tests;

/// <summary>Each kind of failure: its exit code, and the status and its details in words on stderr, nothing on stdout.</summary>
public sealed class FailureTests(CliHost host) : IClassFixture<CliHost>
{
    private static void Failed(CliRun run, int exitCode, string code)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.StartsWith($"gov: {code}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_argument_is_2_and_names_the_field_violation()
    {
        var run = await host.RunAsync("cases", "search", new string('x', 201));
        Failed(run, 2, "INVALID_ARGUMENT");
        Assert.Matches(@"(?m)^  query: \S", run.Stderr);
    }

    [Fact]
    public async Task Usage_errors_are_2()
    {
        var missing = await host.RunAsync("meetings", "show");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("show", missing.Stderr);
        var unknown = await host.RunAsync("meetings", "delete", "x");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        var output = await host.RunAsync("surveys", "rounds", "--output", "xml");
        Assert.True(output.ExitCode == 2, output.ToString());
        var address = await CliRun.RunAsync(["surveys", "rounds", "--address", "localhost:5080"]);
        Assert.True(address.ExitCode == 2, address.ToString());
        Assert.Contains("--address", address.Stderr);
    }

    [Fact]
    public async Task Not_found_is_3()
    {
        Failed(await host.RunAsync("cases", "show", "99/424242"), 3, "NOT_FOUND");
        Failed(await host.RunAsync("meetings", "show", "meetings/ingen"), 3, "NOT_FOUND");
    }

    [Fact]
    public async Task Refused_is_4_without_roles_and_without_token()
    {
        var noRoles = host.Server.Tokens!.Issue("cli-nobody", []);
        Failed(await host.RunAsync("meetings", "list", "--token", noRoles), 4, "PERMISSION_DENIED");
        var anonymous = await CliRun.RunAsync(["meetings", "list", "--address", host.Server.GrpcAddress.ToString()]);
        Failed(anonymous, 4, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Unavailable_is_5_where_nothing_listens()
    {
        var address = $"http://127.0.0.1:{GovernanceTestHost.FreePort()}";
        Failed(await host.RunAsync("meetings", "list", "--address", address), 5, "UNAVAILABLE");
    }

    [Fact]
    public void Error_details_are_words_not_base64()
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.FailedPrecondition,
            Message = "Mødet er afholdt.",
            Details =
            {
                Google.Protobuf.WellKnownTypes.Any.Pack(new ErrorInfo { Reason = "MEETING_HELD", Domain = "meetings.governance", Metadata = { ["meeting"] = "meetings/1" } }),
                Google.Protobuf.WellKnownTypes.Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "meeting.start", Description = "Skal ligge i fremtiden." } } }),
                Google.Protobuf.WellKnownTypes.Any.Pack(new PreconditionFailure { Violations = { new PreconditionFailure.Types.Violation { Type = "STATE", Subject = "meetings/1", Description = "Mødet er afholdt." } } }),
            },
        };
        var text = ErrorReport.Describe(status.ToRpcException());
        Assert.Equal(
            "gov: FAILED_PRECONDITION: Mødet er afholdt.\n" +
            "  årsag: MEETING_HELD [meetings.governance] (meeting=meetings/1)\n" +
            "  meeting.start: Skal ligge i fremtiden.\n" +
            "  forudsætning STATE meetings/1: Mødet er afholdt.\n", text.ReplaceLineEndings("\n"));
        Assert.Equal(1, ExitCodes.For(StatusCode.FailedPrecondition));
    }
}
