using Governance.Cases.Domain;

namespace Governance.Cases.Tests.Domain;

/// <summary>The Danish text of the timeline entries that come from Meetings.</summary>
public sealed class WordingTests
{
    // 08:30 in Copenhagen (winter time).
    private static readonly DateTimeOffset Direktionen0903 = new(2027, 3, 9, 7, 30, 0, TimeSpan.Zero);
    private static readonly string Item = Wording.Item("Direktionen", Direktionen0903, 3, "Budget 2028-31");

    [Fact]
    public void An_item_is_number_body_date_and_title() => Assert.Equal("Punkt 3, Direktionen 09-03-2027: Budget 2028-31", Item);

    [Fact]
    public void A_closed_item_has_no_title() =>
        Assert.Equal("Punkt 6, Direktionen 09-03-2027", Wording.Item("Direktionen", Direktionen0903, 6, null));

    [Fact]
    public void The_date_is_the_Copenhagen_date() =>
        Assert.Equal("Punkt 1, Byrådet 01-01-2027", Wording.Item("Byrådet", new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero), 1, ""));

    [Fact]
    public void A_supplement_says_tillaeg() => Assert.Equal($"Tillæg: {Item}", Wording.ItemAdded(Item, supplement: true));

    [Theory]
    [InlineData("Godkendt")]
    [InlineData("Taget til efterretning")]
    [InlineData("Godkendt med bemærkninger")]
    [InlineData("Udsat")]
    public void A_decision_names_its_outcome_in_the_word_the_event_carries(string word) =>
        Assert.Equal($"Beslutning ({word}), {Item} — Sagen genoptages.", Wording.Decision(word, correction: false, Item, "Sagen genoptages."));

    [Fact]
    public void A_correction_says_so_and_a_decision_without_text_ends_with_the_item() =>
        Assert.Equal($"Rettet beslutning (Afvist), {Item}", Wording.Decision("Afvist", correction: true, Item, null));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Without_a_word_the_outcome_is_left_out_not_shown_in_English(string? word) =>
        Assert.Equal($"Beslutning, {Item}", Wording.Decision(word, correction: false, Item, ""));

    [Fact]
    public void Referral_and_follow_up()
    {
        Assert.Equal("Oversendt til Økonomiudvalget (19-04-2027): Forelægges ØU", Wording.Referral("Økonomiudvalget", new DateOnly(2027, 4, 19), "Forelægges ØU"));
        Assert.Equal("Oversendt til Hovedudvalget", Wording.Referral("Hovedudvalget", null, ""));
        Assert.Equal("Opfølgning (ØDC): Notat om økonomien, frist 01-04-2027", Wording.FollowUp("ØDC", "Notat om økonomien", new DateOnly(2027, 4, 1)));
        Assert.Equal("Opfølgning (HR): Brev sendes", Wording.FollowUp("HR", "Brev sendes", null));
    }

    [Fact]
    public void A_postponement_names_the_target_meeting_by_body_and_date() =>
        Assert.Equal($"Udsat til Direktionens møde 16-12-2014: {Item}",
            Wording.Postponed(Item, hasTarget: true, "Direktionen", new DateTimeOffset(2014, 12, 16, 8, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void A_postponement_without_body_and_date_names_no_resource() =>
        Assert.Equal($"Udsat til et senere møde: {Item}", Wording.Postponed(Item, hasTarget: true, null, null));

    [Fact]
    public void A_postponement_without_target() => Assert.Equal($"Udsat: {Item}", Wording.Postponed(Item, hasTarget: false, null, null));

    [Theory]
    [InlineData("Direktionen", "Direktionens")]
    [InlineData("Økonomiudvalget", "Økonomiudvalgets")]
    [InlineData("Teknik- og Miljøudvalget", "Teknik- og Miljøudvalgets")]
    [InlineData("Byrådet", "Byrådets")]
    [InlineData("Byrådet Vest-Als", "Byrådet Vest-Als'")]
    [InlineData("Bestyrelsen Fax", "Bestyrelsen Fax'")]
    [InlineData("Udvalg 2", "Udvalg 2's")]
    [InlineData("HMU ", "HMU's")]
    public void Genitive(string name, string genitive) => Assert.Equal(genitive, Wording.Genitive(name));
}
