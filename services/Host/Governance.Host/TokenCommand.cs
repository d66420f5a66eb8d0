using System.Security.Cryptography;
using Governance.Meetings.Security;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Security;

namespace Governance.Host;

/// <summary>
/// <c>Governance.Host token --subject alice --roles secretariat,body_member --bodies direktionen --units ØDC</c>:
/// prints a development token from the embedded default's issuer. Without --bodies the roles apply
/// to every body ("*"), without --units to every unit ("*"). Surveys: <c>--manager m1042</c> says which
/// manager a manager token is, <c>--work-environment-units odc-1</c> which units a working-environment
/// group covers (none without them). The key is the host's: the one under the
/// data directory, resolved as the host does (<c>--data-directory</c>, else <c>Governance__DataDirectory</c>,
/// else <c>./data</c> of the working directory); stderr says which key file signed. Refused where an
/// authority is configured: there tokens come from the municipality's identity provider.
/// <para>With <c>--signing-key FILE --issuer ISSUER [--audience AUDIENCE]</c> it signs with that key instead
/// (one made by the <c>signing-key</c> command, e.g. the compose file's development identity): such a
/// token is accepted only by hosts whose <c>Governance:Auth:SigningKeysFile</c> holds the key's public
/// half and whose issuer and audience match, so the embedded-default check does not apply. It never
/// creates that key.</para>
/// </summary>
internal static class TokenCommand
{
    private const string Usage =
        "usage: token [--data-directory DIR | --signing-key FILE --issuer ISSUER [--audience AUDIENCE]] --subject NAME --roles ROLE,... [--bodies BODY,...] [--units UNIT,...] [--manager ID] [--work-environment-units UNIT,...] [--hours N]";

    public static int Run(string[] args, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"{Usage} (roles: {string.Join(",", HostClaims.Roles)})");
                return 2;
            }
            values[args[i][2..]] = args[++i];
        }
        var signingKey = values.GetValueOrDefault("signing-key");
        if (signingKey is null && (options.IsConfigured || !EmbeddedMode.IsEmbedded(configuration)))
        {
            Console.Error.WriteLine("Development tokens exist only in the embedded default; get tokens from your OpenID Connect provider.");
            return 2;
        }
        if (signingKey is not null && (values.ContainsKey("data-directory") || string.IsNullOrWhiteSpace(values.GetValueOrDefault("issuer"))))
        {
            Console.Error.WriteLine("--signing-key needs --issuer (the issuer the hosts that trust the key require), and no --data-directory");
            return 2;
        }
        if (signingKey is not null && !File.Exists(signingKey))
        {
            Console.Error.WriteLine($"--signing-key {Path.GetFullPath(signingKey)} does not exist: make it with the signing-key command first");
            return 2;
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
        var subject = values.GetValueOrDefault("subject") ?? "developer";
        if (string.IsNullOrWhiteSpace(subject))
        {
            Console.Error.WriteLine("--subject must not be blank: hosts refuse a token without a subject");
            return 2;
        }
        if (signingKey is not null)
        {
            TokenIssuer keyIssuer;
            try
            {
                keyIssuer = TokenIssuer.Load(signingKey, values["issuer"], values.GetValueOrDefault("audience") ?? options.Audience);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                Console.Error.WriteLine($"--signing-key {Path.GetFullPath(signingKey)} cannot be read as a PEM RSA key ({ex.GetType().Name})");
                return 2;
            }
            Console.WriteLine(keyIssuer.Issue(subject, roles, Claims(values), TimeSpan.FromHours(hours)));
            Console.Error.WriteLine($"Signed with {Path.GetFullPath(signingKey)} for issuer {keyIssuer.Issuer}, audience {keyIssuer.Audience}.");
            return 0;
        }
        var dataDirectory = DataDirectory.Create(values.TryGetValue("data-directory", out var given)
            ? DataDirectory.Resolve(given)
            : DataDirectory.Resolve(configuration));
        var keyFile = Path.Combine(dataDirectory, TokenIssuer.DevelopmentKeyFile);
        var created = !File.Exists(keyFile);
        var issuer = TokenIssuer.LoadOrCreateDevelopment(dataDirectory, options.Audience);
        Console.WriteLine(issuer.Issue(subject, roles, Claims(values), TimeSpan.FromHours(hours)));
        // Which key signed: a host accepts the token only if it uses the same data directory.
        Console.Error.WriteLine(created
            ? $"Signed with a NEW development key {keyFile}: no host has used this data directory yet. A host accepts the token only " +
              $"with this data directory (start it here, or with {DataDirectory.Variable}={dataDirectory})."
            : $"Signed with the development key {keyFile}; a host accepts it when its data directory is {dataDirectory}.");
        return 0;
    }

    private static List<TokenClaim> Claims(Dictionary<string, string> values)
    {
        List<TokenClaim> claims =
            [.. HostClaims.Scopes(Split(values.GetValueOrDefault("bodies") ?? Caller.Everything), Split(values.GetValueOrDefault("units") ?? Caller.Everything))];
        if (values.TryGetValue("manager", out var manager))
        {
            claims.Add(SurveysClaims.ForManager(manager.Trim()));
        }
        if (values.TryGetValue("work-environment-units", out var groupUnits))
        {
            claims.Add(SurveysClaims.ForWorkEnvironmentUnits([.. Split(groupUnits)]));
        }
        return claims;
    }

    private static List<string> Split(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
