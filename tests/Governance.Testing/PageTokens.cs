using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Governance.Testing;

/// <summary>Forges page tokens the way a caller could: takes a token the service issued (so the
/// filter binding is right) and replaces the position it carries.</summary>
public static class PageTokens
{
    public static string WithKey(string issued, JsonNode? key)
    {
        Assert.False(string.IsNullOrEmpty(issued), "Forging needs a token the service issued.");
        var json = JsonNode.Parse(Decode(issued))!.AsObject();
        json["Key"] = key;
        return Encode(json.ToJsonString());
    }

    private static string Decode(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
    }

    private static string Encode(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
