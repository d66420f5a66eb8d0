using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Governance.Data.Paging;
using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Reminders.Grpc;

public sealed partial class RemindersGrpcService
{
    /// <summary>The public base address a feed's path is put after (e.g. "https://dagsorden.kommune.dk"),
    /// or none: the answer then carries the path alone.</summary>
    public const string FeedBaseUrlSetting = "Governance:Reminders:CalendarFeedBaseUrl";

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<V1.Calendar> GetCalendar(GetCalendarRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Body, "body");
        var v = new Validator();
        var start = OptionalDate(v, "start_date", request.StartDate);
        var end = OptionalDate(v, "end_date", request.EndDate);
        var (from, to) = CalendarExport.Window(DateOnly.FromDateTime(CopenhagenTime.ToLocal(Now)), start, end);
        if (v.IsValid && (to < from || to.DayNumber - from.DayNumber > CalendarExport.MaxDays))
        {
            v.Add("end_date", $"must be on or after start_date and at most {CalendarExport.MaxDays} days after it");
        }
        v.ThrowIfInvalid();

        return _calls.ReadAsync(context, request, async s => new V1.Calendar
        {
            Body = ReminderNames.Body(bodyId),
            Ics = await CalendarIcsAsync(s, bodyId, from, to, ForCaller, Now),
        });
    }

    /// <summary>The body's calendar as <paramref name="audience"/> may see it: three statements whatever
    /// the number of meetings, reminders and marks. Shared with the feed endpoint (Web/).</summary>
    internal static async Task<string> CalendarIcsAsync(RemindersSession s, string bodyId, DateOnly from, DateOnly to,
        RemindersConfidentiality audience, DateTime now)
    {
        var meetings = await s.ForumMeetingsAsync([bodyId], from, to);
        var open = await s.OpenRemindersAsync(bodyId);
        var reminders = audience.Reminders(open).Select(r => r.Record).ToList();
        var (fromUtc, toUtc) = CalendarExport.MarksFrom(from, to);
        var marksOf = (await s.OccurrenceMarksOfBodyAsync(bodyId, fromUtc, toUtc)).ToLookup(m => m.ReminderId, StringComparer.Ordinal);
        var marks = open.SelectMany(r => RemindersConfidentiality.OccurrenceMarks(r, marksOf[r.Id])).Select(m => m.Record).ToList();
        return CalendarExport.ToIcs(new CalendarContent(bodyId, from, to, meetings, reminders, now, marks));
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<CalendarFeed> CreateCalendarFeed(CreateCalendarFeedRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Parent, "parent");
        var baseUrl = context.GetHttpContext().RequestServices.GetService<IConfiguration>()?[FeedBaseUrlSetting]?.TrimEnd('/') ?? "";

        // No request_id: a retry cannot be answered with the secret of the first feed (it is not kept).
        return _calls.WriteAsync(context, request, async s =>
        {
            var owner = CurrentCaller.Subject;
            CalendarFeeds.EnsureRoom(await s.CountFeedsOfAsync(owner));
            var secret = CalendarFeeds.Secret(RandomNumberGenerator.GetBytes(CalendarFeeds.SecretBytes));
            var feed = new CalendarFeedRecord
            {
                Id = Ids.NewId(),
                BodyId = bodyId,
                Owner = owner,
                SecretHash = CalendarFeeds.Hash(secret),
                // What the owner may read now decides what the feed shows, for as long as it lives.
                ShowsClosed = CurrentCaller.SeesClosedOf(bodyId),
                CreatedAt = Now,
            };
            await s.InsertFeedAsync(feed);
            var proto = FeedProto(feed);
            proto.FeedUri = baseUrl + CalendarFeeds.Path(secret);
            return proto;
        });
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<ListCalendarFeedsResponse> ListCalendarFeeds(ListCalendarFeedsRequest request, ServerCallContext context)
    {
        string? bodyId = request.Parent == "bodies/-" ? null : Input.Body(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var owner = CurrentCaller.Subject;
        var filter = $"feeds|{owner}|{bodyId}";
        var after = PageRequest.DecodeInstantKey(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListFeedsAsync(owner, bodyId, after, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListCalendarFeedsResponse();
            response.CalendarFeeds.AddRange(page.Select(FeedProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeInstantKey(page[^1].CreatedAt, page[^1].Id, filter);
            }
            return response;
        });
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<Empty> DeleteCalendarFeed(DeleteCalendarFeedRequest request, ServerCallContext context)
    {
        var (bodyId, id) = Input.Child(request.Name, CalendarFeeds.Collection, "name");

        return _calls.WriteAsync(context, request, async s =>
        {
            // Another owner's feed is not found: its existence is not the caller's business.
            var feed = await s.GetFeedAsync(bodyId, id, CurrentCaller.Subject) ?? throw new NotFoundException(CalendarFeeds.Name(bodyId, id));
            await s.DeleteFeedAsync(feed);
            return new Empty();
        });
    }

    private static CalendarFeed FeedProto(CalendarFeedRecord f) => new()
    {
        Name = f.Name,
        Owner = f.Owner,
        ShowsClosed = f.ShowsClosed,
        CreateTime = Timestamp.FromDateTime(f.CreatedAt),
    };

    /// <summary>A date the caller may leave out (null then), in the years lists use.</summary>
    private static DateOnly? OptionalDate(Validator v, string field, Google.Type.Date? date)
    {
        if (date is null)
        {
            return null;
        }
        var d = ProtoTime.ToDateOnly(v, field, date);
        if (d is { Year: < Input.MinYear or > Input.MaxYear })
        {
            v.Add(field, $"must be in the years {Input.MinYear}-{Input.MaxYear}");
            return null;
        }
        return d;
    }
}
