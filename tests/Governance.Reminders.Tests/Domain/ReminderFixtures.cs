using Governance.Reminders.Domain;

namespace Governance.Reminders.Tests.Domain;

/// <summary>Records for the domain tests: a reminder on a body's list as the store would hold it.</summary>
internal static class ReminderFixtures
{
    public static readonly DateTime Created = new(2014, 8, 11, 10, 0, 0, DateTimeKind.Utc);

    public static ReminderRecord Reminder(string subject = "Regnskab 2014 - status", ExpectedTime? time = null, int position = 1) => new()
    {
        Id = "r1",
        BodyId = "direktionen",
        Subject = subject,
        Responsible = new Responsible(["ØDC"], false),
        ExpectedTime = time ?? new ExpectedTime.OnDate(new DateOnly(2014, 8, 28)),
        Position = position,
        NextDueAt = new DateTime(2014, 8, 28, 6, 0, 0, DateTimeKind.Utc),
        CreatedAt = Created,
        UpdatedAt = Created,
    };

    public static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);
}
