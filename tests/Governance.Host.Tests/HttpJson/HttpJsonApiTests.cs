using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Governance.Audit.V1;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Host.Tests.HttpJson;

/// <summary>
/// The RPCs as HTTP/JSON on the host's HTTP/1.1 endpoint, written as a department with curl would write them:
/// a meeting created and read with a token; no token 401 and a token without the role 403, as google.rpc.Status
/// JSON like every error; bad input 400 INVALID_ARGUMENT with its field violations as JSON; an unknown
/// resource 404; a body transcoding cannot read 400 with ErrorInfo MALFORMED_REQUEST; a body over the gRPC
/// limit 413 RESOURCE_EXHAUSTED; an update mask in lowerCamelCase; rendered minutes (google.api.HttpBody) as the raw
/// document with its own content type. The same host answers gRPC.
/// </summary>
public abstract class HttpJsonApiTests(IApiHost host) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = host.Server.HttpAddress };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TokenIssuer Tokens => host.Server.Tokens ?? throw new InvalidOperationException("The host has no token issuer the tests can use.");

    private string Secretariat => Tokens.Issue("json-secretariat", ["secretariat"], HostClaims.Everywhere);

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{method} {path}: {(int)response.StatusCode} '{response.Content.Headers.ContentType}': {text}");
        return (response.StatusCode, (JsonObject)JsonNode.Parse(text)!, response);
    }

    /// <summary>The ErrorInfo of a google.rpc.Status in JSON, after checking the status's code.</summary>
    private static JsonObject AssertStatus(JsonObject status, Code code, string reason, string domain)
    {
        Assert.Equal((int)code, (int)status["code"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)status["message"]), $"No message: {status}");
        var details = status["details"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var info = Assert.Single(details, d => (string?)d["@type"] == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.True((string?)info["reason"] == reason && (string?)info["domain"] == domain, $"Expected {reason} ({domain}): {status}");
        return info;
    }

    private enum Code
    {
        InvalidArgument = 3,
        NotFound = 5,
        PermissionDenied = 7,
        ResourceExhausted = 8,
        Unauthenticated = 16,
    }

    private static string BodyId() => $"json-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Meeting_is_created_and_read_as_json_with_a_token()
    {
        var bodyId = BodyId();
        var (created, body, _) = await SendAsync(HttpMethod.Post, $"/v1/bodies?bodyId={bodyId}", Secretariat,
            """{"displayName":"Direktionen","usualRoom":"Mødelokale B105"}""");
        Assert.Equal(HttpStatusCode.OK, created);
        Assert.Equal($"bodies/{bodyId}", (string?)body["name"]);

        var (scheduled, meeting, _) = await SendAsync(HttpMethod.Post, "/v1/meetings?requestId=" + Guid.NewGuid(), Secretariat,
            $$"""{"body":"bodies/{{bodyId}}","start":{"year":2017,"month":3,"day":9,"hours":8,"minutes":30},"title":"Økonomiopfølgning"}""");
        Assert.Equal(HttpStatusCode.OK, scheduled);
        var name = (string)meeting["name"]!;
        Assert.StartsWith("meetings/", name, StringComparison.Ordinal);
        Assert.Equal("MEETING_STATE_PLANNED", (string?)meeting["state"]);
        Assert.Equal("Mødelokale B105", (string?)meeting["room"]);

        var reader = Tokens.Issue("json-reader", ["employee_reader"], HostClaims.Everywhere);
        var (read, again, _) = await SendAsync(HttpMethod.Get, $"/v1/{name}", reader);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(name, (string?)again["name"]);
        Assert.Equal("Økonomiopfølgning", (string?)again["title"]);
        Assert.Equal("2017-03-09T07:30:00Z", (string?)again["startTime"]);

        // The same meeting over gRPC: one service, two ways in.
        var grpc = await new MeetingsService.MeetingsServiceClient(host.Channel).GetMeetingAsync(new GetMeetingRequest { Name = name }, cancellationToken: Ct);
        Assert.Equal("Økonomiopfølgning", grpc.Title);

        var (listed, page, _) = await SendAsync(HttpMethod.Get, $"/v1/meetings?body=bodies/{bodyId}&pageSize=10", reader);
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(name, (string?)Assert.Single(page["meetings"]!.AsArray())!["name"]);
    }

    [Fact]
    public async Task Rendered_minutes_are_the_raw_document_with_its_content_type_and_errors_stay_json()
    {
        var bodyId = BodyId();
        await SendAsync(HttpMethod.Post, $"/v1/bodies?bodyId={bodyId}", Secretariat, """{"displayName":"Direktionen","usualRoom":"Mødelokale B105"}""");
        var (_, meeting, _) = await SendAsync(HttpMethod.Post, "/v1/meetings?requestId=" + Guid.NewGuid(), Secretariat,
            $$"""{"body":"bodies/{{bodyId}}","start":{"year":2017,"month":3,"day":9,"hours":8,"minutes":30},"title":"Ordinært møde"}""");
        var name = (string)meeting["name"]!;
        var (added, _, _) = await SendAsync(HttpMethod.Post, $"/v1/{name}/items", Secretariat, """{"title":"Regnskab 2016 <Direktionen>","kind":"ITEM_KIND_ORDINARY","journalNumber":"16/25345"}""");
        var (published, _, _) = await SendAsync(HttpMethod.Post, $"/v1/{name}:publishAgenda", Secretariat, "{}");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (added, published));
        var reader = Tokens.Issue("json-reader", ["employee_reader"], HostClaims.Everywhere);

        foreach (var (format, contentType, start) in new[]
        {
            ("MINUTES_FORMAT_HTML", "text/html; charset=utf-8", "<!DOCTYPE html>"),
            ("MINUTES_FORMAT_MARKDOWN", "text/markdown; charset=utf-8", "> **UDKAST"),
            ("MINUTES_FORMAT_TEXT", "text/plain; charset=utf-8", "UDKAST – REFERAT Direktionen d. 09-03-2017"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/{name}/minutes:render?format={format}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", reader);
            using var response = await _http.SendAsync(request, Ct);
            var document = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{format}: {(int)response.StatusCode} {document}");
            Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
            Assert.StartsWith(start, document, StringComparison.Ordinal);
            Assert.Contains("Regnskab 2016", document, StringComparison.Ordinal);
        }

        // Errors are google.rpc.Status JSON as everywhere: a format the contract does not know, and no token.
        var (bad, status, _) = await SendAsync(HttpMethod.Get, $"/v1/{name}/minutes:render?format=MINUTES_FORMAT_PDF", reader);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal((int)Code.InvalidArgument, (int)status["code"]!);
        Assert.Contains("MINUTES_FORMAT_PDF", (string?)status["message"], StringComparison.Ordinal);
        var (anonymous, refusal, _) = await SendAsync(HttpMethod.Get, $"/v1/{name}/minutes:render", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        AssertStatus(refusal, Code.Unauthenticated, "UNAUTHENTICATED", "governance.security");
    }

    [Fact]
    public async Task Update_mask_in_json_spelling_updates_that_field()
    {
        var bodyId = BodyId();
        await SendAsync(HttpMethod.Post, $"/v1/bodies?bodyId={bodyId}", Secretariat, """{"displayName":"Hovedudvalget"}""");

        var (status, body, _) = await SendAsync(HttpMethod.Patch, $"/v1/bodies/{bodyId}?updateMask=usualRoom", Secretariat,
            """{"usualRoom":"Byrådssalen","displayName":"not in the mask"}""");

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("Byrådssalen", (string?)body["usualRoom"]);
        Assert.Equal("Hovedudvalget", (string?)body["displayName"]);
    }

    [Fact]
    public async Task No_token_is_401_with_a_status_as_json()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/v1/bodies", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertStatus(body, Code.Unauthenticated, "UNAUTHENTICATED", "governance.security");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Token_without_the_role_is_403_and_audited_as_over_grpc()
    {
        var subject = $"json-refused-{Guid.NewGuid():N}"[..24];
        var reader = Tokens.Issue(subject, ["employee_reader"], HostClaims.Everywhere);
        var bodyId = BodyId();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/v1/bodies?bodyId={bodyId}", reader, """{"displayName":"Ikke tilladt"}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertStatus(body, Code.PermissionDenied, "ROLE_REQUIRED", "governance.security");
        Assert.Contains("secretariat", (string?)body["message"], StringComparison.Ordinal);
        var audit = await new MeetingsService.MeetingsServiceClient(host.Channel).ListAuditEntriesAsync(
            new ListAuditEntriesRequest { Subject = subject }, cancellationToken: Ct);
        var entry = Assert.Single(audit.Entries);
        Assert.Equal(AuditAction.Denied, entry.Action);
        Assert.Equal("/governance.meetings.v1.MeetingsService/CreateBody", entry.Method);
        Assert.Equal("bodies", entry.Resource);
    }

    [Fact]
    public async Task Bad_input_is_400_invalid_argument_with_field_violations_as_json()
    {
        var bodyId = BodyId();
        await SendAsync(HttpMethod.Post, $"/v1/bodies?bodyId={bodyId}", Secretariat, """{"displayName":"Direktionen"}""");

        var (status, body, _) = await SendAsync(HttpMethod.Post, "/v1/meetings", Secretariat,
            $$"""{"body":"bodies/{{bodyId}}","title":"{{new string('x', 201)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, Code.InvalidArgument, "FIELD_VIOLATION", "governance.meetings");
        var badRequest = Assert.Single(body["details"]!.AsArray(), d => (string?)d!["@type"] == "type.googleapis.com/google.rpc.BadRequest")!;
        var fields = badRequest["fieldViolations"]!.AsArray().Select(v => (string?)v!["field"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["meeting.start", "meeting.title"], fields);
        Assert.All(badRequest["fieldViolations"]!.AsArray(), v => Assert.False(string.IsNullOrWhiteSpace((string?)v!["description"])));
    }

    [Fact]
    public async Task Unknown_resource_is_404_not_found()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/v1/meetings/does-not-exist", Secretariat);

        Assert.Equal(HttpStatusCode.NotFound, status);
        var info = AssertStatus(body, Code.NotFound, "RESOURCE_NOT_FOUND", "governance.meetings");
        Assert.Equal("meetings/does-not-exist", (string?)info["metadata"]!["resource"]);
    }

    [Theory]
    [InlineData("POST", "/v1/meetings", "{\"body\":")]
    [InlineData("POST", "/v1/meetings", "{\"start\":{\"year\":\"next\"}}")]
    [InlineData("POST", "/v1/meetings", "[1,2,3]")]
    [InlineData("GET", "/v1/meetings?pageSize=many", null)]
    [InlineData("GET", "/v1/meetings/m-1/minutes?audience=AUDIENCE_EVERYONE", null)]
    public async Task Body_or_query_transcoding_cannot_read_is_400_with_MALFORMED_REQUEST(string method, string path, string? json)
    {
        var (status, body, _) = await SendAsync(new HttpMethod(method), path, Secretariat, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, Code.InvalidArgument, "MALFORMED_REQUEST", "governance.meetings");
    }

    [Fact]
    public async Task Request_over_the_grpc_limit_is_413_resource_exhausted()
    {
        var title = new string('x', GovernanceDefaults.MaxReceiveMessageBytes);
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/v1/meetings", Secretariat, $$"""{"title":"{{title}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertStatus(body, Code.ResourceExhausted, "REQUEST_TOO_LARGE", "governance.meetings");
    }

    [Fact]
    public async Task Json_call_through_the_generated_client_gets_the_same_errors_as_grpc()
    {
        using var invoker = new HttpJsonCallInvoker(host.Server.HttpAddress, Secretariat, MeetingsService.Descriptor);
        var client = new MeetingsService.MeetingsServiceClient(invoker);

        var error = await ApiAssert<MeetingsDomain>.RpcError(StatusCode.NotFound, () => client.GetBodyAsync(new GetBodyRequest { Name = "bodies/findes-ikke" }, cancellationToken: Ct), "RESOURCE_NOT_FOUND");

        Assert.Equal("bodies/findes-ikke", error.Info.Metadata["resource"]);
        Assert.Equal("GET bodies/findes-ikke", invoker.LastRequest?.Replace("v1/", "", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class MeetingsDomain : IErrorDomain
{
    public static string Domain => "governance.meetings";
}

public sealed class HttpJsonApiSqliteTests(SqliteApiHost host) : HttpJsonApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class HttpJsonApiPostgresTests(PostgresApiHost host) : HttpJsonApiTests(host), IClassFixture<PostgresApiHost>;
