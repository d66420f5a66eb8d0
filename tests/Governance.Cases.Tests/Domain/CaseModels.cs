using Governance.Cases.Domain;

namespace Governance.Cases.Tests.Domain;

/// <summary>Records for the unit tests of the rules, the policy and the events.</summary>
internal static class CaseModels
{
    public static readonly DateTime Now = new(2026, 3, 9, 7, 30, 0, DateTimeKind.Utc);

    public static CaseRecord Case(bool confidential = false) => new()
    {
        Key = new CaseKey(26, 7),
        JournalNumber = "26/00007",
        Title = "Personalesag: tjenstlig samtale",
        Unit = "HRC",
        CaseHandler = "mette",
        Confidential = confidential,
        KleNumber = "81.03.00",
        LegalBasis = "Forvaltningsloven § 19",
        StatusReason = "Afventer partshøring",
        Version = 3,
        CreatedAt = Now.AddDays(-1),
        UpdatedAt = Now.AddDays(-1),
    };

    public static DocumentRecord Document(CaseRecord c) => new("d1", c.Key, 26, 12, "Referat af samtale", "mette", Now);
}
