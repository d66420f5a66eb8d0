using Governance.ServiceDefaults.Errors;

namespace Governance.Reminders.Domain;

/// <summary>The hand order of a body's open reminders and of its calendar sections: places 1..n with no
/// gaps, and how many a list may hold.</summary>
public static class ListOrder
{
    /// <summary>Open reminders on one list: more is no longer a list a board reads.</summary>
    public const int MaxOpenReminders = 500;

    /// <summary>Calendar sections of one list.</summary>
    public const int MaxSections = 50;

    /// <summary>Where a new entry goes among <paramref name="count"/> others: the requested place (1 =
    /// first), or last for 0 or a place beyond the end.</summary>
    public static int PlaceOfNew(int requested, int count) => requested is > 0 && requested <= count ? requested : count + 1;

    /// <summary>Where an entry moves among <paramref name="count"/> (itself included): the requested
    /// place, or last for one beyond the end.</summary>
    public static int PlaceOfMoved(int requested, int count) => Math.Clamp(requested, 1, Math.Max(count, 1));

    /// <summary>LIST_FULL when a list that has <paramref name="count"/> of at most <paramref name="max"/>
    /// gets one more.</summary>
    public static void EnsureRoom(string bodyName, int count, int max, string what)
    {
        if (count >= max)
        {
            var error = new FailedPreconditionException("LIST_FULL",
                $"The list of {bodyName} already has {max} {what}, the most it may hold; mark some done or remove some first.");
            error.Metadata["limit"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw error;
        }
    }
}
