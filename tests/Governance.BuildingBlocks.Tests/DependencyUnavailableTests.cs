using Google.Rpc;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Governance.BuildingBlocks.Tests;

/// <summary>A dependency's outage becomes this service's own UNAVAILABLE with an ErrorInfo reason.</summary>
public sealed class DependencyUnavailableTests(HostFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void The_exception_maps_to_unavailable_with_its_reason_and_dependency()
    {
        var ex = new DependencyUnavailableException("CASES_UNAVAILABLE", "Cases cannot be reached right now.", "Cases");
        var status = ErrorMappingInterceptor.ToStatus(ex, "governance.meetings");

        Assert.Equal((int)Code.Unavailable, status.Code);
        Assert.Equal(ex.Message, status.Message);
        var info = status.Details[0].Unpack<ErrorInfo>();
        Assert.Equal("CASES_UNAVAILABLE", info.Reason);
        Assert.Equal("governance.meetings", info.Domain);
        Assert.Equal("Cases", info.Metadata["dependency"]);
    }

    [Fact]
    public async Task The_interceptor_answers_unavailable_when_a_handler_throws_it()
    {
        var interceptor = new ErrorMappingInterceptor(NullLogger<ErrorMappingInterceptor>.Instance);
        var context = new FakeServerCallContext("/governance.meetings.v1.MeetingsService/AddAgendaItem", Cancel);

        var rpc = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>("request", context,
            (_, _) => throw new DependencyUnavailableException("CASES_UNAVAILABLE", "Cases cannot be reached right now.")));

        Assert.Equal(StatusCode.Unavailable, rpc.StatusCode);
        var info = rpc.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("CASES_UNAVAILABLE", info.Reason);
        Assert.Equal("governance.meetings", info.Domain);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, "cannot be reached")]
    [InlineData(StatusCode.DeadlineExceeded, "did not answer in time")]
    public void An_outage_of_a_dependency_becomes_the_exception(StatusCode code, string says)
    {
        var rpc = new RpcException(new global::Grpc.Core.Status(code, "internal detail of the dependency"));

        Assert.True(rpc.IsDependencyUnavailable());
        var ex = rpc.ToDependencyUnavailable("Cases", "CASES_UNAVAILABLE");
        Assert.Equal("CASES_UNAVAILABLE", ex.Reason);
        Assert.Equal("Cases", ex.Dependency);
        Assert.StartsWith($"Cases {says}", ex.Message);
        Assert.DoesNotContain("internal detail", ex.Message);
    }

    [Theory]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Unauthenticated)]
    public void An_answer_of_a_dependency_is_not_an_outage(StatusCode code)
    {
        var rpc = new RpcException(new global::Grpc.Core.Status(code, "no"));

        Assert.False(rpc.IsDependencyUnavailable());
        Assert.Throws<ArgumentException>(() => rpc.ToDependencyUnavailable("Cases", "CASES_UNAVAILABLE"));
    }

    [Fact]
    public async Task A_real_outage_and_an_open_circuit_both_become_the_exception()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, new Dictionary<string, string?>
        {
            ["Governance:Clients:Meetings:RetryAttempts"] = "1",
            ["Governance:Clients:Meetings:MinimumThroughput"] = "2",
        }, fixture.Tokens);
        gate.Close();

        foreach (var _ in new[] { "outage", "open circuit" })
        {
            var rpc = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
            Assert.True(rpc.IsDependencyUnavailable());
            var status = ErrorMappingInterceptor.ToStatus(rpc.ToDependencyUnavailable("Meetings", "MEETINGS_UNAVAILABLE"), "governance.cases");
            Assert.Equal((int)Code.Unavailable, status.Code);
        }
        Assert.Equal(2, caller.Requests.Count);
    }
}
