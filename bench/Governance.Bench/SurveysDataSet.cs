using System.Globalization;
using Governance.Surveys.V1;

namespace Governance.Bench;

/// <summary>One respondent of the Surveys scenario: the unit they are invited in and their answers to
/// every item (a point 1-5 for a scale, yes or no, a text for free text), the same every run.</summary>
internal sealed record SurveyRespondent(string Unit, IReadOnlyList<Answer> Answers);

/// <summary>
/// The Surveys scenario's data, the same every run (fixed seeds): a municipality of 4 centres with 40
/// workplaces each (165 units, a manager each), an APV/trivsel instrument of 80 items in 8 themes (scales
/// of both kinds and directions, yes/no, 4 sensitive yes/no items about violence and harassment, 2 free-text
/// items), and the respondents (3,000 by default), each answering all 80 items. Ten respondents a centre are
/// placed in the centre itself, three workplaces a centre have 2-4 (below the anonymity minimum of 5), the
/// rest are spread unevenly (about 5-35) over the other workplaces; each workplace has a mood of its own, so
/// the results differ between units.
/// </summary>
internal sealed class SurveysDataSet
{
    public const int Centres = 4;
    public const int WorkplacesPerCentre = 40;
    public const int Themes = 8;
    public const int ItemsPerTheme = 10;
    public const int DirectPerCentre = 10;

    private static readonly (string Id, string Name, string Short)[] CentreNames =
    [
        ("odc", "Økonomi- og Digitaliseringscentret", "ØDC"),
        ("hrc", "HR-Centret", "HRC"),
        ("byc", "By- og Udviklingscentret", "BYC"),
        ("shc", "Social- og Sundhedscentret", "SHC"),
    ];

    private static readonly string[] ThemeTitles =
    [
        "Arbejdets indhold og mening", "Krav i arbejdet", "Indflydelse", "Ledelse", "Samarbejde og tillid", "Fysisk arbejdsmiljø",
        "Vold, trusler og krænkelser", "Trivsel og helbred",
    ];

    private static readonly string[] Comments =
    [
        "Vi mangler tid til at tale sammen om opgaverne, især i de travle perioder før budgettet.",
        "Det fungerer godt med de faste teammøder, men informationen fra ledelsen kommer ofte sent.",
        "Indeklimaet om sommeren er et problem; der er for varmt i kontorerne mod syd.",
        "Jeg er glad for mine kolleger og for den fleksibilitet, vi har i hverdagen.",
        "Der er for mange afbrydelser til at kunne fordybe sig i de større sager.",
    ];

    public required ImportOrganisationRequest Organisation { get; init; }

    public required Instrument Instrument { get; init; }

    public required IReadOnlyList<SurveyRespondent> Respondents { get; init; }

    /// <summary>Respondents per unit id.</summary>
    public required IReadOnlyDictionary<string, int> PerUnit { get; init; }

    public int Units => Organisation.Units.Count;

    public int Items => Instrument.Themes.Sum(t => t.Items.Count);

    public long AnswerRows => (long)Respondents.Count * Items;

    public string Description =>
        $"{Units} units (the municipality, {Centres} centres, {Centres * WorkplacesPerCentre} workplaces; {DirectPerCentre} respondents a centre placed in " +
        $"the centre itself, {PerUnit.Count(p => p.Value is > 0 and < 5)} workplaces of 2-4, the others {PerUnit.Where(p => p.Value >= 5 && p.Key.Contains('-')).Min(p => p.Value)}-" +
        $"{PerUnit.Values.Max()}), an APV/trivsel instrument of {Items} items in {Themes} themes " +
        $"({Count(ResponseType.AgreementScale)} agreement and {Count(ResponseType.FrequencyScale)} frequency scales, {Count(ResponseType.YesNo)} yes/no of which " +
        $"{Instrument.Themes.SelectMany(t => t.Items).Count(i => i.Sensitive)} sensitive, {Count(ResponseType.FreeText)} free text), " +
        $"{Respondents.Count.ToString("N0", CultureInfo.InvariantCulture)} respondents each answering every item: " +
        $"{AnswerRows.ToString("N0", CultureInfo.InvariantCulture)} answer rows a round";

    private int Count(ResponseType type) => Instrument.Themes.SelectMany(t => t.Items).Count(i => i.ResponseType == type);

    public static SurveysDataSet Create(int respondents)
    {
        var organisation = new ImportOrganisationRequest { Label = "Udtræk fra lønsystemet (load bench)" };
        organisation.Managers.Add(new ManagerEntry { ManagerId = "kd", DisplayName = "Karen Dahl", Title = "Kommunaldirektør" });
        organisation.Units.Add(new UnitEntry { UnitId = "kommunen", DisplayName = "Kommunen", Kind = UnitKind.Municipality, Manager = "kd", Headcount = 4 });
        var perUnit = Allocate(respondents);
        foreach (var (id, name, shortName) in CentreNames)
        {
            organisation.Managers.Add(new ManagerEntry { ManagerId = $"{id}-chef", DisplayName = $"Chef for {shortName}", Title = "Centerchef", ReportsTo = "kd" });
            organisation.Units.Add(new UnitEntry
            {
                UnitId = id, Parent = "kommunen", DisplayName = name, ShortName = shortName, Kind = UnitKind.Centre, Manager = $"{id}-chef",
                Headcount = perUnit.GetValueOrDefault(id) + 2,
            });
            for (var n = 1; n <= WorkplacesPerCentre; n++)
            {
                var unit = $"{id}-{n}";
                organisation.Managers.Add(new ManagerEntry
                {
                    ManagerId = $"{id}-leder-{n}", DisplayName = $"Leder {n} i {shortName}", Title = "Afdelingsleder", ReportsTo = $"{id}-chef",
                });
                organisation.Units.Add(new UnitEntry
                {
                    UnitId = unit, Parent = id, DisplayName = $"{shortName} afdeling {n}", Kind = UnitKind.Workplace, Manager = $"{id}-leder-{n}",
                    Headcount = perUnit.GetValueOrDefault(unit) + 1,
                });
            }
        }

        var instrument = NewInstrument();
        var items = instrument.Themes.SelectMany(t => t.Items).ToList();
        var people = new List<SurveyRespondent>(respondents);
        foreach (var (unit, count) in perUnit.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // A mood per unit (-1.2 .. +1.2 points around the middle), then each person's own.
            var mood = ((StableHash(unit) % 25) - 12) / 10.0;
            for (var k = 0; k < count; k++)
            {
                var random = new Random(people.Count + 1);
                var own = mood + ((random.NextDouble() - 0.5) * 1.5);
                var answers = new List<Answer>(items.Count);
                foreach (var item in items)
                {
                    var answer = new Answer { Instrument = $"instruments/{BenchInstrumentId}", ItemId = item.ItemId };
                    switch (item.ResponseType)
                    {
                        case ResponseType.FreeText:
                            answer.Text = $"{Comments[random.Next(Comments.Length)]} (svar {people.Count + 1})";
                            break;
                        case ResponseType.YesNo:
                            // Sensitive items: few say yes; the others mostly yes in a good mood.
                            answer.Yes = random.NextDouble() < (item.Sensitive ? 0.08 : 0.6 + (own / 6));
                            break;
                        default:
                            var towards = item.Direction == ItemDirection.Demand ? 3 - own : 3 + own;
                            answer.Scale = Math.Clamp((int)Math.Round(towards + ((random.NextDouble() - 0.5) * 3)), 1, 5);
                            break;
                    }
                    answers.Add(answer);
                }
                people.Add(new SurveyRespondent(unit, answers));
            }
        }
        return new SurveysDataSet { Organisation = organisation, Instrument = instrument, Respondents = people, PerUnit = perUnit };
    }

    /// <summary>The instrument's id; a run's rounds all use it (an instrument a round opened with is frozen, which reading does not mind).</summary>
    public const string BenchInstrumentId = "bench-apv-80";

    /// <summary>8 themes of 10 items: scales (agreement in even themes, frequency in odd ones; the demands of
    /// "Krav i arbejdet" reversed), a yes/no item in each theme, 4 sensitive yes/no items about violence,
    /// threats and harassment, and a free-text item at the end of the first and the last theme.</summary>
    private static Instrument NewInstrument()
    {
        var instrument = new Instrument
        {
            DisplayName = "APV- og trivselsundersøgelse (load bench, 80 spørgsmål)",
            Kind = InstrumentKind.ApvWellbeing,
            Description = "Spørgsmålene handler om dit arbejde og din arbejdsplads de seneste 12 måneder.",
        };
        for (var t = 0; t < Themes; t++)
        {
            var theme = new InstrumentTheme { ThemeId = $"tema-{t + 1}", Title = ThemeTitles[t] };
            for (var k = 0; k < ItemsPerTheme; k++)
            {
                var item = new InstrumentItem { ItemId = $"t{t + 1}-s{k + 1}" };
                if (t == 6 && k < 4)
                {
                    item.ResponseType = ResponseType.YesNo;
                    item.Direction = ItemDirection.Demand;
                    item.Sensitive = true;
                    item.Text = $"Har du inden for de seneste 12 måneder været udsat for {new[] { "fysisk vold", "trusler om vold", "mobning", "uønsket seksuel opmærksomhed" }[k]} på arbejdet?";
                }
                else if ((t == 0 || t == Themes - 1) && k == ItemsPerTheme - 1)
                {
                    item.ResponseType = ResponseType.FreeText;
                    item.Text = $"Har du kommentarer til temaet \"{ThemeTitles[t].ToLowerInvariant()}\"?";
                }
                else if (k == ItemsPerTheme - 2)
                {
                    item.ResponseType = ResponseType.YesNo;
                    item.Direction = ItemDirection.Resource;
                    item.Text = $"Er du alt i alt tilfreds med {ThemeTitles[t].ToLowerInvariant()} på din arbejdsplads?";
                }
                else
                {
                    item.ResponseType = t % 2 == 0 ? ResponseType.AgreementScale : ResponseType.FrequencyScale;
                    item.Direction = t == 1 ? ItemDirection.Demand : ItemDirection.Resource;
                    item.Text = $"{ThemeTitles[t]}: udsagn {k + 1} om din hverdag på arbejdspladsen.";
                }
                theme.Items.Add(item);
            }
            instrument.Themes.Add(theme);
        }
        return instrument;
    }

    /// <summary>How many respondents each unit gets: <see cref="DirectPerCentre"/> in each centre itself,
    /// 2-4 in workplaces 13, 26 and 39 of each centre, the rest by uneven weights over the other workplaces.</summary>
    private static Dictionary<string, int> Allocate(int respondents)
    {
        var perUnit = new Dictionary<string, int>(StringComparer.Ordinal);
        var weights = new List<(string Unit, int Weight)>();
        var left = respondents;
        foreach (var (id, _, _) in CentreNames)
        {
            perUnit[id] = DirectPerCentre;
            left -= DirectPerCentre;
            for (var n = 1; n <= WorkplacesPerCentre; n++)
            {
                if (n % 13 == 0)
                {
                    perUnit[$"{id}-{n}"] = 2 + (n / 13 % 3);
                    left -= perUnit[$"{id}-{n}"];
                }
                else
                {
                    weights.Add(($"{id}-{n}", 4 + ((n * 7) + (id[0] * 3)) % 25));
                }
            }
        }
        if (left < weights.Count * 5)
        {
            throw new ArgumentOutOfRangeException(nameof(respondents), respondents, $"too few respondents for {weights.Count} workplaces of at least 5");
        }
        // At least 5 each, the rest in proportion to the weights (largest remainders first).
        left -= weights.Count * 5;
        var total = weights.Sum(w => w.Weight);
        var shares = weights.Select(w => (w.Unit, Exact: (double)left * w.Weight / total)).ToList();
        foreach (var (unit, exact) in shares)
        {
            perUnit[unit] = 5 + (int)exact;
        }
        var rest = left - shares.Sum(s => (int)s.Exact);
        foreach (var (unit, _) in shares.OrderByDescending(s => s.Exact - (int)s.Exact).ThenBy(s => s.Unit, StringComparer.Ordinal).Take(rest))
        {
            perUnit[unit]++;
        }
        return perUnit;
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = unchecked((h * 31) + c);
        }
        return h & 0x7fffffff;
    }
}
