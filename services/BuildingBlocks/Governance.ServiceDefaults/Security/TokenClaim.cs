namespace Governance.ServiceDefaults.Security;

/// <summary>A claim to put in a token with its values: what a role applies to, in a service's terms
/// (the service names the claim; see its Security folder).</summary>
public sealed record TokenClaim(string Type, IReadOnlyList<string> Values);
