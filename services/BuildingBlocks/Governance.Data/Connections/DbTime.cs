namespace Governance.Data.Connections;

/// <summary>Instants are stored in UTC. SQLite hands DateTime back without a kind; this restores it.</summary>
public static class DbTime
{
    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    public static DateTime? Utc(DateTime? value) => value is null ? null : Utc(value.Value);
}
