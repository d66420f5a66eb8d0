using Governance.Audit.V1;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Reminders.Tests.Api;

/// <summary>The shared audit contract (see <see cref="AuditLogContractTests{TDomain}"/>) on the Reminders
/// service: a body's list, kept by a secretariat of that body, with reminders added to it.</summary>
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
        var body = $"bodies/{bodyId}";
        for (var i = 0; i < changes; i++)
        {
            var reminder = new Reminder { Subject = $"Huskepunkt {i + 1}", ExpectedTime = new ExpectedTime { FreeText = "Efter sommerferien" } };
            reminder.Responsible.Add("ØDC");
            await client.CreateReminderAsync(new CreateReminderRequest { Parent = body, Reminder = reminder }, cancellationToken: Ct);
        }
        return body;
    }
}

public sealed class RemindersAuditLogSqliteTests(SqliteApiHost host) : RemindersAuditLogTests(host), IClassFixture<SqliteApiHost>;

public sealed class RemindersAuditLogPostgresTests(PostgresApiHost host) : RemindersAuditLogTests(host), IClassFixture<PostgresApiHost>;
