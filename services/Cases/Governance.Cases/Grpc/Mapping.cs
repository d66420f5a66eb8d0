using Google.Protobuf.WellKnownTypes;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Data.Concurrency;

namespace Governance.Cases.Grpc;

/// <summary>Stored records → contract messages. What a caller may not see is taken out of the
/// record first (<see cref="Redacted(CaseRecord)"/>), so no mapping can leak it by forgetting.</summary>
internal static class Mapping
{
    public static Timestamp Ts(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>A closed case as outsiders see it: "Lukket", journal number, unit, status.</summary>
    public static CaseRecord Redacted(CaseRecord c) => c with
    {
        Title = CaseRules.Lukket,
        LegalBasis = "",
        StatusReason = "",
        CaseHandler = "",
        KleNumber = "",
    };

    public static DocumentRecord Redacted(DocumentRecord d) => d with { Title = CaseRules.Lukket, Creator = "" };

    public static TimelineRecord Redacted(TimelineRecord t) => t with { Text = "" };

    public static Case ToProto(CaseRecord record, int documentCount, bool visible)
    {
        var c = visible ? record : Redacted(record);
        return new Case
        {
            Name = c.Key.Name,
            JournalNumber = c.JournalNumber,
            Title = c.Title,
            Unit = c.Unit,
            CaseHandler = c.CaseHandler,
            Status = c.Status,
            Confidentiality = c.Confidential ? Confidentiality.Closed : Confidentiality.Public,
            KleNumber = c.KleNumber,
            LegalBasis = c.LegalBasis,
            Redacted = !visible,
            DocumentCount = documentCount,
            StatusReason = c.StatusReason,
            Etag = Etags.Format(c.Version),
            CreateTime = Ts(c.CreatedAt),
            UpdateTime = Ts(c.UpdatedAt),
        };
    }

    public static CaseDocument ToProto(DocumentRecord record, bool visible)
    {
        var d = visible ? record : Redacted(record);
        return new CaseDocument
        {
            Name = JournalNumbers.ChildName(d.Case, "documents", d.Id),
            DocumentNumber = d.DocumentNumber,
            Title = d.Title,
            Creator = d.Creator,
            Redacted = !visible,
            CreateTime = Ts(d.CreatedAt),
        };
    }

    public static CaseNote ToProto(NoteRecord n) => new()
    {
        Name = JournalNumbers.ChildName(n.Case, "notes", n.Id),
        Text = n.Text,
        Author = n.Author,
        CreateTime = Ts(n.CreatedAt),
    };

    public static TimelineEntry ToProto(TimelineRecord record, bool visible)
    {
        var t = visible ? record : Redacted(record);
        return new TimelineEntry
        {
            Id = t.Id,
            Kind = t.Kind,
            Time = Ts(t.OccurredAt),
            Text = t.Text,
            Actor = t.Actor,
            Resource = t.Resource,
            Meeting = t.Meeting,
            BodyTitle = t.BodyTitle,
            ItemNumber = t.ItemNumber,
            Outcome = t.Outcome,
            Status = t.Status,
            TraceId = t.TraceId,
            Redacted = !visible,
        };
    }
}
