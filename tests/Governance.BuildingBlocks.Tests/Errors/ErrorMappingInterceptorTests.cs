using Google.Rpc;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Governance.BuildingBlocks.Tests.Errors;

public sealed class ErrorMappingInterceptorTests
{
    private const string Domain = "governance.meetings";

    private sealed class OtherException() : GovernanceException("SOMETHING_ELSE", "Something else.");

    public static TheoryData<string, int, string> Kinds => new()
    {
        { "validation", (int)Code.InvalidArgument, "FIELD_VIOLATION" },
        { "not-found", (int)Code.NotFound, "RESOURCE_NOT_FOUND" },
        { "etag", (int)Code.Aborted, "ETAG_MISMATCH" },
        { "precondition", (int)Code.FailedPrecondition, "MEETING_STATE" },
        { "exists", (int)Code.AlreadyExists, "ALREADY_EXISTS" },
        { "reused", (int)Code.AlreadyExists, "REQUEST_ID_REUSED" },
        { "other", (int)Code.Unknown, "SOMETHING_ELSE" },
    };

    private static GovernanceException Make(string kind) => kind switch
    {
        "validation" => new ValidationException("body.display_name", "is required"),
        "not-found" => new NotFoundException("bodies/direktionen"),
        "etag" => new EtagMismatchException("bodies/direktionen"),
        "precondition" => new FailedPreconditionException("MEETING_STATE", "Cannot mark the meeting held."),
        "exists" => new AlreadyExistsException("bodies/direktionen", "bodies/direktionen already exists."),
        "reused" => new AlreadyExistsException("bodies/direktionen", "request_id was reused.", "REQUEST_ID_REUSED"),
        _ => new OtherException(),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_maps_to_its_code_with_error_info(string kind, int code, string reason)
    {
        var ex = Make(kind);
        var status = ErrorMappingInterceptor.ToStatus(ex, Domain);

        Assert.Equal(code, status.Code);
        Assert.Equal(ex.Message, status.Message);
        var info = status.Details[0].Unpack<ErrorInfo>();
        Assert.Equal(reason, info.Reason);
        Assert.Equal(Domain, info.Domain);
        Assert.Equal(ex.Metadata, info.Metadata);
        Assert.Equal(kind == "validation" ? 2 : 1, status.Details.Count);
    }

    [Fact]
    public void Resource_names_go_into_the_error_info_metadata()
    {
        var info = ErrorMappingInterceptor.ToStatus(new NotFoundException("meetings/m1"), Domain).Details[0].Unpack<ErrorInfo>();
        Assert.Equal("meetings/m1", info.Metadata["resource"]);

        var precondition = new FailedPreconditionException("MEETING_STATE", "no");
        precondition.Metadata["meeting"] = "meetings/m1";
        precondition.Metadata["state"] = "Held";
        var stateInfo = ErrorMappingInterceptor.ToStatus(precondition, Domain).Details[0].Unpack<ErrorInfo>();
        Assert.Equal("meetings/m1", stateInfo.Metadata["meeting"]);
        Assert.Equal("Held", stateInfo.Metadata["state"]);
    }

    [Fact]
    public void Validation_lists_every_field_violation_in_a_bad_request()
    {
        var ex = new ValidationException(
        [
            new FieldViolation("body.display_name", "is required"),
            new FieldViolation("body.members[0].unit", "must be at most 50 characters (was 51)"),
        ]);
        var status = ErrorMappingInterceptor.ToStatus(ex, Domain);
        var badRequest = status.Details[1].Unpack<BadRequest>();
        Assert.Equal(["body.display_name", "body.members[0].unit"], badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal(["is required", "must be at most 50 characters (was 51)"], badRequest.FieldViolations.Select(v => v.Description));
    }

    [Fact]
    public void Status_survives_the_trip_through_an_rpc_exception()
    {
        var status = ErrorMappingInterceptor.ToStatus(new NotFoundException("bodies/økonomiudvalget"), Domain);
        var rpc = status.ToRpcException();
        Assert.Equal(StatusCode.NotFound, rpc.StatusCode);
        Assert.Equal(status, rpc.GetRpcStatus());
    }

    [Theory]
    [InlineData("/governance.meetings.v1.MeetingsService/GetMeeting", "governance.meetings")]
    [InlineData("governance.meetings.v1.MeetingsService/GetMeeting", "governance.meetings")]
    [InlineData("/governance.agenda.v2.AgendaService/X", "governance.agenda")]
    [InlineData("/grpc.health.v1.Health/Check", "grpc.health")]
    [InlineData("/Health/Check", "Health")]
    public void Error_domain_is_the_first_two_package_segments(string method, string domain) =>
        Assert.Equal(domain, ErrorMappingInterceptor.ErrorDomain(method));

    // ---- the interceptor around a handler ----

    private static readonly ErrorMappingInterceptor Interceptor = new(NullLogger<ErrorMappingInterceptor>.Instance);

    private static async Task<RpcException> CallAsync(Exception thrown, CancellationToken callToken)
    {
        var context = new FakeServerCallContext("/governance.meetings.v1.MeetingsService/GetMeeting", callToken);
        return await Assert.ThrowsAnyAsync<RpcException>(() =>
            Interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => throw thrown));
    }

    [Fact]
    public async Task A_governance_exception_becomes_its_status()
    {
        var rpc = await CallAsync(new NotFoundException("meetings/m1"), TestContext.Current.CancellationToken);
        Assert.Equal(StatusCode.NotFound, rpc.StatusCode);
        var status = rpc.GetRpcStatus();
        Assert.NotNull(status);
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal("RESOURCE_NOT_FOUND", info.Reason);
        Assert.Equal("governance.meetings", info.Domain);
    }

    [Fact]
    public async Task An_unexpected_exception_is_internal_without_its_message()
    {
        var rpc = await CallAsync(new InvalidOperationException("connection string Password=hemmelig"), TestContext.Current.CancellationToken);
        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
        Assert.DoesNotContain("hemmelig", rpc.Status.Detail);
        var status = rpc.GetRpcStatus();
        Assert.NotNull(status);
        Assert.DoesNotContain("hemmelig", status.ToString());
        Assert.Equal("INTERNAL", status.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_cancelled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var rpc = await CallAsync(new OperationCanceledException(cts.Token), cts.Token);
        Assert.Equal(StatusCode.Cancelled, rpc.StatusCode);
    }

    [Fact]
    public async Task Cancellation_not_requested_by_the_caller_is_internal()
    {
        var rpc = await CallAsync(new OperationCanceledException(), TestContext.Current.CancellationToken);
        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
    }

    [Fact]
    public async Task An_rpc_exception_passes_through_unchanged()
    {
        var original = new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted, "too big"));
        var rpc = await CallAsync(original, TestContext.Current.CancellationToken);
        Assert.Same(original, rpc);
    }

    [Fact]
    public async Task A_successful_call_returns_its_response()
    {
        var context = new FakeServerCallContext("/governance.meetings.v1.MeetingsService/GetMeeting", TestContext.Current.CancellationToken);
        var response = await Interceptor.UnaryServerHandler<string, string>("request", context, (r, _) => Task.FromResult(r + "!"));
        Assert.Equal("request!", response);
    }

    [Fact]
    public async Task A_streaming_handler_is_mapped_the_same_way()
    {
        var context = new FakeServerCallContext("/governance.meetings.v1.MeetingsService/Watch", TestContext.Current.CancellationToken);
        var rpc = await Assert.ThrowsAsync<RpcException>(() => Interceptor.ServerStreamingServerHandler<string, string>(
            "request", null!, context, (_, _, _) => throw new EtagMismatchException("meetings/m1")));
        Assert.Equal(StatusCode.Aborted, rpc.StatusCode);
    }
}
