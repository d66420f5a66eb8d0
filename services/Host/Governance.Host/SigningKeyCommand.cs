using Governance.ServiceDefaults.Security;

namespace Governance.Host;

/// <summary>
/// <c>Governance.Host signing-key --key FILE --jwks FILE</c>: makes an RSA signing key at <c>--key</c>
/// (PEM, readable by the owner only) unless one is there, and writes its public half as a JWKS document
/// to <c>--jwks</c>, for hosts' <c>Governance:Auth:SigningKeysFile</c>. The compose file's development
/// identity: a fresh key per environment, never committed, that tokens from <c>token --signing-key</c>
/// are signed with and that only the hosts given that JWKS trust.
/// </summary>
internal static class SigningKeyCommand
{
    private const string Usage = "usage: signing-key --key FILE --jwks FILE";

    public static int Run(string[] args)
    {
        if (args is not ["--key", var key, "--jwks", var jwks] || string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(jwks))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var existed = File.Exists(key);
        TokenIssuer issuer;
        try
        {
            // The issuer and audience are the token command's business; the key file holds only the key.
            issuer = TokenIssuer.LoadOrCreate(key, "urn:governance:unused", "unused");
            File.WriteAllText(jwks, issuer.PublicJwks());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            Console.Error.WriteLine($"signing-key: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
        Console.Error.WriteLine($"{(existed ? "Kept the signing key" : "Made a NEW signing key")} {Path.GetFullPath(key)} (key id {issuer.SigningKey.KeyId}); " +
            $"its public half is in {Path.GetFullPath(jwks)}.");
        return 0;
    }
}
