using Google.Protobuf.WellKnownTypes;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Grpc.Core;

namespace Governance.Reminders.Tests.Api;

/// <summary>The catalogue of statutory deadlines: shipped with the service, editable by a secretariat
/// of every body, enabled on a body's list as recurring reminders.</summary>
public abstract class StatutoryDeadlinesApiTests(IApiHost host) : RemindersApiTestBase(host)
{
    private async Task<IReadOnlyList<StatutoryDeadline>> CatalogueAsync()
    {
        var all = new List<StatutoryDeadline>();
        var token = "";
        do
        {
            var page = await Client.ListStatutoryDeadlinesAsync(new ListStatutoryDeadlinesRequest { PageSize = 3, PageToken = token }, cancellationToken: Ct);
            all.AddRange(page.StatutoryDeadlines);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    [Fact]
    public async Task The_catalogue_holds_the_deadlines_the_minutes_name()
    {
        var catalogue = await CatalogueAsync();

        Assert.Equal(catalogue.Select(d => d.Name).Order(StringComparer.Ordinal), catalogue.Select(d => d.Name));
        var names = catalogue.Select(d => d.Name).ToHashSet();
        foreach (var key in new[] { "regnskab-til-revision", "revisionsberetning", "regnskab-til-tilsyn", "sjette-ferieuge-medarbejdere",
            "sjette-ferieuge-kollektiv-meddelelse", "ligestillingsredegoerelse", "apv" })
        {
            Assert.Contains($"statutoryDeadlines/{key}", names);
        }
        var audit = catalogue.Single(d => d.Name == "statutoryDeadlines/revisionsberetning");
        Assert.Equal("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15", audit.ExpectedTime.Recurrence.Rrule);
        Assert.Equal("Inden 15. juni", audit.ExpectedTime.Text);
        Assert.Equal(["ØDC"], audit.Responsible);
        Assert.NotEmpty(audit.LegalBasis);
    }

    [Fact]
    public async Task Enabling_a_deadline_puts_it_on_the_list_once_and_again_after_it_was_dropped()
    {
        var body = UniqueBody();
        await CreateAsync(body, NewReminder("Første sag"));
        var apv = await Client.EnableStatutoryDeadlineAsync(new EnableStatutoryDeadlineRequest { Parent = body, StatutoryDeadline = "statutoryDeadlines/apv" }, cancellationToken: Ct);

        Assert.Equal(ReminderOrigin.StatutoryDeadline, apv.Origin);
        Assert.Equal("statutoryDeadlines/apv", apv.StatutoryDeadline);
        Assert.Equal("Arbejdspladsvurdering (APV)", apv.Subject);
        Assert.Equal("Mindst hvert 3. år", apv.ExpectedTime.Text);
        Assert.Equal(2, apv.Position);
        Assert.NotNull(apv.NextDueTime);

        var error = await ApiAssert.RpcError(StatusCode.AlreadyExists,
            () => Client.EnableStatutoryDeadlineAsync(new EnableStatutoryDeadlineRequest { Parent = body, StatutoryDeadline = "statutoryDeadlines/apv" }, cancellationToken: Ct),
            "DEADLINE_ALREADY_ENABLED");
        Assert.Equal(apv.Name, error.Info.Metadata["resource"]);

        var dropped = await ChangeStateAsync(apv, ReminderState.Dropped);
        var again = await Client.EnableStatutoryDeadlineAsync(new EnableStatutoryDeadlineRequest { Parent = body, StatutoryDeadline = "statutoryDeadlines/apv" }, cancellationToken: Ct);
        Assert.Equal(apv.Name, again.Name);
        Assert.Equal(ReminderState.Open, again.State);
        Assert.Equal(2, again.Position);
        Assert.NotEqual(dropped.Etag, again.Etag);
        Assert.Equal(2, (await ListAsync(body, ReminderState.Open)).Count);

        await ApiAssert.RpcError(StatusCode.NotFound,
            () => Client.EnableStatutoryDeadlineAsync(new EnableStatutoryDeadlineRequest { Parent = body, StatutoryDeadline = "statutoryDeadlines/ingen" }, cancellationToken: Ct));
        await ApiAssert.InvalidArgument(
            () => Client.EnableStatutoryDeadlineAsync(new EnableStatutoryDeadlineRequest { Parent = body, StatutoryDeadline = "apv" }, cancellationToken: Ct),
            "statutory_deadline");
    }

    [Fact]
    public async Task Only_a_secretariat_of_every_body_changes_the_catalogue_and_only_with_a_recurrence()
    {
        var catalogue = await CatalogueAsync();
        var entry = catalogue.Single(d => d.Name == "statutoryDeadlines/ligestillingsredegoerelse");
        var change = entry.Clone();
        change.LegalBasis = $"Ligestillingsloven § 5 ({Guid.NewGuid():N})";

        using var oneBody = Host.Server.CreateChannel(Host.Server.Tokens!.Issue("catalogue-one-body", [RemindersRoles.Secretariat], [RemindersClaims.ForBodies("direktionen")]));
        await ApiAssert.RpcError(StatusCode.PermissionDenied, () => new RemindersService.RemindersServiceClient(oneBody).UpdateStatutoryDeadlineAsync(
            new UpdateStatutoryDeadlineRequest { StatutoryDeadline = change, UpdateMask = new FieldMask { Paths = { "legal_basis" } } }, cancellationToken: Ct),
            "CATALOGUE_NOT_SERVED");

        var updated = await Client.UpdateStatutoryDeadlineAsync(new UpdateStatutoryDeadlineRequest
        {
            StatutoryDeadline = change, UpdateMask = new FieldMask { Paths = { "legal_basis" } }, Etag = entry.Etag,
        }, cancellationToken: Ct);
        Assert.Equal(change.LegalBasis, updated.LegalBasis);
        Assert.Equal(entry.Subject, updated.Subject);
        Assert.NotEqual(entry.Etag, updated.Etag);

        change.ExpectedTime = new ExpectedTime { Date = Date(2027, 5, 1) };
        await ApiAssert.InvalidArgument(() => Client.UpdateStatutoryDeadlineAsync(new UpdateStatutoryDeadlineRequest
        {
            StatutoryDeadline = change, UpdateMask = new FieldMask { Paths = { "expected_time" } },
        }, cancellationToken: Ct), "statutory_deadline.expected_time");
        await ApiAssert.RpcError(StatusCode.Aborted, () => Client.UpdateStatutoryDeadlineAsync(new UpdateStatutoryDeadlineRequest
        {
            StatutoryDeadline = change, UpdateMask = new FieldMask { Paths = { "legal_basis" } }, Etag = entry.Etag,
        }, cancellationToken: Ct).ResponseAsync);
    }
}

public sealed class StatutoryDeadlinesApiSqliteTests(SqliteApiHost host) : StatutoryDeadlinesApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class StatutoryDeadlinesApiPostgresTests(PostgresApiHost host) : StatutoryDeadlinesApiTests(host), IClassFixture<PostgresApiHost>;
