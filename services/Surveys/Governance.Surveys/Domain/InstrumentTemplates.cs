using Governance.Surveys.V1;
using static Governance.Surveys.V1.ResponseType;
using static Governance.Surveys.V1.SocialCapitalDimension;

namespace Governance.Surveys.Domain;

/// <summary>
/// The three questionnaires the service ships as editable templates (seeded by migration 2): the APV
/// and wellbeing survey with the themes of the 2014 round (the 2013-09-09 minutes), social capital with
/// its bonding and bridging dimensions (the 2017-03-09 minutes), and a leadership evaluation. Every item
/// text was written for this project; none is taken or adapted from COPSOQ or another questionnaire.
/// </summary>
public static class InstrumentTemplates
{
    public const string ApvWellbeingId = "apv-trivsel-skabelon";
    public const string SocialCapitalId = "social-kapital-skabelon";
    public const string LeadershipId = "ledelsesevaluering-skabelon";

    private const ItemDirection Resource = ItemDirection.Resource;
    private const ItemDirection Demand = ItemDirection.Demand;
    private const ItemDirection None = ItemDirection.Unspecified;

    public static IReadOnlyList<InstrumentRecord> All { get; } =
    [
        Template(ApvWellbeingId, "APV- og trivselsundersøgelse", InstrumentKind.ApvWellbeing,
            "Undersøgelsen er kommunens arbejdspladsvurdering (APV) og trivselsmåling i ét. Svarene er anonyme: ingen kan se, hvad du har svaret, " +
            "og resultater vises kun for grupper, der er store nok til, at ingen kan genkendes.",
            [
                Theme("fysisk-kemisk", "Fysisk og kemisk arbejdsmiljø",
                    Item("stoej", "Der er så meget støj, hvor jeg arbejder, at det er svært at koncentrere sig eller tale sammen.", FrequencyScale, Demand),
                    Item("indeklima", "Temperatur, luft og lys i de lokaler, jeg arbejder i, er i orden.", AgreementScale, Resource),
                    Item("kemi", "Jeg arbejder med rengøringsmidler, kemikalier, støv eller dampe uden at vide, hvordan jeg beskytter mig.", FrequencyScale, Demand),
                    Item("orden", "Mine arbejdslokaler er rene og ryddelige.", AgreementScale, Resource)),
                Theme("arbejdsstillinger", "Arbejdsstillinger og hjælpemidler",
                    Item("loeft", "Mit arbejde indebærer tunge løft, træk eller skub.", FrequencyScale, Demand),
                    Item("gentagelser", "Jeg gør de samme bevægelser igen og igen i lange perioder ad gangen.", FrequencyScale, Demand),
                    Item("hjaelpemidler", "De hjælpemidler og det udstyr, jeg skal bruge, er til stede og virker.", AgreementScale, Resource),
                    Item("indretning", "Mit bord, min stol og mit øvrige arbejdsområde kan indstilles, så de passer til mig.", AgreementScale, Resource)),
                Theme("ulykker-brand", "Arbejdsulykker og brand på arbejdspladsen",
                    Item("ulykke", "Er du inden for de seneste 12 måneder kommet til skade ved en ulykke på arbejdet?", YesNo, Demand),
                    Item("naerved", "Når en ulykke var lige ved at ske, gennemgår vi hændelsen, så den ikke gentager sig.", AgreementScale, Resource),
                    Item("brand", "Jeg ved, hvad jeg skal gøre, og hvor jeg skal gå hen, hvis det brænder på min arbejdsplads.", AgreementScale, Resource)),
                Theme("vold-trusler", "Vold, trusler og tryghed på arbejdspladsen",
                    Item("vold", "Er du inden for de seneste 12 måneder blevet udsat for fysisk vold i forbindelse med dit arbejde?", YesNo, Demand, sensitive: true),
                    Item("trusler", "Er du inden for de seneste 12 måneder blevet truet i forbindelse med dit arbejde?", YesNo, Demand, sensitive: true),
                    Item("chikane", "Er du inden for de seneste 12 måneder blevet mobbet eller chikaneret, også seksuelt, på din arbejdsplads?", YesNo, Demand,
                        sensitive: true),
                    Item("tryghed", "Jeg føler mig tryg, når jeg er på arbejde.", AgreementScale, Resource),
                    Item("beredskab", "Vi har aftalt, hvordan vi forebygger, håndterer og følger op på vold og trusler.", AgreementScale, Resource)),
                Theme("indflydelse-krav", "Indflydelse, mening, krav og støtte i arbejdet",
                    Item("tilrettelaeggelse", "Jeg kan selv lægge mit arbejde til rette og bestemme, i hvilken rækkefølge opgaverne løses.", AgreementScale, Resource),
                    Item("betydning", "Jeg kan se, hvad mit arbejde betyder for borgerne eller for mine kolleger.", AgreementScale, Resource),
                    Item("pauser", "Jeg springer pauser over eller bliver længere for at nå det, jeg skal.", FrequencyScale, Demand),
                    Item("foelelser", "I mit arbejde skal jeg tage imod andres vrede, sorg eller frustration.", FrequencyScale, Demand),
                    Item("kollegahjaelp", "Mine kolleger og jeg giver hinanden en hånd, når en opgave driller.", FrequencyScale, Resource),
                    Item("lederkontakt", "Min nærmeste leder er til at få fat på, når jeg har brug for det.", FrequencyScale, Resource)),
                Theme("tillid-samarbejde", "Tillid, retfærdighed og samarbejde i arbejdet",
                    Item("aabenhed", "Ledelsen fortæller åbent om de beslutninger, der berører mit arbejde.", AgreementScale, Resource),
                    Item("ekstraopgaver", "Når der kommer ekstra opgaver, bliver de delt, så ingen står alene med dem.", AgreementScale, Resource),
                    Item("uenighed", "Når vi er uenige om en opgave, finder vi en løsning sammen, så arbejdet kan fortsætte.", AgreementScale, Resource)),
                Theme("trivsel-sundhed", "Trivsel og sundhed",
                    Item("glad", "Jeg går som regel glad på arbejde.", AgreementScale, Resource),
                    Item("koble-af", "Jeg har svært ved at koble af fra arbejdet, når jeg har fri.", FrequencyScale, Demand),
                    Item("smerter", "Mit arbejde giver mig ondt i kroppen, fx i ryg, nakke eller skuldre.", FrequencyScale, Demand),
                    Item("forslag", "Hvad ville gøre dit arbejdsmiljø bedre? Skriv gerne dit forslag.", FreeText, None)),
            ]),
        Template(SocialCapitalId, "Social kapital", InstrumentKind.SocialCapital,
            "Social kapital er den tillid, retfærdighed og det samarbejde, der får arbejdet til at lykkes: samlende i din egen arbejdsplads og " +
            "brobyggende mellem din arbejdsplads og dem, I arbejder sammen med.",
            [
                Theme("samlende", "Samlende social kapital: i arbejdspladsen",
                    Item("overdragelse", "Jeg kan give en halvfærdig opgave videre til en kollega og stole på, at den bliver gjort færdig.", AgreementScale, Resource,
                        dimension: Bonding),
                    Item("nye-ideer", "Nye idéer bliver taget godt imod hos os, også når de kommer fra en, der lige er begyndt.", AgreementScale, Resource,
                        dimension: Bonding),
                    Item("laering", "Når nogen laver en fejl, taler vi om, hvad vi kan lære af den, frem for hvis skyld den er.", AgreementScale, Resource,
                        dimension: Bonding),
                    Item("bemaerket", "Et godt stykke arbejde bliver bemærket, uanset hvem der har lavet det.", AgreementScale, Resource, dimension: Bonding),
                    Item("fastlaaste", "Uenigheder i min arbejdsgruppe trækker ud og går ud over arbejdet.", FrequencyScale, Demand, dimension: Bonding)),
                Theme("brobyggende", "Brobyggende social kapital: på tværs af arbejdspladser",
                    Item("kontakter", "Jeg ved, hvem jeg skal kontakte i andre afdelinger, når en sag går på tværs.", AgreementScale, Resource, dimension: Bridging),
                    Item("svar", "Andre afdelinger svarer hurtigt, når vi beder dem om hjælp.", AgreementScale, Resource, dimension: Bridging),
                    Item("samme-retning", "Vi og de afdelinger, vi arbejder sammen med, trækker i samme retning for borgerne.", AgreementScale, Resource,
                        dimension: Bridging),
                    Item("ingenmandsland", "Sager går i stå, fordi ingen føler ansvar for det, der ligger mellem afdelingerne.", FrequencyScale, Demand,
                        dimension: Bridging)),
                Theme("kommentarer", "Kommentarer",
                    Item("samarbejde-bedre", "Hvad ville gøre samarbejdet i og omkring din arbejdsplads bedre?", FreeText, None)),
            ]),
        Template(LeadershipId, "Ledelsesevaluering", InstrumentKind.LeadershipEvaluation,
            "Du vurderer din nærmeste leder. Resultaterne ses kun af lederen selv og lederens egne ledere, og kun for grupper, der er store nok " +
            "til, at ingen kan genkendes.",
            [
                Theme("retning", "Retning og rammer",
                    Item("maal", "Min leder gør det klart, hvad vi skal nå i det kommende år.", AgreementScale, Resource),
                    Item("prioritering", "Min leder hjælper med at prioritere, når der er flere opgaver, end vi kan nå.", AgreementScale, Resource),
                    Item("baggrund", "Min leder forklarer baggrunden for de beslutninger, der bliver truffet.", AgreementScale, Resource)),
                Theme("relation", "Relation og udvikling",
                    Item("tilbagemelding", "Jeg får brugbar tilbagemelding på mit arbejde fra min leder.", FrequencyScale, Resource),
                    Item("faglig-udvikling", "Min leder interesserer sig for, hvordan jeg kan udvikle mig fagligt.", AgreementScale, Resource),
                    Item("utilgaengelig", "Min leder er svær at komme i kontakt med, når der opstår problemer.", FrequencyScale, Demand),
                    Item("lige-behandling", "Min leder behandler alle i arbejdsgruppen ens, uanset hvem de er.", AgreementScale, Resource)),
                Theme("samlet", "Samlet vurdering",
                    Item("anbefaling", "Jeg vil gerne anbefale andre at arbejde under min leder.", AgreementScale, Resource),
                    Item("fortsaet-aendr", "Hvad skal din leder blive ved med, og hvad skal din leder gøre anderledes?", FreeText, None)),
            ]),
    ];

    private static InstrumentRecord Template(string id, string displayName, InstrumentKind kind, string description, IReadOnlyList<InstrumentTheme> themes) =>
        new(id, displayName, kind, description, themes, Template: true, SourceInstrument: null);

    private static InstrumentTheme Theme(string id, string title, params InstrumentItem[] items)
    {
        var theme = new InstrumentTheme { ThemeId = id, Title = title };
        theme.Items.AddRange(items);
        return theme;
    }

    private static InstrumentItem Item(string id, string text, ResponseType type, ItemDirection direction, bool sensitive = false,
        SocialCapitalDimension dimension = SocialCapitalDimension.Unspecified) =>
        new() { ItemId = id, Text = text, ResponseType = type, Direction = direction, Sensitive = sensitive, Dimension = dimension };
}
