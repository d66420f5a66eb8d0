using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

internal static partial class Input
{
    /// <summary>A results filter, checked against the instrument: a scale or yes/no item of it, and some but
    /// not all of its points, each once. Returns the item's position, the points, and whether it is sensitive.</summary>
    public static (int Item, IReadOnlySet<int> Points, bool Sensitive) ResultsFilter(AnswerFilter filter, Scoring.Layout layout, InstrumentRecord instrument)
    {
        var v = new Validator();
        var item = layout.IndexOf(filter.ItemId);
        var type = item >= 0 ? layout.TypeOf(item) : ResponseType.Unspecified;
        if (item < 0)
        {
            v.Add("filter.item_id", "must be an item of the instrument");
        }
        else if (type is not (ResponseType.AgreementScale or ResponseType.FrequencyScale or ResponseType.YesNo))
        {
            v.Add("filter.item_id", "must be a scale or yes/no item: free text does not divide respondents");
        }
        var points = filter.Points.ToHashSet();
        var all = type == ResponseType.YesNo ? 2 : Scoring.ScalePoints;
        if (filter.Points.Count == 0 || points.Count != filter.Points.Count || points.Count >= all)
        {
            v.Add("filter.points", $"must be some but not all of the item's points, each once ({(type == ResponseType.YesNo ? "1 yes or 0 no" : "1-5")})");
        }
        else if (item >= 0 && type != ResponseType.Unspecified && filter.Points.Any(p => !Scoring.IsPoint(type, p)))
        {
            v.Add("filter.points", type == ResponseType.YesNo ? "must be 1 (yes) or 0 (no)" : "must be points 1-5");
        }
        v.ThrowIfInvalid();
        var sensitive = instrument.Themes.SelectMany(t => t.Items).First(i => i.ItemId == filter.ItemId).Sensitive;
        return (item, points, sensitive);
    }
}
