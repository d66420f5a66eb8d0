using System.Security.Cryptography;
using Governance.ServiceDefaults.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Governance.BuildingBlocks.Tests.Security;

/// <summary>A verified signature is remembered, and nothing else of a token: every other check still
/// runs on every validation, and a changed token or an untrusted key is checked afresh.</summary>
public sealed class VerifiedSignaturesTests
{
    private static readonly TokenIssuer Issuer = new("urn:test", RSA.Create(2048), "governance");
    private static readonly TokenIssuer Other = new("urn:test", RSA.Create(2048), "governance");

    private static TokenValidationParameters Parameters(VerifiedSignatures verified, SecurityKey? key = null, bool lifetime = true,
        string audience = "governance") => new()
    {
        ValidIssuer = "urn:test",
        ValidAudience = audience,
        ValidateLifetime = lifetime,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = key ?? Issuer.SigningKey,
        ClockSkew = TimeSpan.FromSeconds(30),
        CryptoProviderFactory = verified,
    };

    private static Task<TokenValidationResult> ValidateAsync(string token, TokenValidationParameters parameters) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

    [Fact]
    public async Task A_valid_token_is_verified_once_and_stays_valid()
    {
        var verified = new VerifiedSignatures();
        var token = Issuer.Issue("ada", [PlatformRoles.Auditor]);

        Assert.True((await ValidateAsync(token, Parameters(verified))).IsValid);
        Assert.Equal(1, verified.Count);
        var again = await ValidateAsync(token, Parameters(verified));

        Assert.True(again.IsValid);
        Assert.Equal("ada", again.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(1, verified.Count);
    }

    [Fact]
    public async Task The_lifetime_is_checked_on_every_validation()
    {
        var verified = new VerifiedSignatures();
        var expired = Issuer.Issue("ada", [PlatformRoles.Auditor], lifetime: TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(-2));
        Assert.True((await ValidateAsync(expired, Parameters(verified, lifetime: false))).IsValid);

        var result = await ValidateAsync(expired, Parameters(verified));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task The_audience_is_checked_on_every_validation()
    {
        var verified = new VerifiedSignatures();
        var token = Issuer.Issue("ada", [PlatformRoles.Auditor]);
        Assert.True((await ValidateAsync(token, Parameters(verified))).IsValid);

        var result = await ValidateAsync(token, Parameters(verified, audience: "another"));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task A_token_changed_after_signing_is_refused()
    {
        var verified = new VerifiedSignatures();
        var token = Issuer.Issue("ada", [PlatformRoles.Auditor]);
        Assert.True((await ValidateAsync(token, Parameters(verified))).IsValid);
        var parts = token.Split('.');
        var otherPayload = Issuer.Issue("eve", [PlatformRoles.Auditor]).Split('.')[1];

        var withOtherPayload = await ValidateAsync($"{parts[0]}.{otherPayload}.{parts[2]}", Parameters(verified));
        var withOtherSignature = await ValidateAsync($"{parts[0]}.{parts[1]}.{Other.Issue("ada", [PlatformRoles.Auditor]).Split('.')[2]}",
            Parameters(verified));

        Assert.False(withOtherPayload.IsValid);
        Assert.False(withOtherSignature.IsValid);
    }

    [Fact]
    public async Task A_key_no_longer_trusted_is_not_asked()
    {
        var verified = new VerifiedSignatures();
        var token = Issuer.Issue("ada", [PlatformRoles.Auditor]);
        Assert.True((await ValidateAsync(token, Parameters(verified))).IsValid);

        var result = await ValidateAsync(token, Parameters(verified, key: Other.SigningKey));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task At_most_the_bound_is_kept()
    {
        var verified = new VerifiedSignatures();
        for (var i = 0; i <= VerifiedSignatures.MaxEntries; i++)
        {
            Assert.True((await ValidateAsync(Issuer.Issue($"user{i}", [PlatformRoles.Auditor]), Parameters(verified))).IsValid);
        }

        Assert.InRange(verified.Count, 1, VerifiedSignatures.MaxEntries);
    }
}
