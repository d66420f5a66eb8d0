using System.Text;
using System.Text.Json;
using Google.Rpc;
using Governance.Meetings.V1;
using Grpc.Core;

namespace Governance.Host.Tests;

/// <summary>Calls and assertions the host tests share.</summary>
public static class HostCalls
{
    /// <summary>An ordinary read of the Meetings API on a channel with <paramref name="token"/> (or none).</summary>
    public static async Task<ListBodiesResponse> ListBodiesAsync(GovernanceTestHost host, string? token, CancellationToken ct)
    {
        using var channel = host.CreateChannel(token);
        return await new MeetingsService.MeetingsServiceClient(channel).ListBodiesAsync(new ListBodiesRequest(), cancellationToken: ct);
    }

    /// <summary>Asserts that <paramref name="call"/> fails with UNAUTHENTICATED (never another status, never
    /// success), with a google.rpc.Status whose ErrorInfo says UNAUTHENTICATED.</summary>
    public static async Task Unauthenticated(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == StatusCode.Unauthenticated, $"Expected UNAUTHENTICATED but got {error.StatusCode}: {error.Status.Detail}");
        var info = error.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("UNAUTHENTICATED", info.Reason);
    }

    /// <summary>The decoded payload of a JWT.</summary>
    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    /// <summary>The decoded header of a JWT.</summary>
    public static JsonElement Header(string jwt) => Part(jwt, 0);

    private static JsonElement Part(string jwt, int index)
    {
        var part = jwt.Split('.')[index].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part))).RootElement.Clone();
    }
}
