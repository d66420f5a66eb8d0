using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Domain;

/// <summary>When a meeting has minutes, and for which audience they are composed.</summary>
public static class MinutesRules
{
    /// <summary>The audience minutes are composed for: the members' minutes only when asked for
    /// explicitly; anything else gets the public ones, where closed items are redacted (the safe default).</summary>
    public static Audience AudienceOf(Audience requested) => requested == Audience.Members ? Audience.Members : Audience.Public;

    /// <summary>Minutes exist once the agenda is published (a draft until they are approved), and not
    /// for a cancelled meeting.</summary>
    public static void EnsureAvailable(MeetingRecord meeting)
    {
        if (meeting.State is MeetingState.Planned or MeetingState.Cancelled)
        {
            throw new FailedPreconditionException("MINUTES_NOT_AVAILABLE",
                $"{Identifiers.MeetingName(meeting.Id)} is {MeetingRules.Describe(meeting.State)}; minutes exist once the agenda is published.");
        }
    }
}
