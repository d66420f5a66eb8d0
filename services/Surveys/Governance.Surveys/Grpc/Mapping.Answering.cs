using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

internal static partial class Mapping
{
    public static Questionnaire ToQuestionnaire(RoundRecord round, IReadOnlyList<InstrumentRecord> instruments, string unitName, string managerName,
        IReadOnlyList<AnswerValue> draft)
    {
        var q = new Questionnaire
        {
            Round = round.Name,
            RoundDisplayName = round.DisplayName,
            CloseTime = Timestamp.FromDateTime(DateTime.SpecifyKind(round.CloseTime!.Value, DateTimeKind.Utc)),
            UnitDisplayName = unitName,
            EvaluatedManagerDisplayName = managerName,
        };
        foreach (var i in instruments)
        {
            var qi = new QuestionnaireInstrument { Instrument = i.Name, DisplayName = i.DisplayName, Kind = i.Kind, Description = i.Description };
            qi.Themes.AddRange(i.Themes.Select(t => t.Clone()));
            q.Instruments.Add(qi);
        }
        var kinds = instruments.ToDictionary(i => i.Id, i => i, StringComparer.Ordinal);
        foreach (var a in draft.OrderBy(a => a.InstrumentId, StringComparer.Ordinal).ThenBy(a => a.ItemId, StringComparer.Ordinal))
        {
            var answer = new Answer { Instrument = SurveyNames.Instrument(a.InstrumentId), ItemId = a.ItemId };
            var type = kinds.TryGetValue(a.InstrumentId, out var instrument)
                ? instrument.Themes.SelectMany(t => t.Items).FirstOrDefault(x => x.ItemId == a.ItemId)?.ResponseType
                : null;
            if (a.Text is { } text) answer.Text = text;
            else if (type == ResponseType.YesNo) answer.Yes = a.Point == 1;
            else if (a.Point is { } point) answer.Scale = point;
            q.Answers.Add(answer);
        }
        return q;
    }
}
