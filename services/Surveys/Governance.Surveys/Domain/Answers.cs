using Governance.ServiceDefaults.Errors;
using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>One answer as stored: a point (a scale 1-5, yes/no 1 or 0) or a text.</summary>
public sealed record AnswerValue(string InstrumentId, string ItemId, int? Point, string? Text);

/// <summary>A submitted response: a random id and where it counts, nothing else (no token, person or
/// time). APV/trivsel and social capital answers count in the unit; a leadership evaluation's answers are
/// a response of their own that counts for the evaluated manager only, so the two cannot be joined.</summary>
public sealed record ResponseRecord(string Id, string RoundId, string? UnitId, string? ManagerId, IReadOnlyList<AnswerValue> Answers);

/// <summary>
/// The rules of answering: an answer must name an item of one of the round's instruments (as frozen at
/// opening) and fit its response type; saving replaces earlier answers to the same items, an answer
/// without a value removes one; submitting splits the answers into the anonymous responses.
/// </summary>
public static class Answers
{
    public const int MaxAnswersPerCall = 400;
    public const int MaxTextLength = 2_000;

    /// <summary>The draft after saving <paramref name="answers"/> over <paramref name="draft"/>.</summary>
    public static IReadOnlyList<AnswerValue> Save(Validator v, IReadOnlyList<AnswerValue> draft, IReadOnlyList<Answer> answers,
        IReadOnlyDictionary<string, InstrumentRecord> instruments)
    {
        if (!v.MaxCount("answers", answers.ToArray(), MaxAnswersPerCall))
        {
            return draft;
        }
        var items = new Dictionary<(string, string), InstrumentItem>();
        foreach (var (id, instrument) in instruments)
        {
            foreach (var item in instrument.Themes.SelectMany(t => t.Items))
            {
                items[(id, item.ItemId)] = item;
            }
        }
        var result = draft.ToDictionary(a => (a.InstrumentId, a.ItemId));
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            var at = $"answers[{i}]";
            var instrumentId = SurveyNames.IdOf(a.Instrument, "instruments") ?? "";
            if (!instruments.ContainsKey(instrumentId))
            {
                v.Add($"{at}.instrument", "must be one of the round's instruments, instruments/{instrument}");
                continue;
            }
            if (!items.TryGetValue((instrumentId, a.ItemId), out var item))
            {
                v.Add($"{at}.item_id", "must be an item of that instrument");
                continue;
            }
            var key = (instrumentId, a.ItemId);
            switch (a.ValueCase)
            {
                case Answer.ValueOneofCase.None:
                    result.Remove(key);
                    break;
                case Answer.ValueOneofCase.Scale when item.ResponseType is ResponseType.AgreementScale or ResponseType.FrequencyScale:
                    if (a.Scale is < 1 or > 5)
                    {
                        v.Add($"{at}.scale", "must be 1-5 (5 the highest)");
                        break;
                    }
                    result[key] = new AnswerValue(instrumentId, a.ItemId, a.Scale, null);
                    break;
                case Answer.ValueOneofCase.Yes when item.ResponseType == ResponseType.YesNo:
                    result[key] = new AnswerValue(instrumentId, a.ItemId, a.Yes ? 1 : 0, null);
                    break;
                case Answer.ValueOneofCase.Text when item.ResponseType == ResponseType.FreeText:
                    var text = a.Text.Trim();
                    if (text.Length == 0)
                    {
                        result.Remove(key);
                    }
                    else if (v.MaxLength($"{at}.text", text, MaxTextLength))
                    {
                        result[key] = new AnswerValue(instrumentId, a.ItemId, null, text);
                    }
                    break;
                default:
                    v.Add($"{at}.{a.ValueCase.ToString().ToLowerInvariant()}", $"does not fit the item: it is answered with {Expected(item.ResponseType)}");
                    break;
            }
        }
        return [.. result.Values];
    }

    private static string Expected(ResponseType type) => type switch
    {
        ResponseType.YesNo => "yes",
        ResponseType.FreeText => "text",
        _ => "scale",
    };

    /// <summary>The responses a submission makes: one for the instruments that count in the unit (if
    /// any of them was answered), one for a leadership evaluation (if answered), each under a fresh
    /// random id.</summary>
    public static IReadOnlyList<ResponseRecord> Submit(InvitationRecord invitation, IReadOnlyList<AnswerValue> answers,
        IReadOnlyDictionary<string, InstrumentRecord> instruments)
    {
        var leadership = answers.Where(a => instruments[a.InstrumentId].Kind == InstrumentKind.LeadershipEvaluation).ToList();
        var unit = answers.Where(a => instruments[a.InstrumentId].Kind != InstrumentKind.LeadershipEvaluation).ToList();
        var responses = new List<ResponseRecord>(2);
        if (unit.Count > 0)
        {
            responses.Add(new ResponseRecord(Ids.NewRandomId(), invitation.RoundId, invitation.UnitId, null, InItemOrder(unit)));
        }
        if (leadership.Count > 0 && invitation.ManagerId is { } manager)
        {
            responses.Add(new ResponseRecord(Ids.NewRandomId(), invitation.RoundId, null, manager, InItemOrder(leadership)));
        }
        return responses;
    }

    /// <summary>Sorted by instrument and item: they carry no trace of the order the respondent gave them in.</summary>
    private static IReadOnlyList<AnswerValue> InItemOrder(List<AnswerValue> answers) =>
        [.. answers.OrderBy(a => a.InstrumentId, StringComparer.Ordinal).ThenBy(a => a.ItemId, StringComparer.Ordinal)];
}
