using Governance.Audit.V1;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Reminders.Tests.Api;

/// <summary>The shared audit contract (see <see cref="AuditLogContractTests{TDomain}"/>) on the Reminders
/// service: a body's list, kept by a secretariat of that body, with a reminder created and then changed.</summary>
public abstract class RemindersAuditLogTests(IApiHost host) : AuditLogContractTests<RemindersErrorDomain>(host)
{
    protected override string MethodPrefix => "/governance.reminders.v1.RemindersService/";

    protected override AsyncUnaryCall<ListAuditEntriesResponse> List(GrpcChannel channel, ListAuditEntriesRequest request) =>
        new RemindersService.RemindersServiceClient(channel).ListAuditEntriesAsync(request, cancellationToken: Ct);

    protected override async Task<string> ResourceWithChangesAsync(string subject, int changes)
    {
        var bodyId = Unique("aud");
        using var channel = Server.CreateChannel(Server.Tokens!.Issue(subject, [RemindersRoles.Secretariat], [RemindersClaims.ForBodies(bodyId)]));
        var client = new RemindersService.RemindersServiceClient(channel);
        var reminder = new Reminder { Subject = "Huskepunkt 1", ExpectedTime = new ExpectedTime { FreeText = "Efter sommerferien" } };
        reminder.Responsible.Add("ØDC");
        var created = await client.CreateReminderAsync(new CreateReminderRequest { Parent = $"bodies/{bodyId}", Reminder = reminder }, cancellationToken: Ct);
        for (var i = 1; i < changes; i++)
        {
            await client.UpdateReminderAsync(new UpdateReminderRequest
            {
                Reminder = new Reminder { Name = created.Name, Subject = $"Huskepunkt 1, ændring {i}" },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "subject" } },
            }, cancellationToken: Ct);
        }
        return created.Name;
    }
}

public sealed class RemindersAuditLogSqliteTests(SqliteApiHost host) : RemindersAuditLogTests(host), IClassFixture<SqliteApiHost>;

public sealed class RemindersAuditLogPostgresTests(PostgresApiHost host) : RemindersAuditLogTests(host), IClassFixture<PostgresApiHost>;
