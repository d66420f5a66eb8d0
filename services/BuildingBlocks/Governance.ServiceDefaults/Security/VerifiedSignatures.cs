using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// The token handler's crypto provider factory, which remembers the signatures it has verified: a
/// caller sends the same bearer token on every call, and checking its RSA signature again was the
/// largest part of a read's CPU. Only the signature check is remembered, for exactly the same signed
/// bytes, signature, key (the same key object the handler picked for this token, so a key no longer
/// trusted is never asked) and algorithm; every other check of the token (lifetime, issuer, audience,
/// the subject) still runs on every call. An entry is kept <see cref="EntryLifetime"/> at most, and at
/// most <see cref="MaxEntries"/> of them.
/// </summary>
public sealed class VerifiedSignatures : CryptoProviderFactory
{
    /// <summary>How many verified signatures are kept (one a caller's token, roughly).</summary>
    public const int MaxEntries = 1024;

    /// <summary>How long a verified signature is remembered.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public VerifiedSignatures(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>How many verified signatures are kept now (tests).</summary>
    public int Count => _verified.Count;

    // The two-argument CreateForVerifying goes through this one.
    public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm, bool cacheProvider) =>
        new Remembering(base.CreateForVerifying(key, algorithm, cacheProvider), this);

    public override void ReleaseSignatureProvider(SignatureProvider signatureProvider) =>
        base.ReleaseSignatureProvider(signatureProvider is Remembering remembering ? remembering.Inner : signatureProvider);

    private bool Verify(SignatureProvider inner, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature, Func<bool> verify)
    {
        var id = Convert.ToBase64String(signature);
        var now = _clock.GetTimestamp();
        if (_verified.TryGetValue(id, out var known)
            && ReferenceEquals(known.Key, inner.Key)
            && string.Equals(known.Algorithm, inner.Algorithm, StringComparison.Ordinal)
            && input.SequenceEqual(known.Input)
            && _clock.GetElapsedTime(known.VerifiedAt, now) < EntryLifetime)
        {
            return true;
        }
        if (!verify())
        {
            return false;
        }
        if (_verified.Count >= MaxEntries)
        {
            // Bounded: start over rather than track which entry is oldest.
            _verified.Clear();
        }
        _verified[id] = new Verified(inner.Key, inner.Algorithm, input.ToArray(), now);
        return true;
    }

    private sealed record Verified(SecurityKey Key, string Algorithm, byte[] Input, long VerifiedAt);

    /// <summary>Verifies through the factory's memory; signs nothing (a verifying provider).</summary>
    private sealed class Remembering(SignatureProvider inner, VerifiedSignatures memory) : SignatureProvider(inner.Key, inner.Algorithm)
    {
        public SignatureProvider Inner => inner;

        public override bool Verify(byte[] input, byte[] signature) =>
            memory.Verify(inner, input, signature, () => inner.Verify(input, signature));

        public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength) =>
            memory.Verify(inner, input.AsSpan(inputOffset, inputLength), signature.AsSpan(signatureOffset, signatureLength),
                () => inner.Verify(input, inputOffset, inputLength, signature, signatureOffset, signatureLength));

        public override byte[] Sign(byte[] input) => inner.Sign(input);

        protected override void Dispose(bool disposing)
        {
            // The inner provider is the factory's to release (ReleaseSignatureProvider).
        }
    }
}
