using Governance.Audit.V1;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Reminders.Tests.Api;

/// <summary>
/// A call refused by role policy, before the Reminders service runs, is in the Reminders audit log as
/// DENIED with the caller's subject and roles, the method, and the reminder the request named; a
/// refusal by the service itself (the secretariat of another body) is DENIED too, on the body; a call
/// without a token has no subject and is not audited.
/// </summary>
public abstract class RoleRefusalAuditTests(IApiHost host) : RemindersApiTestBase(host)
{
    [Fact]
    public async Task A_refusal_by_role_is_in_the_reminders_audit_log_as_denied()
    {
        var body = UniqueBody();
        var reminder = await CreateAsync(body, NewReminder());
        var subject = $"medlem-{Guid.NewGuid():N}"[..19];
        using var memberChannel = Host.Server.CreateChannel(Host.Server.Tokens!.Issue(subject, [RemindersRoles.BodyMember], [RemindersClaims.ForBodies(Caller.Everything)]));
        using var anonymousChannel = Host.Server.CreateChannel(null);
        using var auditorChannel = Host.Server.CreateChannel(Host.Server.Tokens!.Issue($"revisor-{Guid.NewGuid():N}", [PlatformRoles.Auditor]));
        var member = new RemindersService.RemindersServiceClient(memberChannel);
        var anonymous = new RemindersService.RemindersServiceClient(anonymousChannel);
        var auditor = new RemindersService.RemindersServiceClient(auditorChannel);
        var done = new ChangeReminderStateRequest { Name = reminder.Name, State = ReminderState.Done };

        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => anonymous.ChangeReminderStateAsync(done, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        // A member reads the list but does not keep it (reminders.manage is the secretariat's).
        await AuthorizationAssert.PermissionDenied(() => member.ChangeReminderStateAsync(done, cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "ChangeReminderState as body_member");

        var entry = Assert.Single((await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = subject }, cancellationToken: Ct)).Entries);
        Assert.Equal((AuditAction.Denied, reminder.Name, "/governance.reminders.v1.RemindersService/ChangeReminderState"), (entry.Action, entry.Resource, entry.Method));
        Assert.Equal([RemindersRoles.BodyMember], entry.Roles);
        // The body's log: the reminder's creation and the one refusal, none for the call without a token.
        var log = (await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = body }, cancellationToken: Ct)).Entries;
        Assert.Equal(subject, Assert.Single(log, e => e.Action == AuditAction.Denied).Subject);
        Assert.Equal(ReminderState.Open, (await GetAsync(reminder.Name)).State);
    }

    [Fact]
    public async Task A_change_to_another_bodys_list_is_refused_and_audited_as_denied_on_the_body()
    {
        var body = UniqueBody();
        var reminder = await CreateAsync(body, NewReminder());
        var subject = $"sekr-{Guid.NewGuid():N}"[..17];
        using var channel = Host.Server.CreateChannel(Host.Server.Tokens!.Issue(subject, [RemindersRoles.Secretariat], [RemindersClaims.ForBodies("anden-bestyrelse")]));
        using var auditorChannel = Host.Server.CreateChannel(Host.Server.Tokens!.Issue($"revisor-{Guid.NewGuid():N}", [PlatformRoles.Auditor]));
        var secretariat = new RemindersService.RemindersServiceClient(channel);
        var auditor = new RemindersService.RemindersServiceClient(auditorChannel);

        await AuthorizationAssert.PermissionDenied(() => secretariat.ChangeReminderStateAsync(
            new ChangeReminderStateRequest { Name = reminder.Name, State = ReminderState.Dropped }, cancellationToken: Ct).ResponseAsync,
            ApiAssert.Domain, "BODY_NOT_SERVED", "ChangeReminderState as the secretariat of another body");

        var entry = Assert.Single((await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = subject }, cancellationToken: Ct)).Entries);
        Assert.Equal((AuditAction.Denied, body, "/governance.reminders.v1.RemindersService/ChangeReminderState"), (entry.Action, entry.Resource, entry.Method));
        Assert.Equal(reminder.Etag, (await GetAsync(reminder.Name)).Etag);
    }
}

public sealed class RoleRefusalAuditSqliteTests(SqliteApiHost host) : RoleRefusalAuditTests(host), IClassFixture<SqliteApiHost>;

public sealed class RoleRefusalAuditPostgresTests(PostgresApiHost host) : RoleRefusalAuditTests(host), IClassFixture<PostgresApiHost>;
