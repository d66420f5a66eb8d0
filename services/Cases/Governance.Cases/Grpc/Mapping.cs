using Google.Protobuf.WellKnownTypes;
using Governance.Cases.Domain;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Concurrency;

namespace Governance.Cases.Grpc;

/// <summary>Stored records → contract messages. A record of a case is mapped only as the caller may
/// see it (<see cref="Seen{T}"/>, from <see cref="CasesConfidentiality"/>), so no mapping can leak
/// closed content by forgetting.</summary>
internal static class Mapping
{
    public static Timestamp Ts(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static Case ToProto(Seen<CaseRecord> seen, int documentCount)
    {
        var c = seen.Record;
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
            Redacted = seen.Redacted,
            DocumentCount = documentCount,
            StatusReason = c.StatusReason,
            Etag = Etags.Format(c.Version),
            CreateTime = Ts(c.CreatedAt),
            UpdateTime = Ts(c.UpdatedAt),
        };
    }

    public static CaseDocument ToProto(Seen<DocumentRecord> seen)
    {
        var d = seen.Record;
        return new CaseDocument
        {
            Name = d.Name,
            DocumentNumber = d.DocumentNumber,
            Title = d.Title,
            Creator = d.Creator,
            Redacted = seen.Redacted,
            CreateTime = Ts(d.CreatedAt),
        };
    }

    /// <summary>A note: only case handlers of the unit add and get them (Manage), so none is redacted.</summary>
    public static CaseNote ToProto(NoteRecord n) => new()
    {
        Name = n.Name,
        Text = n.Text,
        Author = n.Author,
        CreateTime = Ts(n.CreatedAt),
    };

    public static TimelineEntry ToProto(Seen<TimelineRecord> seen)
    {
        var t = seen.Record;
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
            Redacted = seen.Redacted,
        };
    }

    public static SearchHit ToProto(Seen<SearchMatch> seen)
    {
        var m = seen.Record;
        return new SearchHit
        {
            CaseName = m.Case.Key.Name,
            JournalNumber = m.Case.JournalNumber,
            Title = m.Case.Title,
            Field = m.Entry.Field,
            Source = m.Entry.Source,
            Snippet = m.Snippet,
            Score = m.Score,
        };
    }
}
