using Governance.Kernel;
using Governance.ServiceDefaults.Errors;
using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>A round: what HR prepares (instruments, target units, window, release) and where it is in
/// its lifecycle. <see cref="OrganisationVersion"/> is kept at opening; the counts are of the whole
/// round. <see cref="RemindersSent"/> is how many of the reminder days have been handled.</summary>
public sealed record RoundRecord(string Id, string DisplayName, IReadOnlyList<string> InstrumentIds, IReadOnlyList<string> TargetUnits, int AnswerDays,
    DateTime? PlannedOpenTime, DateTime? ReleaseTime, IReadOnlyList<int> ReminderDays, string? PreviousRoundId)
{
    public RoundState State { get; init; } = RoundState.Draft;
    public long? OrganisationVersion { get; init; }
    public DateTime? OpenTime { get; init; }
    public DateTime? CloseTime { get; init; }
    public DateTime? ReleasedTime { get; init; }
    public int InvitedCount { get; init; }
    public int ResponseCount { get; init; }
    public int RemindersSent { get; init; }

    /// <summary>The round's e-mails sent, pending and given up (pending counted live while it is open).</summary>
    public MailTally Mails { get; init; }

    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public string Name => SurveyNames.Round(Id);

    /// <summary>The close a scheduled round plans: the planned opening plus the window.</summary>
    public DateTime? PlannedCloseTime => PlannedOpenTime?.AddDays(AnswerDays);
}

/// <summary>What UpdateRound changes: null leaves a field as it is (PreviousRoundId "" clears it).</summary>
public sealed record RoundChanges(string? DisplayName, IReadOnlyList<string>? InstrumentIds, IReadOnlyList<string>? TargetUnits, int? AnswerDays,
    DateTime? PlannedOpenTime, bool PlannedOpenTimeSet, DateTime? ReleaseTime, bool ReleaseTimeSet, IReadOnlyList<int>? ReminderDays, string? PreviousRoundId);

/// <summary>
/// The rules of a round. Its fields are checked as they arrive (<see cref="CheckFields"/>); what it
/// takes to go out is checked when it is scheduled and again when it opens (<see cref="CheckReady"/>),
/// against the instruments and the organisation as they are then. Each lifecycle step
/// (<see cref="Schedule"/>, <see cref="Open"/>, <see cref="Close"/>, <see cref="Release"/>) is allowed from
/// one state only: anything else is FAILED_PRECONDITION with the reason ROUND_NOT_{STATE}.
/// </summary>
public static class Rounds
{
    public const int MaxNameLength = 200;
    public const int MaxInstruments = 3;
    public const int MaxTargetUnits = 500;
    public const int DefaultAnswerDays = 14;
    public const int MaxAnswerDays = 60;
    public const int MaxReminderDays = 5;
    public const int MaxInvitees = 20_000;
    public const int MaxEmailLength = 254;

    /// <summary>The next APV falls due this many years after one opened (at least every third year).</summary>
    public const int ApvCadenceYears = 3;

    /// <summary>The fields a caller sends, each on its own; <paramref name="prefix"/> is "round.".</summary>
    public static void CheckFields(Validator v, string prefix, string? displayName, IReadOnlyList<string>? instrumentIds, IReadOnlyList<string>? targetUnits,
        int? answerDays, IReadOnlyList<int>? reminderDays, int effectiveAnswerDays, string? previousRoundId, string? selfId)
    {
        if (displayName is not null)
        {
            v.Required(prefix + "display_name", displayName, MaxNameLength);
        }
        if (instrumentIds is not null && v.MaxCount(prefix + "instruments", instrumentIds.ToArray(), MaxInstruments))
        {
            Distinct(v, prefix + "instruments", instrumentIds);
        }
        if (targetUnits is not null && v.MaxCount(prefix + "target_units", targetUnits.ToArray(), MaxTargetUnits))
        {
            for (var i = 0; i < targetUnits.Count; i++)
            {
                if (!SurveyNames.IsId(targetUnits[i]))
                {
                    v.Add($"{prefix}target_units[{i}]", "must be a unit id as imported: " + SurveyNames.IdRule);
                }
            }
            Distinct(v, prefix + "target_units", targetUnits);
        }
        if (answerDays is { } days && days is < 0 or > MaxAnswerDays)
        {
            v.Add(prefix + "answer_days", $"must be 1-{MaxAnswerDays}, or 0 for {DefaultAnswerDays}");
        }
        if (reminderDays is not null && v.MaxCount(prefix + "reminder_days", reminderDays.ToArray(), MaxReminderDays))
        {
            for (var i = 0; i < reminderDays.Count; i++)
            {
                if (reminderDays[i] < 1 || reminderDays[i] >= effectiveAnswerDays)
                {
                    v.Add($"{prefix}reminder_days[{i}]", $"must be a day 1-{effectiveAnswerDays - 1} of the {effectiveAnswerDays}-day window");
                }
            }
            if (reminderDays.Distinct().Count() != reminderDays.Count)
            {
                v.Add(prefix + "reminder_days", "must not name a day twice");
            }
        }
        if (previousRoundId is { Length: > 0 } && previousRoundId == selfId)
        {
            v.Add(prefix + "previous_round", "must be another round");
        }
    }

    private static void Distinct(Validator v, string field, IReadOnlyList<string> values)
    {
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            v.Add(field, "must not name the same one twice");
        }
    }

    /// <summary>A new draft.</summary>
    public static RoundRecord New(string id, string displayName, IReadOnlyList<string> instrumentIds, IReadOnlyList<string> targetUnits, int answerDays,
        DateTime? plannedOpenTime, DateTime? releaseTime, IReadOnlyList<int> reminderDays, string? previousRoundId, DateTime now) =>
        new(id, displayName, instrumentIds, targetUnits, answerDays == 0 ? DefaultAnswerDays : answerDays, plannedOpenTime, releaseTime,
            [.. reminderDays.Order()], previousRoundId is { Length: > 0 } ? previousRoundId : null)
        {
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>An edit: only a draft or a scheduled round changes; opening freezes it.</summary>
    public static RoundRecord Apply(RoundRecord r, RoundChanges c, DateTime now)
    {
        if (r.State is not (RoundState.Draft or RoundState.Scheduled))
        {
            throw new FailedPreconditionException("ROUND_NOT_EDITABLE",
                $"{r.Name} is {Word(r.State)}: a round changes only while it is a draft or scheduled.");
        }
        var answerDays = c.AnswerDays is { } d ? (d == 0 ? DefaultAnswerDays : d) : r.AnswerDays;
        var reminderDays = c.ReminderDays is { } rd ? [.. rd.Order()] : r.ReminderDays;
        if (c.AnswerDays is not null && c.ReminderDays is null && reminderDays.Any(day => day >= answerDays))
        {
            throw new ValidationException("round.answer_days", $"must be longer than the last reminder day ({reminderDays.Max()})");
        }
        return r with
        {
            DisplayName = c.DisplayName ?? r.DisplayName,
            InstrumentIds = c.InstrumentIds ?? r.InstrumentIds,
            TargetUnits = c.TargetUnits ?? r.TargetUnits,
            AnswerDays = answerDays,
            PlannedOpenTime = c.PlannedOpenTimeSet ? c.PlannedOpenTime : r.PlannedOpenTime,
            ReleaseTime = c.ReleaseTimeSet ? c.ReleaseTime : r.ReleaseTime,
            ReminderDays = reminderDays,
            PreviousRoundId = c.PreviousRoundId is null ? r.PreviousRoundId : c.PreviousRoundId.Length == 0 ? null : c.PreviousRoundId,
            Version = r.Version + 1,
            UpdatedAt = now,
        };
    }

    /// <summary>What a round needs to go out, as the instruments and the organisation are now: every
    /// instrument exists and at most one is of each kind, every target unit is in the current version,
    /// the times are set and in order. One FAILED_PRECONDITION (ROUND_INCOMPLETE) lists every gap.</summary>
    public static void CheckReady(RoundRecord r, IReadOnlyDictionary<string, InstrumentRecord> instruments, IReadOnlySet<string> knownUnits,
        long? currentVersion, DateTime now, bool opening)
    {
        var gaps = new List<string>();
        if (r.InstrumentIds.Count == 0)
        {
            gaps.Add("instruments: none is given");
        }
        foreach (var id in r.InstrumentIds.Where(id => !instruments.ContainsKey(id)))
        {
            gaps.Add($"instruments: {SurveyNames.Instrument(id)} does not exist");
        }
        foreach (var kind in r.InstrumentIds.Where(instruments.ContainsKey).GroupBy(id => instruments[id].Kind).Where(g => g.Count() > 1))
        {
            gaps.Add($"instruments: {kind.Count()} are of kind {kind.Key}; a round has at most one of each kind");
        }
        if (r.TargetUnits.Count == 0)
        {
            gaps.Add("target_units: none is given");
        }
        else if (currentVersion is null)
        {
            gaps.Add("target_units: no organisation has been imported");
        }
        else
        {
            var unknown = r.TargetUnits.Where(u => !knownUnits.Contains(u)).ToList();
            if (unknown.Count > 0)
            {
                gaps.Add($"target_units: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", ..." : "")} not in {SurveyNames.Version(currentVersion.Value)}");
            }
        }
        if (!opening)
        {
            if (r.PlannedOpenTime is null)
            {
                gaps.Add("planned_open_time: not set");
            }
        }
        if (r.ReleaseTime is null)
        {
            gaps.Add("release_time: not set");
        }
        else
        {
            var close = opening ? now.AddDays(r.AnswerDays) : r.PlannedCloseTime;
            if (close is { } c && r.ReleaseTime <= c)
            {
                gaps.Add($"release_time: must be after the round closes ({c:yyyy-MM-dd HH:mm} UTC)");
            }
        }
        if (gaps.Count > 0)
        {
            throw new FailedPreconditionException("ROUND_INCOMPLETE",
                $"{r.Name} cannot {(opening ? "open" : "be scheduled")}: {string.Join("; ", gaps)}.");
        }
    }

    /// <summary>DRAFT → SCHEDULED (after <see cref="CheckReady"/>).</summary>
    public static RoundRecord Schedule(RoundRecord r, DateTime now) =>
        Step(Require(r, RoundState.Draft), RoundState.Scheduled, now);

    /// <summary>SCHEDULED → OPEN: keeps the organisation version, starts the window now.</summary>
    public static RoundRecord Open(RoundRecord r, long organisationVersion, int invitedCount, DateTime now) =>
        Step(Require(r, RoundState.Scheduled), RoundState.Open, now) with
        {
            OrganisationVersion = organisationVersion,
            OpenTime = now,
            CloseTime = now.AddDays(r.AnswerDays),
            InvitedCount = invitedCount,
            Mails = MailTally.Opened(invitedCount),
        };

    /// <summary>OPEN → CLOSED, by CloseRound or at the close time.</summary>
    public static RoundRecord Close(RoundRecord r, DateTime now) =>
        Step(Require(r, RoundState.Open), RoundState.Closed, now) with { CloseTime = now < r.CloseTime ? now : r.CloseTime, Mails = r.Mails.Closed() };

    /// <summary>CLOSED → RELEASED, not before the release time.</summary>
    public static RoundRecord Release(RoundRecord r, DateTime now)
    {
        Require(r, RoundState.Closed);
        if (r.ReleaseTime is { } release && now < release)
        {
            throw new FailedPreconditionException("RELEASE_TIME_NOT_REACHED",
                $"{r.Name} is released at {release:yyyy-MM-dd HH:mm} UTC, not before.");
        }
        return Step(r, RoundState.Released, now) with { ReleasedTime = now };
    }

    /// <summary>Whether the round is open and its window has passed (the sweep closes it).</summary>
    public static bool CloseIsDue(RoundRecord r, DateTime now) => r.State == RoundState.Open && r.CloseTime <= now;

    /// <summary>Whether the round is closed and its release time has come (the sweep releases it).</summary>
    public static bool ReleaseIsDue(RoundRecord r, DateTime now) => r.State == RoundState.Closed && (r.ReleaseTime is null || r.ReleaseTime <= now);

    /// <summary>The reminder day that is due now and not yet handled, if any. After downtime only the
    /// latest passed day is due (one reminder, not a burst); the earlier ones count as handled.</summary>
    public static (int Day, int Handled)? ReminderDue(RoundRecord r, DateTime now)
    {
        if (r.State != RoundState.Open || r.OpenTime is not { } open || now >= r.CloseTime)
        {
            return null;
        }
        var passed = r.ReminderDays.Count(day => open.AddDays(day) <= now);
        return passed > r.RemindersSent ? (r.ReminderDays[passed - 1], passed) : null;
    }

    /// <summary>When the next APV falls due after an APV round that opened at <paramref name="opened"/>
    /// (UTC): the same day, in Copenhagen, three years on.</summary>
    public static DateOnly NextApvDue(DateTime opened) =>
        DateOnly.FromDateTime(CopenhagenTime.ToLocal(DateTime.SpecifyKind(opened, DateTimeKind.Utc))).AddYears(ApvCadenceYears);

    /// <summary>The round, when it is in <paramref name="state"/>; else FAILED_PRECONDITION ROUND_NOT_{STATE}.</summary>
    public static RoundRecord Require(RoundRecord r, RoundState state)
    {
        if (r.State != state)
        {
            throw new FailedPreconditionException($"ROUND_NOT_{state.ToString().ToUpperInvariant()}",
                $"{r.Name} is {Word(r.State)}; this step needs it {Word(state)}.");
        }
        return r;
    }

    private static RoundRecord Step(RoundRecord r, RoundState to, DateTime now) => r with { State = to, Version = r.Version + 1, UpdatedAt = now };

    /// <summary>A state as a message says it.</summary>
    public static string Word(RoundState state) => state switch
    {
        RoundState.Draft => "a draft",
        RoundState.Scheduled => "scheduled",
        RoundState.Open => "open",
        RoundState.Closed => "closed",
        RoundState.Released => "released",
        _ => state.ToString(),
    };
}
