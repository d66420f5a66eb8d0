using Google.Protobuf.WellKnownTypes;
using Governance.Data.Concurrency;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

/// <summary>Records to protos.</summary>
internal static partial class Mapping
{
    public static OrganisationVersion ToProto(OrganisationVersionRecord v) => new()
    {
        Name = v.Name,
        Label = v.Label,
        UnitCount = v.UnitCount,
        ManagerCount = v.ManagerCount,
        Headcount = v.Headcount,
        RootUnit = SurveyNames.Unit(v.Version, v.RootUnitId),
        Current = v.Current,
        ImportedBy = v.ImportedBy,
        CreateTime = Timestamp.FromDateTime(v.CreatedAt),
    };

    public static Unit ToProto(UnitRecord u) => new()
    {
        Name = u.Name,
        DisplayName = u.DisplayName,
        ShortName = u.ShortName,
        Kind = u.Kind,
        Parent = u.ParentId is null ? "" : SurveyNames.Unit(u.Version, u.ParentId),
        Manager = SurveyNames.Manager(u.Version, u.ManagerId),
        Headcount = u.Headcount,
        TotalHeadcount = u.TotalHeadcount,
        ChildCount = u.ChildCount,
    };

    public static Manager ToProto(ManagerRecord m)
    {
        var proto = new Manager
        {
            Name = m.Name,
            DisplayName = m.DisplayName,
            Title = m.Title,
            ReportsTo = m.ReportsTo is null ? "" : SurveyNames.Manager(m.Version, m.ReportsTo),
        };
        proto.Units.AddRange(m.UnitIds.Select(id => SurveyNames.Unit(m.Version, id)));
        return proto;
    }

    public static Instrument ToProto(InstrumentRecord i)
    {
        var proto = new Instrument
        {
            Name = i.Name,
            DisplayName = i.DisplayName,
            Kind = i.Kind,
            Description = i.Description,
            Template = i.Template,
            SourceInstrument = i.SourceInstrument ?? "",
            ItemCount = i.ItemCount,
            Etag = Etags.Format(i.Version),
            CreateTime = Timestamp.FromDateTime(i.CreatedAt),
            UpdateTime = Timestamp.FromDateTime(i.UpdatedAt),
        };
        proto.Themes.AddRange(i.Themes.Select(t => t.Clone()));
        return proto;
    }
}
