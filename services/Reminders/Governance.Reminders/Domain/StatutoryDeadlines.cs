namespace Governance.Reminders.Domain;

/// <summary>A deadline the law sets, as a reminder a body can enable: a stable key, the Danish subject,
/// when (a yearly rule, or every 2nd/3rd year), who answers for it by default, and a short Danish note
/// on the legal basis. As stored, it has a version (0 as shipped, before the store holds it).</summary>
public sealed record StatutoryDeadline(string Key, string Subject, ExpectedTime.Recurring Time, Responsible DefaultResponsible, string LegalBasis)
{
    public long Version { get; init; }
    public DateTime? UpdatedAt { get; init; }

    /// <summary>"statutoryDeadlines/apv".</summary>
    public string Name => StatutoryDeadlines.NameOf(Key);
}

/// <summary>What UpdateStatutoryDeadline changes: null leaves a field as it is.</summary>
public sealed record StatutoryDeadlineChanges(string? Subject, ExpectedTime.Recurring? Time, IReadOnlyList<string>? Parties, string? LegalBasis);

/// <summary>The catalogue of statutory deadlines the minutes name, as data. The store seeds it (it is
/// editable there, and a body enables the entries it wants); the rules' DTSTART is 1 January 2026, or
/// the first occurrence from a date of the seeder's choice with <see cref="StartingFrom"/>.</summary>
public static class StatutoryDeadlines
{
    private static readonly DateOnly CatalogueStart = new(2026, 1, 1);

    private const string Accounts = "Lov om kommunernes styrelse og bekendtgørelse om kommunernes budget- og regnskabsvæsen, revision m.v.";

    private const string HolidayAgreement = "Ferieaftalen på det kommunale område om den 6. ferieuge.";

    private static readonly (string Key, string Subject, string RRule, string? Label, string Unit, string LegalBasis)[] Entries =
    [
        ("regnskab-til-revision", "Årsregnskabet aflægges til revisionen", "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", "Inden 1. maj", "ØDC",
            Accounts + " Økonomiudvalget aflægger regnskabet til revisionen inden 1. maj."),
        ("revisionsberetning", "Revisionens beretning om årsregnskabet", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15", "Inden 15. juni", "ØDC",
            Accounts + " Revisionen afgiver beretning om årsregnskabet inden 15. juni."),
        ("regnskab-til-tilsyn", "Årsregnskab og revisionsberetning sendes til tilsynsmyndigheden", "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=31", "Inden udgangen af august", "ØDC",
            Accounts + " Regnskab og beretning sendes til tilsynsmyndigheden inden udgangen af august."),
        ("sjette-ferieuge-medarbejdere", "6. ferieuge: medarbejderne meddeler, om ferieugen skal udbetales", "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1", "Senest 1. oktober", "HRC",
            HolidayAgreement + " Medarbejderen giver besked senest 1. oktober."),
        ("sjette-ferieuge-kollektiv-meddelelse", "6. ferieuge: kollektiv meddelelse til medarbejderne om reglerne", "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", "Inden 1. maj", "HRC",
            HolidayAgreement + " Meddelelsen gives inden ferieåret begynder 1. maj."),
        ("ligestillingsredegoerelse", "Ligestillingsredegørelse", "FREQ=YEARLY;INTERVAL=2", null, "HRC",
            "Ligestillingsloven § 5: kommuner udarbejder hvert andet år en redegørelse om ligestilling."),
        ("apv", "Arbejdspladsvurdering (APV)", "FREQ=YEARLY;INTERVAL=3", "Mindst hvert 3. år", "HRC",
            "Arbejdsmiljøloven § 15 a: arbejdspladsvurderingen revideres mindst hvert 3. år."),
    ];

    public const string Collection = "statutoryDeadlines";

    public static string NameOf(string key) => $"{Collection}/{key}";

    /// <summary>The entry with the changes applied, one version on.</summary>
    public static StatutoryDeadline Apply(StatutoryDeadline d, StatutoryDeadlineChanges c, DateTime now) =>
        new(d.Key, c.Subject?.Trim() ?? d.Subject, c.Time ?? d.Time,
            c.Parties is null ? d.DefaultResponsible : d.DefaultResponsible with { Parties = c.Parties }, c.LegalBasis ?? d.LegalBasis)
        {
            Version = d.Version + 1,
            UpdatedAt = now,
        };

    /// <summary>The reminder a body's list gets when it enables the deadline: the entry's subject,
    /// time and responsible, its legal basis as the notes.</summary>
    public static ReminderDraft Reminder(StatutoryDeadline d) =>
        new(d.Subject, d.DefaultResponsible, d.Time, d.LegalBasis, Closed: false, Position: 0, JournalNumber: "", Meeting: "", Decision: "");

    /// <summary>A reminder enabled before, then marked done or dropped, enabled again: open, last on the
    /// list (<paramref name="position"/>), with the catalogue's current subject, time and responsible.
    /// The occurrences marked done or skipped before stay marked (<paramref name="marked"/>).</summary>
    public static ReminderRecord Reopen(ReminderRecord r, StatutoryDeadline d, string by, DateTime now, int position, IReadOnlySet<string>? marked = null)
    {
        var draft = Reminder(d);
        return ReminderLifecycle.Change(r, V1.ReminderState.Open, by, now, position, marked) with
        {
            Subject = draft.Subject,
            Responsible = draft.Responsible,
            ExpectedTime = draft.ExpectedTime,
            Notes = draft.Notes,
            NextDueAt = ReminderEdits.NextDue(draft.ExpectedTime, now, marked),
        };
    }

    /// <summary>What a reminder enabled from <paramref name="d"/> is made from (its source), and its key:
    /// one reminder per body and deadline.</summary>
    public static (string Source, string SourceKey) SourceOf(StatutoryDeadline d, string bodyId) => (d.Name, $"{bodyId}#{d.Name}");

    /// <summary>The catalogue, its rules starting 1 January 2026.</summary>
    public static IReadOnlyList<StatutoryDeadline> All { get; } = StartingFrom(CatalogueStart);

    /// <summary>The catalogue with each rule's DTSTART at its first occurrence on or after the first day
    /// of <paramref name="from"/>'s month, 08:00 (so seeding it does not bring past deadlines due).</summary>
    public static IReadOnlyList<StatutoryDeadline> StartingFrom(DateOnly from) =>
        Entries.Select(e => new StatutoryDeadline(
            e.Key,
            e.Subject,
            new ExpectedTime.Recurring(e.RRule, ExpectedTimeText.DefaultStart(e.RRule, from)
                ?? throw new InvalidOperationException($"The catalogue's rule {e.RRule} has no occurrence."), e.Label),
            new Responsible([e.Unit], false),
            e.LegalBasis)).ToList();
}
