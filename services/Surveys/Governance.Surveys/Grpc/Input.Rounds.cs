using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

/// <summary>A round's fields as a request gives them: null where the mask leaves a field alone.</summary>
internal sealed record RoundFieldValues(IReadOnlyList<string>? InstrumentIds, IReadOnlyList<string>? TargetUnits, int? AnswerDays,
    DateTime? PlannedOpenTime, DateTime? ReleaseTime, IReadOnlyList<int>? ReminderDays, string? PreviousRoundId);

internal static partial class Input
{
    /// <summary>The fields UpdateRound may change (its update mask's paths); CreateRound reads them all.</summary>
    public static readonly string[] RoundPaths =
        ["display_name", "instruments", "target_units", "answer_days", "planned_open_time", "release_time", "reminder_days", "previous_round"];

    /// <summary>Round times stay far from DateTime's end, so adding a window never overflows.</summary>
    private static readonly DateTime LatestRoundTime = new(3000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The id of <c>rounds/{round}</c>.</summary>
    public static string Round(string name, string field)
    {
        return SurveyNames.IdOf(name, "rounds") ?? throw new ValidationException(field, "must be a name rounds/{round}");
    }

    /// <summary>The round fields of <paramref name="paths"/>, each checked (<see cref="Rounds.CheckFields"/>).</summary>
    public static RoundFieldValues RoundFields(Validator v, Round r, IReadOnlySet<string> paths, string? selfId)
    {
        List<string>? instruments = null;
        if (paths.Contains("instruments"))
        {
            instruments = [];
            for (var i = 0; i < r.Instruments.Count && i <= Rounds.MaxInstruments; i++)
            {
                if (SurveyNames.IdOf(r.Instruments[i], "instruments") is { } id)
                {
                    instruments.Add(id);
                }
                else
                {
                    v.Add($"round.instruments[{i}]", "must be a name instruments/{instrument}");
                }
            }
            if (r.Instruments.Count > Rounds.MaxInstruments)
            {
                v.Add("round.instruments", $"must have at most {Rounds.MaxInstruments} instruments (had {r.Instruments.Count})");
            }
        }
        var targets = paths.Contains("target_units") ? r.TargetUnits.ToList() : null;
        int? answerDays = paths.Contains("answer_days") ? r.AnswerDays : null;
        var reminderDays = paths.Contains("reminder_days") ? r.ReminderDays.ToList() : null;
        DateTime? planned = paths.Contains("planned_open_time") ? Instant(v, "round.planned_open_time", r.PlannedOpenTime) : null;
        DateTime? release = paths.Contains("release_time") ? Instant(v, "round.release_time", r.ReleaseTime) : null;
        string? previous = null;
        if (paths.Contains("previous_round") && r.PreviousRound.Length > 0)
        {
            previous = SurveyNames.IdOf(r.PreviousRound, "rounds");
            if (previous is null)
            {
                v.Add("round.previous_round", "must be a name rounds/{round}, or empty for none");
            }
        }
        // Reminder days are checked against the window the request sets, or the default until the round is read.
        var window = answerDays is > 0 and <= Rounds.MaxAnswerDays ? answerDays.Value : answerDays == 0 ? Rounds.DefaultAnswerDays : Rounds.MaxAnswerDays;
        Rounds.CheckFields(v, "round.", null, instruments, targets, answerDays, reminderDays, window, previous, selfId);
        return new RoundFieldValues(instruments, targets, answerDays, planned, release, reminderDays, previous);
    }

    /// <summary>An optional instant of a round, to the microsecond (what PostgreSQL keeps), before the year 3000.</summary>
    private static DateTime? Instant(Validator v, string field, Google.Protobuf.WellKnownTypes.Timestamp? value)
    {
        if (ProtoTime.ToUtc(v, field, value) is not { } utc)
        {
            return null;
        }
        if (utc >= LatestRoundTime)
        {
            v.Add(field, "must be before the year 3000");
            return null;
        }
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
