using Governance.Meetings.Security;
using Governance.ServiceDefaults.Security;

namespace Governance.Host;

/// <summary>
/// <c>Governance.Host token --subject alice --roles secretariat,body_member --bodies direktionen --units ØDC</c>:
/// prints a development token from the embedded default's issuer. Without --bodies the roles apply
/// to every body ("*"), without --units to every unit ("*"). Refused where an authority is
/// configured: there tokens come from the municipality's identity provider.
/// </summary>
internal static class TokenCommand
{
    public static int Run(string[] args, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (options.IsConfigured || !EmbeddedMode.IsEmbedded(configuration))
        {
            Console.Error.WriteLine("Development tokens exist only in the embedded default; get tokens from your OpenID Connect provider.");
            return 2;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"usage: token --subject NAME --roles {string.Join(",", HostClaims.Roles)} [--bodies BODY,...] [--units UNIT,...] [--hours N]");
                return 2;
            }
            values[args[i][2..]] = args[++i];
        }
        var roles = Split(values.GetValueOrDefault("roles") ?? $"{MeetingsRoles.Secretariat},{MeetingsRoles.BodyMember}");
        var unknown = roles.Except(HostClaims.Roles).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"unknown role(s) {string.Join(", ", unknown)}; known: {string.Join(", ", HostClaims.Roles)}");
            return 2;
        }
        if (!double.TryParse(values.GetValueOrDefault("hours") ?? "8", System.Globalization.CultureInfo.InvariantCulture, out var hours) || hours <= 0 || hours > 24 * 30)
        {
            Console.Error.WriteLine("--hours must be a number of hours between 0 and 720");
            return 2;
        }
        var issuer = TokenIssuer.LoadOrCreateDevelopment(
            Path.GetFullPath(configuration["Governance:DataDirectory"] ?? "data"), options.Audience);
        Console.WriteLine(issuer.Issue(values.GetValueOrDefault("subject") ?? "developer", roles,
            HostClaims.Scopes(Split(values.GetValueOrDefault("bodies") ?? Caller.Everything), Split(values.GetValueOrDefault("units") ?? Caller.Everything)),
            TimeSpan.FromHours(hours)));
        return 0;
    }

    private static List<string> Split(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
