using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Domain;

public sealed class InstrumentTemplatesTests
{
    [Fact]
    public void Every_template_keeps_the_instrument_rules()
    {
        Assert.Equal(3, InstrumentTemplates.All.Count);
        foreach (var t in InstrumentTemplates.All)
        {
            var v = new Validator();
            Instruments.CheckThemes(v, "themes", t.Kind, t.Themes);
            Assert.True(v.IsValid, $"{t.Id}: {string.Join("; ", v.Violations.Select(x => $"{x.Field} {x.Description}"))}");
            Assert.True(t.Template);
            Assert.True(SurveyNames.IsId(t.Id));
        }
        Assert.Equal([InstrumentKind.ApvWellbeing, InstrumentKind.SocialCapital, InstrumentKind.LeadershipEvaluation], InstrumentTemplates.All.Select(t => t.Kind));
    }

    [Fact]
    public void The_apv_template_has_the_themes_of_the_2014_round()
    {
        var apv = InstrumentTemplates.All.Single(t => t.Kind == InstrumentKind.ApvWellbeing);
        Assert.Equal(
        [
            "Fysisk og kemisk arbejdsmiljø", "Arbejdsstillinger og hjælpemidler", "Arbejdsulykker og brand på arbejdspladsen",
            "Vold, trusler og tryghed på arbejdspladsen", "Indflydelse, mening, krav og støtte i arbejdet",
            "Tillid, retfærdighed og samarbejde i arbejdet", "Trivsel og sundhed",
        ], apv.Themes.Select(t => t.Title));
        // Violence, threats and harassment are the sensitive ones.
        Assert.Equal(["vold", "trusler", "chikane"], apv.Themes.SelectMany(t => t.Items).Where(i => i.Sensitive).Select(i => i.ItemId));
        Assert.Contains(apv.Themes.SelectMany(t => t.Items), i => i.Direction == ItemDirection.Demand);
        Assert.Contains(apv.Themes.SelectMany(t => t.Items), i => i.ResponseType == ResponseType.FreeText);
    }

    [Fact]
    public void Social_capital_measures_bonding_and_bridging()
    {
        var sc = InstrumentTemplates.All.Single(t => t.Kind == InstrumentKind.SocialCapital);
        var scored = sc.Themes.SelectMany(t => t.Items).Where(i => i.ResponseType != ResponseType.FreeText).ToList();
        Assert.Contains(scored, i => i.Dimension == SocialCapitalDimension.Bonding);
        Assert.Contains(scored, i => i.Dimension == SocialCapitalDimension.Bridging);
        Assert.All(scored, i => Assert.NotEqual(SocialCapitalDimension.Unspecified, i.Dimension));
    }

    [Fact]
    public void Instrument_rules_name_every_bad_item()
    {
        var theme = new InstrumentTheme { ThemeId = "t", Title = "Tema" };
        theme.Items.Add(new InstrumentItem { ItemId = "a", Text = "Skala uden retning", ResponseType = ResponseType.AgreementScale });
        theme.Items.Add(new InstrumentItem { ItemId = "a", Text = "Fritekst", ResponseType = ResponseType.FreeText, Direction = ItemDirection.Resource });
        theme.Items.Add(new InstrumentItem { ItemId = "c", Text = "", ResponseType = (ResponseType)9 });
        theme.Items.Add(new InstrumentItem { ItemId = "d", Text = "Dimension i APV", ResponseType = ResponseType.YesNo, Direction = ItemDirection.Demand,
            Dimension = SocialCapitalDimension.Bonding });
        var v = new Validator();
        Instruments.CheckThemes(v, "instrument.themes", InstrumentKind.ApvWellbeing, [theme, theme.Clone()]);
        var fields = v.Violations.Select(x => x.Field).ToHashSet();
        Assert.Equal(new HashSet<string>
        {
            "instrument.themes[0].items[0].direction", "instrument.themes[0].items[1].item_id", "instrument.themes[0].items[1].direction",
            "instrument.themes[0].items[2].text", "instrument.themes[0].items[2].response_type", "instrument.themes[0].items[3].dimension",
            "instrument.themes[1].theme_id", "instrument.themes[1].items[0].item_id", "instrument.themes[1].items[0].direction",
            "instrument.themes[1].items[1].item_id", "instrument.themes[1].items[1].direction", "instrument.themes[1].items[2].item_id",
            "instrument.themes[1].items[2].text", "instrument.themes[1].items[2].response_type", "instrument.themes[1].items[3].item_id",
            "instrument.themes[1].items[3].dimension",
        }, fields);
        // In a social-capital instrument the same scaled item needs its dimension.
        var sc = new Validator();
        var ok = new InstrumentTheme { ThemeId = "t", Title = "Tema", Items = { new InstrumentItem { ItemId = "a", Text = "Tillid", ResponseType = ResponseType.AgreementScale, Direction = ItemDirection.Resource } } };
        Instruments.CheckThemes(sc, "themes", InstrumentKind.SocialCapital, [ok]);
        Assert.Equal(["themes[0].items[0].dimension"], sc.Violations.Select(x => x.Field));
    }

    [Fact]
    public void An_edit_is_one_version_on_and_shares_nothing_with_the_request()
    {
        var template = InstrumentTemplates.All[0];
        var copy = Instruments.CopyOf(template, "apv-2014", "APV 2014", "", DateTime.UtcNow);
        Assert.Equal(("instruments/apv-trivsel-skabelon", false, template.Description), (copy.SourceInstrument, copy.Template, copy.Description));
        copy.Themes[0].Title = "Ændret";
        Assert.Equal("Fysisk og kemisk arbejdsmiljø", InstrumentTemplates.All[0].Themes[0].Title);
        var edited = Instruments.Apply(copy, new InstrumentChanges("APV og trivsel 2014", null, null), DateTime.UtcNow);
        Assert.Equal((copy.Version + 1, "APV og trivsel 2014", copy.Description), (edited.Version, edited.DisplayName, edited.Description));
    }
}
