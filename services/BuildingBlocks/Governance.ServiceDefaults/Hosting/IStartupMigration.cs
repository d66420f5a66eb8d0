namespace Governance.ServiceDefaults.Hosting;

/// <summary>A service's schema migration. The host runs every registered one before it accepts
/// calls (embedded default) or as its own step (<c>migrate</c>, e.g. a Kubernetes Job).</summary>
public interface IStartupMigration
{
    string Service { get; }

    Task MigrateAsync(CancellationToken cancellationToken);
}
