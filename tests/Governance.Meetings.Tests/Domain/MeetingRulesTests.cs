using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Tests.Domain;

public sealed class MeetingRulesTests
{
    private static readonly DateTime Now = new(2017, 3, 9, 12, 0, 0, DateTimeKind.Utc);

    private static MeetingRecord Meeting(MeetingState state, string id = "m1", DateTime? startUtc = null) => new()
    {
        Id = id,
        BodyId = "direktionen",
        StartLocal = new DateTime(2017, 3, 9, 8, 30, 0),
        StartUtc = startUtc ?? new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc),
        Title = "Heldagsmøde",
        State = state,
        Version = 4,
    };

    private const string StateReason = "MEETING_STATE";
    private const string ApprovedReason = "MINUTES_APPROVED";

    /// <summary>Each rule, and per state the reason it fails with (null: allowed).</summary>
    private static readonly Dictionary<string, (Action<MeetingRecord> Act, Func<MeetingState, string?> Expected)> Rules = new()
    {
        ["PublishAgenda"] = (m => MeetingRules.PublishAgenda(m, 3, Now), s => Only(s, MeetingState.Planned)),
        ["MarkHeld"] = (m => MeetingRules.MarkHeld(m, Now), s => Only(s, MeetingState.AgendaPublished)),
        ["ApproveMinutes"] = (m => MeetingRules.ApproveMinutes(m, Now), s => Only(s, MeetingState.Held)),
        ["Cancel"] = (m => MeetingRules.Cancel(m, "Sygdom"), s => Only(s, MeetingState.Planned, MeetingState.AgendaPublished)),
        ["EnsureCanUpdate"] = (MeetingRules.EnsureCanUpdate, s => Only(s, MeetingState.Planned, MeetingState.AgendaPublished)),
        ["EnsureCanChangeItems"] = (m => MeetingRules.EnsureCanChangeItems(m), s => Only(s, MeetingState.Planned, MeetingState.AgendaPublished)),
        ["EnsureAgendaUnpublished"] = (m => MeetingRules.EnsureAgendaUnpublished(m, "reorder the agenda"), s => Only(s, MeetingState.Planned)),
        ["EnsureCanRecordDecision"] = (m => MeetingRules.EnsureCanRecordDecision(m, isCorrection: false),
            s => s == MeetingState.MinutesApproved ? ApprovedReason : Only(s, MeetingState.AgendaPublished, MeetingState.Held)),
        ["EnsureCanRecordDecision(correction)"] = (m => MeetingRules.EnsureCanRecordDecision(m, isCorrection: true),
            s => Only(s, MeetingState.AgendaPublished, MeetingState.Held, MeetingState.MinutesApproved)),
        ["EnsureCanEditDecision"] = (MeetingRules.EnsureCanEditDecision,
            s => s == MeetingState.MinutesApproved ? ApprovedReason : Only(s, MeetingState.AgendaPublished, MeetingState.Held)),
        ["EnsureCanReceivePostponedItem"] = (
            m => MeetingRules.EnsureCanReceivePostponedItem(
                Meeting(MeetingState.Held, "earlier", new DateTime(2017, 3, 1, 7, 30, 0, DateTimeKind.Utc)), m),
            s => Only(s, MeetingState.Planned, MeetingState.AgendaPublished)),
    };

    private static string? Only(MeetingState state, params MeetingState[] allowed) => allowed.Contains(state) ? null : StateReason;

    public static TheoryData<string, MeetingState> EveryRuleInEveryState()
    {
        var data = new TheoryData<string, MeetingState>();
        foreach (var rule in Rules.Keys)
        {
            foreach (var state in Enum.GetValues<MeetingState>())
            {
                data.Add(rule, state);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRuleInEveryState))]
    public void Rule_allows_exactly_its_states(string rule, MeetingState state)
    {
        var (act, expected) = Rules[rule];
        var meeting = Meeting(state);
        var reason = expected(state);
        if (reason is null)
        {
            act(meeting);
            return;
        }
        var ex = Assert.Throws<FailedPreconditionException>(() => act(meeting));
        Assert.Equal(reason, ex.Reason);
        Assert.Contains("meetings/m1", ex.Message);
        if (reason == StateReason)
        {
            // The message says which state the meeting is in, and the metadata names it for clients.
            Assert.Contains($" is {MeetingRules.Describe(state)};", ex.Message);
            Assert.Equal(state.ToString(), ex.Metadata["state"]);
            Assert.Equal("meetings/m1", ex.Metadata["meeting"]);
        }
        else
        {
            Assert.Contains("approved", ex.Message);
            Assert.Contains("correction", ex.Message);
        }
    }

    [Fact]
    public void Every_state_has_a_description()
    {
        Assert.Equal("planned (agenda not yet published)", MeetingRules.Describe(MeetingState.Planned));
        Assert.Equal("agenda published", MeetingRules.Describe(MeetingState.AgendaPublished));
        Assert.Equal("held", MeetingRules.Describe(MeetingState.Held));
        Assert.Equal("minutes approved (locked)", MeetingRules.Describe(MeetingState.MinutesApproved));
        Assert.Equal("cancelled", MeetingRules.Describe(MeetingState.Cancelled));
    }

    [Fact]
    public void State_message_names_action_state_and_what_is_needed()
    {
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.MarkHeld(Meeting(MeetingState.Cancelled), Now));
        Assert.Equal(
            "Cannot mark the meeting held: meetings/m1 is cancelled; this needs a meeting that is agenda published.",
            ex.Message);
        var cancel = Assert.Throws<FailedPreconditionException>(() => MeetingRules.Cancel(Meeting(MeetingState.Held), "x"));
        Assert.Equal(
            "Cannot cancel the meeting: meetings/m1 is held; this needs a meeting that is planned (agenda not yet published) or agenda published.",
            cancel.Message);
        var reorder = Assert.Throws<FailedPreconditionException>(
            () => MeetingRules.EnsureAgendaUnpublished(Meeting(MeetingState.AgendaPublished), "reorder the agenda"));
        Assert.StartsWith("Cannot reorder the agenda: ", reorder.Message);
    }

    [Fact]
    public void Publishing_sets_state_and_time_and_keeps_the_rest()
    {
        var before = Meeting(MeetingState.Planned);
        var after = MeetingRules.PublishAgenda(before, 1, Now);
        Assert.Equal(MeetingState.AgendaPublished, after.State);
        Assert.Equal(Now, after.AgendaPublishedAt);
        Assert.Equal(before with { State = MeetingState.AgendaPublished, AgendaPublishedAt = Now }, after);
        Assert.Equal(MeetingState.Planned, before.State);
    }

    [Fact]
    public void Publishing_an_empty_agenda_is_refused()
    {
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.PublishAgenda(Meeting(MeetingState.Planned), 0, Now));
        Assert.Equal("AGENDA_EMPTY", ex.Reason);
        Assert.Contains("meetings/m1", ex.Message);
        Assert.Contains("no items", ex.Message);
    }

    [Fact]
    public void Publishing_in_the_wrong_state_reports_the_state_before_emptiness()
    {
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.PublishAgenda(Meeting(MeetingState.Held), 0, Now));
        Assert.Equal("MEETING_STATE", ex.Reason);
    }

    [Fact]
    public void Marking_held_approving_and_cancelling_set_their_fields()
    {
        var held = MeetingRules.MarkHeld(Meeting(MeetingState.AgendaPublished), Now);
        Assert.Equal(MeetingState.Held, held.State);
        Assert.Equal(Now, held.HeldAt);

        var approved = MeetingRules.ApproveMinutes(held, Now.AddDays(7));
        Assert.Equal(MeetingState.MinutesApproved, approved.State);
        Assert.Equal(Now.AddDays(7), approved.MinutesApprovedAt);
        Assert.Equal(Now, approved.HeldAt);

        var cancelled = MeetingRules.Cancel(Meeting(MeetingState.AgendaPublished), "Direktøren er syg");
        Assert.Equal(MeetingState.Cancelled, cancelled.State);
        Assert.Equal("Direktøren er syg", cancelled.CancelReason);
    }

    [Theory]
    [InlineData(MeetingState.Planned, false)]
    [InlineData(MeetingState.AgendaPublished, true)]
    public void Changing_items_after_publication_is_a_supplement(MeetingState state, bool supplement) =>
        Assert.Equal(supplement, MeetingRules.EnsureCanChangeItems(Meeting(state)));

    [Fact]
    public void An_item_cannot_be_postponed_to_its_own_meeting()
    {
        var meeting = Meeting(MeetingState.AgendaPublished);
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.EnsureCanReceivePostponedItem(meeting, meeting));
        Assert.Equal("POSTPONE_TARGET_INVALID", ex.Reason);
        Assert.Contains("meeting it is on", ex.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void An_item_cannot_be_postponed_to_an_earlier_or_simultaneous_meeting(int days)
    {
        var source = Meeting(MeetingState.Held, "source");
        var target = Meeting(MeetingState.Planned, "target", source.StartUtc.AddDays(days));
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.EnsureCanReceivePostponedItem(source, target));
        Assert.Equal("POSTPONE_TARGET_INVALID", ex.Reason);
        Assert.Contains("meetings/target starts before meetings/source", ex.Message);
    }

    [Theory]
    [InlineData(MeetingState.Held)]
    [InlineData(MeetingState.MinutesApproved)]
    [InlineData(MeetingState.Cancelled)]
    public void An_item_cannot_be_postponed_to_a_later_meeting_that_is_held_or_cancelled(MeetingState targetState)
    {
        var source = Meeting(MeetingState.Held, "source");
        var target = Meeting(targetState, "target", source.StartUtc.AddDays(7));
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.EnsureCanReceivePostponedItem(source, target));
        Assert.Equal("MEETING_STATE", ex.Reason);
        Assert.Contains("meetings/target", ex.Message);
        Assert.Contains(MeetingRules.Describe(targetState), ex.Message);
    }

    [Theory]
    [InlineData(MeetingState.Planned)]
    [InlineData(MeetingState.AgendaPublished)]
    public void An_item_can_be_postponed_to_a_later_open_meeting(MeetingState targetState)
    {
        var source = Meeting(MeetingState.Held, "source");
        MeetingRules.EnsureCanReceivePostponedItem(source, Meeting(targetState, "target", source.StartUtc.AddMinutes(1)));
    }

    [Fact]
    public void An_item_cannot_be_postponed_to_a_meeting_of_another_body_that_is_a_referral()
    {
        var source = Meeting(MeetingState.Held, "source");
        var target = Meeting(MeetingState.Planned, "target", source.StartUtc.AddDays(7)) with { BodyId = "hovedudvalget" };
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.EnsureCanReceivePostponedItem(source, target));
        Assert.Equal("POSTPONEMENT_OTHER_BODY", ex.Reason);
        Assert.Contains("meetings/target is a meeting of bodies/hovedudvalget", ex.Message);
        Assert.Contains("its own body (bodies/direktionen)", ex.Message);
        Assert.Contains("referral", ex.Message);
        Assert.Contains("'referrals'", ex.Message);
        Assert.Equal("bodies/hovedudvalget", ex.Metadata["target_body"]);
    }

    [Fact]
    public void Another_body_is_reported_before_the_target_state()
    {
        var source = Meeting(MeetingState.Held, "source");
        var target = Meeting(MeetingState.Cancelled, "target", source.StartUtc.AddDays(-7)) with { BodyId = "hovedudvalget" };
        var ex = Assert.Throws<FailedPreconditionException>(() => MeetingRules.EnsureCanReceivePostponedItem(source, target));
        Assert.Equal("POSTPONEMENT_OTHER_BODY", ex.Reason);
    }

    private static ItemRecord Standing(string title, ItemKind kind = ItemKind.Standing) =>
        new() { Id = "i1", MeetingId = "m1", JournalNumber = "16/26813", Title = title, Kind = kind };

    private static MeetingRecord Moved(MeetingRecord meeting, DateTime local) => meeting with { StartLocal = local };

    [Fact]
    public void Moving_a_planned_meeting_re_dates_a_standing_title_that_ends_with_its_date()
    {
        var before = Meeting(MeetingState.Planned);
        var after = Moved(before, new DateTime(2017, 3, 16, 10, 0, 0));
        Assert.Equal("Økonomiopfølgning - 16-03-2017",
            MeetingRules.RedatedStandingItemTitle(before, after, Standing("Økonomiopfølgning - 09-03-2017")));
    }

    [Theory]
    [InlineData(MeetingState.AgendaPublished, "Økonomiopfølgning - 09-03-2017", ItemKind.Standing)] // published: titles stay
    [InlineData(MeetingState.Planned, "Øvrige sager", ItemKind.Standing)] // no date in the title
    [InlineData(MeetingState.Planned, "Økonomiopfølgning - 09-03-2017 (rettet)", ItemKind.Standing)] // the date is not at the end
    [InlineData(MeetingState.Planned, "Økonomiopfølgning - 02-03-2017", ItemKind.Standing)] // another date than the meeting's
    [InlineData(MeetingState.Planned, "Regnskab - 09-03-2017", ItemKind.Ordinary)] // not a standing item
    public void Other_titles_stay(MeetingState state, string title, ItemKind kind)
    {
        var before = Meeting(state);
        var after = Moved(before, new DateTime(2017, 3, 16, 8, 30, 0));
        Assert.Null(MeetingRules.RedatedStandingItemTitle(before, after, Standing(title, kind)));
    }

    [Fact]
    public void Moving_a_meeting_within_its_day_leaves_the_title()
    {
        var before = Meeting(MeetingState.Planned);
        Assert.Null(MeetingRules.RedatedStandingItemTitle(before, Moved(before, new DateTime(2017, 3, 9, 13, 0, 0)),
            Standing("Økonomiopfølgning - 09-03-2017")));
    }

    [Fact]
    public void Changing_a_meeting_re_dates_its_standing_items_and_nothing_else()
    {
        var before = Meeting(MeetingState.Planned);
        var after = Moved(before, new DateTime(2017, 3, 16, 10, 0, 0)) with { Title = "Flyttet" };
        var dated = Standing("Økonomiopfølgning - 09-03-2017") with { Version = 2 };
        var other = Standing("Eventuelt") with { Id = "i2" };

        var (meeting, redated) = MeetingRules.Change(before, after, [dated, other], Now);

        Assert.Equal(after, meeting);
        Assert.Equal(dated with { Title = "Økonomiopfølgning - 16-03-2017", Version = 3, UpdatedAt = Now }, Assert.Single(redated));
        Assert.Equal("MEETING_STATE", Assert.Throws<FailedPreconditionException>(
            () => MeetingRules.Change(Meeting(MeetingState.Held), after, [], Now)).Reason);
    }

    [Fact]
    public void A_new_meeting_takes_the_bodys_room_and_members_unless_given()
    {
        var member = new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Chair };
        var guest = new BodyMember { DisplayName = "Jens Hansen", Role = MemberRole.Member };
        var body = new BodyRecord { Id = "direktionen", DisplayName = "Direktionen", UsualRoom = "Mødelokale 1", Members = [member] };
        var draft = Meeting(MeetingState.Held, "ignored") with { BodyId = "other", Room = "", Participants = [] };

        var scheduled = MeetingRules.Schedule(body, draft, Now);

        Assert.NotEqual("ignored", scheduled.Id);
        Assert.Equal(("direktionen", MeetingState.Planned, "Mødelokale 1", 1L, Now, Now),
            (scheduled.BodyId, scheduled.State, scheduled.Room, scheduled.Version, scheduled.CreatedAt, scheduled.UpdatedAt));
        Assert.Equal([member], scheduled.Participants);

        var given = MeetingRules.Schedule(body, draft with { Room = "Rådhuset", Participants = [guest] }, Now);
        Assert.Equal(("Rådhuset", guest), (given.Room, Assert.Single(given.Participants)));
    }
}
