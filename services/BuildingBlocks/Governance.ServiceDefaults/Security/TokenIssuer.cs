using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// Signs bearer tokens with an RSA key. The embedded default has one of its own (the development
/// issuer), so a one-command start needs no identity provider: its key lives in the data directory,
/// created on first use and readable by the owner only. It is never used when an authority or
/// signing keys are configured. Tests use other instances as a stand-in identity provider.
/// </summary>
public sealed class TokenIssuer
{
    public const string DevelopmentIssuer = "urn:governance:development";
    public const string DevelopmentKeyFile = "dev-token-signing-key.pem";

    private readonly RsaSecurityKey _key;

    public TokenIssuer(string issuer, RSA rsa, string audience)
    {
        Issuer = issuer;
        Audience = audience;
        _key = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16] };
    }

    public string Issuer { get; }

    public string Audience { get; }

    public SecurityKey SigningKey => _key;

    /// <summary>The embedded default's issuer, with its key under <paramref name="dataDirectory"/>.</summary>
    public static TokenIssuer LoadOrCreateDevelopment(string dataDirectory, string audience)
    {
        Directory.CreateDirectory(dataDirectory);
        return LoadOrCreate(Path.Combine(dataDirectory, DevelopmentKeyFile), DevelopmentIssuer, audience);
    }

    /// <summary>An issuer signing with the RSA key in <paramref name="keyFile"/> (PEM), created there,
    /// readable by the owner only, when there is none yet.</summary>
    public static TokenIssuer LoadOrCreate(string keyFile, string issuer, string audience)
    {
        if (File.Exists(keyFile))
        {
            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            // The key signs tokens for every role: keep it the owner's only, however it was made (and
            // touch nothing when it already is: the file may be on a read-only mount).
            if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(keyFile) != ownerOnly)
            {
                File.SetUnixFileMode(keyFile, ownerOnly);
            }
            return Load(keyFile, issuer, audience);
        }
        var rsa = RSA.Create(2048);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var writer = new StreamWriter(keyFile, options);
            writer.Write(rsa.ExportRSAPrivateKeyPem());
        }
        catch (IOException) when (File.Exists(keyFile))
        {
            // Another process created it first: use that key.
            rsa.ImportFromPem(File.ReadAllText(keyFile));
        }
        return new TokenIssuer(issuer, rsa, audience);
    }

    /// <summary>An issuer signing with the RSA key in <paramref name="keyFile"/> (PEM), which must exist;
    /// the file is only read.</summary>
    public static TokenIssuer Load(string keyFile, string issuer, string audience)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(keyFile));
        return new TokenIssuer(issuer, rsa, audience);
    }

    /// <summary>A signed token for a subject with roles and further claims (each with its values;
    /// a claim without values is left out). Always with a subject: hosts refuse a token without one.</summary>
    public string Issue(string subject, IEnumerable<string> roles, IEnumerable<TokenClaim>? claims = null,
        TimeSpan? lifetime = null, DateTime? now = null, string? audience = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var issuedAt = now ?? DateTime.UtcNow;
        var values = new Dictionary<string, object> { ["roles"] = roles.ToArray() };
        foreach (var claim in claims ?? [])
        {
            if (claim.Values.Count > 0)
            {
                values[claim.Type] = claim.Values.ToArray();
            }
        }
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = values,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The public key as a JWKS document, for <c>Governance:Auth:SigningKeysFile</c>.</summary>
    public string PublicJwks()
    {
        var parameters = _key.Rsa.ExportParameters(includePrivateParameters: false);
        var key = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = _key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        return JsonSerializer.Serialize(new { keys = new[] { key } });
    }
}
