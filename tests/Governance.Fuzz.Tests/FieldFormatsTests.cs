using CsCheck;
using Governance.Kernel;

namespace Governance.Fuzz.Tests;

/// <summary>The fuzzer's journal numbers are what they claim to be, by the platform's own rule
/// (<see cref="JournalNumber"/>): well-formed ones get past the check for form, near misses do not.</summary>
public sealed class FieldFormatsTests
{
    [Fact]
    public void Allocated_journal_numbers_are_well_formed_and_zero_padded_to_five_digits() =>
        FieldFormats.AllocatedJournalNumber.Sample(number =>
            JournalNumber.TryParse(number) is { } parsed && parsed.ToString() == number);

    [Fact]
    public void Registered_journal_numbers_are_well_formed_with_one_to_six_digits_as_given() =>
        FieldFormats.RegisteredJournalNumber.Sample(number =>
            JournalNumber.IsWellFormed(number) && number.Split('/')[1] is { Length: >= 1 and <= 6 } digits && (digits == "0" || digits[0] != '0'));

    [Fact]
    public void Near_misses_are_refused_and_extremes_accepted()
    {
        Assert.All(FieldFormats.NearMissJournalNumbers, number => Assert.False(JournalNumber.IsWellFormed(number), number));
        Assert.All(FieldFormats.ExtremeJournalNumbers, number => Assert.True(JournalNumber.IsWellFormed(number), number));
    }
}
