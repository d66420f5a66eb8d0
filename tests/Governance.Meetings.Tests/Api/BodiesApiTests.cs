using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>CreateBody, GetBody, ListBodies, UpdateBody.</summary>
public abstract class BodiesApiTests(IApiHost host) : ApiTestBase(host)
{
    private static StandingItemTemplate[] Template =>
    [
        new() { Title = "Økonomiopfølgning", JournalNumber = "16/26813", AppendMeetingDate = true },
        new() { Title = "Øvrige sager", JournalNumber = "16/26813", AppendMeetingDate = true },
    ];

    [Fact]
    public async Task CreateBody_returns_the_body_under_the_requested_id()
    {
        var id = UniqueId("direktionen");
        var before = DateTime.UtcNow.AddMinutes(-1);

        var body = await CreateBodyAsync("Direktionen", b => b.AgendaTemplate.Add(Template), id);

        Assert.Equal($"bodies/{id}", body.Name);
        Assert.Equal("Direktionen", body.DisplayName);
        Assert.Equal("DIR", body.ShortName);
        Assert.Equal("Mødelokale B105", body.UsualRoom);
        Assert.Equal(DirektionenMembers, body.Members);
        Assert.Equal(Template, body.AgendaTemplate);
        Assert.False(string.IsNullOrEmpty(body.Etag));
        Assert.InRange(body.CreateTime.ToDateTime(), before, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(body.CreateTime, body.UpdateTime);
    }

    [Fact]
    public async Task CreateBody_without_an_id_generates_one()
    {
        var body = await Client.CreateBodyAsync(new CreateBodyRequest { Body = new Body { DisplayName = "Chefforum" } }, cancellationToken: Ct);

        Assert.Matches("^bodies/[a-z0-9][a-z0-9-]*$", body.Name);
        Assert.Equal(body, await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct));
    }

    [Fact]
    public async Task CreateBody_trims_text_and_defaults_member_roles_to_member()
    {
        var body = await CreateBodyAsync("  Hovedudvalget  ", b =>
        {
            b.Members.Clear();
            b.Members.Add(new BodyMember { DisplayName = " Lars Holte ", Unit = " ØDC " });
        });

        Assert.Equal("Hovedudvalget", body.DisplayName);
        var member = Assert.Single(body.Members);
        Assert.Equal(new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Member, Unit = "ØDC" }, member);
    }

    [Fact]
    public async Task GetBody_returns_the_stored_body()
    {
        var created = await CreateBodyAsync("Direktionen", b => b.AgendaTemplate.Add(Template));

        var read = await Client.GetBodyAsync(new GetBodyRequest { Name = created.Name }, cancellationToken: Ct);

        Assert.Equal(created, read);
    }

    [Fact]
    public async Task ListBodies_lists_created_bodies_by_name()
    {
        var prefix = UniqueId("liste");
        var names = new List<string>();
        foreach (var suffix in new[] { "c", "a", "b" })
        {
            names.Add((await CreateBodyAsync($"Udvalg {suffix}", bodyId: $"{prefix}-{suffix}")).Name);
        }

        var listed = (await Client.ListBodiesAsync(new ListBodiesRequest { PageSize = 200 }, cancellationToken: Ct)).Bodies;

        var mine = listed.Where(b => b.Name.StartsWith($"bodies/{prefix}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), mine.Select(b => b.Name));
        Assert.Equal("Udvalg a", mine[0].DisplayName);
    }

    [Fact]
    public async Task UpdateBody_with_a_mask_changes_only_the_masked_fields()
    {
        var created = await CreateBodyAsync("Direktionen", b => b.AgendaTemplate.Add(Template));

        var updated = await Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = created.Name, DisplayName = "Direktionen (ny)", UsualRoom = "Byrådssalen", ShortName = "IGNORED" },
            UpdateMask = new FieldMask { Paths = { "display_name", "usual_room" } },
            Etag = created.Etag,
        }, cancellationToken: Ct);

        Assert.Equal("Direktionen (ny)", updated.DisplayName);
        Assert.Equal("Byrådssalen", updated.UsualRoom);
        Assert.Equal("DIR", updated.ShortName);
        Assert.Equal(created.Members, updated.Members);
        Assert.Equal(created.AgendaTemplate, updated.AgendaTemplate);
        Assert.NotEqual(created.Etag, updated.Etag);
        Assert.Equal(created.CreateTime, updated.CreateTime);
        Assert.True(updated.UpdateTime.ToDateTime() >= created.UpdateTime.ToDateTime());
        Assert.Equal(updated, await Client.GetBodyAsync(new GetBodyRequest { Name = created.Name }, cancellationToken: Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UpdateBody_with_an_empty_or_star_mask_replaces_every_updatable_field(bool star)
    {
        var created = await CreateBodyAsync("Direktionen", b => b.AgendaTemplate.Add(Template));
        var replacement = new Body
        {
            Name = created.Name,
            DisplayName = "Chefforum",
            ShortName = "CF",
            Members = { new BodyMember { DisplayName = "Eva Dammas", Role = MemberRole.Chair, Unit = "BYC" } },
            UsualRoom = "Mødelokale A012",
            AgendaTemplate = { new StandingItemTemplate { Title = "Huskeliste", JournalNumber = "17/00042" } },
        };

        var updated = await Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = replacement,
            UpdateMask = star ? new FieldMask { Paths = { "*" } } : null,
        }, cancellationToken: Ct);

        Assert.Equal(replacement.DisplayName, updated.DisplayName);
        Assert.Equal(replacement.ShortName, updated.ShortName);
        Assert.Equal(replacement.Members, updated.Members);
        Assert.Equal(replacement.UsualRoom, updated.UsualRoom);
        Assert.Equal(replacement.AgendaTemplate, updated.AgendaTemplate);
    }

    [Fact]
    public async Task UpdateBody_template_is_used_by_the_next_meeting()
    {
        var body = await CreateBodyAsync();
        await Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = body.Name, AgendaTemplate = { Template } },
            UpdateMask = new FieldMask { Paths = { "agenda_template" } },
        }, cancellationToken: Ct);

        var meeting = await ScheduleAsync(body, Local(2017, 3, 9), applyTemplate: true);

        Assert.Equal(["Økonomiopfølgning - 09-03-2017", "Øvrige sager - 09-03-2017"], (await ListItemsAsync(meeting)).Select(i => i.Title));
    }
}

public sealed class BodiesApiSqliteTests(SqliteApiHost host) : BodiesApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class BodiesApiPostgresTests(PostgresApiHost host) : BodiesApiTests(host), IClassFixture<PostgresApiHost>;
