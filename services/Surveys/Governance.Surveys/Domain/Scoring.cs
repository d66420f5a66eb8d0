using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

// Why one additive tally: the results reader scores thousands of responses per instrument and shows every
// unit of a tree of hundreds, each with the answers of every unit below it. Everything a result needs
// (answer counts, score sums, the distribution, the sums of the respondents' theme and dimension scores)
// is a sum, so a response is scored once into its own unit's tally and a parent is the merge of its own
// tally and its children's: no response is read twice, and no mean is averaged again (a mean of means
// would weigh a small unit like a big one).

/// <summary>
/// The scoring rules of the results (results.proto): an item scores 0-100 (a 5-point scale 100/75/50/25/0
/// from the highest answer to the lowest, yes/no 100 or 0; reversed for a demand item, where a high
/// answer is bad); a respondent's theme score is the mean of their scored items in the theme when they
/// answered at least half of the theme's scored items (answered × 2 ≥ scored; free text is not scored
/// and not counted), and a social-capital dimension's score likewise over the dimension's items in every
/// theme; a group's item score is the mean over those who answered the item, its theme and dimension
/// scores the mean of its respondents' scores.
/// </summary>
public static class Scoring
{
    /// <summary>The points of a scale: 1 (the lowest: "Helt uenig", "Aldrig") to 5 (the highest: "Helt
    /// enig", "Altid").</summary>
    public const int ScalePoints = 5;

    /// <summary>A yes/no item's point for "Ja".</summary>
    public const int Yes = 1;

    /// <summary>A yes/no item's point for "Nej".</summary>
    public const int No = 0;

    /// <summary>Whether <paramref name="point"/> is an answer to an item of <paramref name="type"/>: 1-5
    /// for a scale, 1 (yes) or 0 (no) for yes/no; free text has no point, so any is accepted (pass 0).</summary>
    public static bool IsPoint(ResponseType type, int point) => type switch
    {
        ResponseType.AgreementScale or ResponseType.FrequencyScale => point is >= 1 and <= ScalePoints,
        ResponseType.YesNo => point is No or Yes,
        ResponseType.FreeText => true,
        _ => false,
    };

    /// <summary>The 0-100 score of one answer to a scale or yes/no item.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Free text (not scored), or a point the type does not have.</exception>
    public static int ItemScore(ResponseType type, ItemDirection direction, int point)
    {
        var score = type switch
        {
            ResponseType.AgreementScale or ResponseType.FrequencyScale when point is >= 1 and <= ScalePoints => (point - 1) * 25,
            ResponseType.YesNo when point is No or Yes => point * 100,
            _ => throw new ArgumentOutOfRangeException(nameof(point), point, $"{type} has no scored point {point}"),
        };
        return direction switch
        {
            ItemDirection.Resource => score,
            ItemDirection.Demand => 100 - score,
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "a scored item is a resource or a demand"),
        };
    }

    /// <summary>The slot of an answer in an item's distribution, which runs from the highest point to the
    /// lowest (raw answers, never reversed): a scale's 5 is slot 0 and its 1 slot 4; yes is slot 0, no slot 1.</summary>
    private static int Slot(ResponseType type, int point) => type == ResponseType.YesNo ? Yes - point : ScalePoints - point;

    /// <summary>The length of an item's distribution: five for a scale, two for yes/no, none for free text.</summary>
    public static int DistributionLength(ResponseType type) => type switch
    {
        ResponseType.AgreementScale or ResponseType.FrequencyScale => ScalePoints,
        ResponseType.YesNo => 2,
        _ => 0,
    };

    /// <summary>One answer of a response: the item's position in the <see cref="Layout"/> and the point
    /// (for free text, 0: the text is not scored, only counted).</summary>
    public readonly record struct Answer(int Item, int Point);

    /// <summary>What a mean rests on: how many values and their sum. Means are unrounded; the caller rounds
    /// for display.</summary>
    public readonly record struct Mean(int Count, double Sum)
    {
        /// <summary>The mean; null when no one counted.</summary>
        public double? Value => Count == 0 ? null : Sum / Count;
    }

    /// <summary>
    /// An instrument's items numbered once, for tallies: item <c>i</c> is the i-th item of the themes taken
    /// in order (theme by theme, each in its items' order), so arrays indexed by position replace lookups
    /// by id per answer. Social-capital dimensions are numbered in the enum's order.
    /// </summary>
    public sealed class Layout
    {
        private static readonly SocialCapitalDimension[] AllDimensions = [SocialCapitalDimension.Bonding, SocialCapitalDimension.Bridging];

        private readonly string[] itemIds;
        private readonly Dictionary<string, int> indexById;
        private readonly ResponseType[] types;
        private readonly ItemDirection[] directions;
        private readonly int[] themeOf;
        private readonly int[] themeStart;
        private readonly int[] dimensionOf;

        private Layout(IReadOnlyList<InstrumentTheme> themes)
        {
            var count = themes.Sum(t => t.Items.Count);
            itemIds = new string[count];
            indexById = new Dictionary<string, int>(count, StringComparer.Ordinal);
            types = new ResponseType[count];
            directions = new ItemDirection[count];
            themeOf = new int[count];
            dimensionOf = new int[count];
            themeStart = new int[themes.Count + 1];
            ScoredInTheme = new int[themes.Count];
            ScoredInDimension = new int[AllDimensions.Length];
            ThemeIds = [.. themes.Select(t => t.ThemeId)];
            var i = 0;
            for (var t = 0; t < themes.Count; t++)
            {
                themeStart[t] = i;
                foreach (var item in themes[t].Items)
                {
                    if (!indexById.TryAdd(item.ItemId, i))
                    {
                        throw new ArgumentException($"item id '{item.ItemId}' is twice in the instrument", nameof(themes));
                    }
                    var scored = item.ResponseType != ResponseType.FreeText;
                    if (DistributionLength(item.ResponseType) == 0 && scored)
                    {
                        throw new ArgumentException($"item '{item.ItemId}' has no response type", nameof(themes));
                    }
                    if (scored && item.Direction is not (ItemDirection.Resource or ItemDirection.Demand))
                    {
                        throw new ArgumentException($"item '{item.ItemId}' is scored but has no direction", nameof(themes));
                    }
                    itemIds[i] = item.ItemId;
                    types[i] = item.ResponseType;
                    directions[i] = item.Direction;
                    themeOf[i] = t;
                    dimensionOf[i] = scored ? Array.IndexOf(AllDimensions, item.Dimension) : -1;
                    if (scored)
                    {
                        ScoredInTheme[t]++;
                        if (dimensionOf[i] >= 0)
                        {
                            ScoredInDimension[dimensionOf[i]]++;
                        }
                    }
                    i++;
                }
            }
            themeStart[themes.Count] = i;
            Dimensions = [.. AllDimensions.Where((_, d) => ScoredInDimension[d] > 0)];
        }

        /// <summary>The layout of an instrument's themes (as <see cref="Instruments.CheckThemes"/> admits them).</summary>
        /// <exception cref="ArgumentException">An item id twice, or a scored item without a response type or direction.</exception>
        public static Layout Of(IReadOnlyList<InstrumentTheme> themes) => new(themes);

        public int ItemCount => itemIds.Length;

        public int ThemeCount => ThemeIds.Count;

        /// <summary>The theme ids in order.</summary>
        public IReadOnlyList<string> ThemeIds { get; }

        /// <summary>The dimensions that have scored items (none outside a social-capital instrument), in the
        /// enum's order: the <see cref="DimensionResult"/>s to show.</summary>
        public IReadOnlyList<SocialCapitalDimension> Dimensions { get; }

        internal int[] ScoredInTheme { get; }

        internal int[] ScoredInDimension { get; }

        /// <summary>The position of an item; -1 when it is not an item of the instrument (an answer to another
        /// instrument of the round, which the caller leaves out).</summary>
        public int IndexOf(string itemId) => indexById.TryGetValue(itemId, out var i) ? i : -1;

        public string ItemId(int item) => itemIds[item];

        public ResponseType TypeOf(int item) => types[item];

        public ItemDirection DirectionOf(int item) => directions[item];

        public int ThemeOf(int item) => themeOf[item];

        /// <summary>The dimension of a scored item of a social-capital instrument, else unspecified.</summary>
        public SocialCapitalDimension DimensionOf(int item) => dimensionOf[item] < 0 ? SocialCapitalDimension.Unspecified : AllDimensions[dimensionOf[item]];

        internal int DimensionIndex(int item) => dimensionOf[item];

        /// <summary>The positions of a theme's items: <c>Start..End</c>.</summary>
        public Range ItemsOf(int theme) => themeStart[theme]..themeStart[theme + 1];

        /// <summary>The number of scored (not free-text) items in a theme: the "half" of the half rule.</summary>
        public int ScoredItemsOf(int theme) => ScoredInTheme[theme];

        internal static int DimensionSlot(SocialCapitalDimension dimension)
        {
            var d = Array.IndexOf(AllDimensions, dimension);
            return d >= 0 ? d : throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "bonding or bridging");
        }
    }

    /// <summary>
    /// The sums of a group's results for one instrument: build one per unit from its own responses with
    /// <see cref="Add"/>, and a parent's as its own merged with its children's (<see cref="Merge"/>). Arrays
    /// by item, theme and dimension position; <see cref="Add"/> allocates nothing. Not thread-safe.
    /// </summary>
    public sealed class Tally
    {
        private readonly int[] itemAnswers;
        private readonly long[] itemSums;
        private readonly int[] distribution;
        private readonly int[] textAnswers;
        private readonly int[] themeRespondents;
        private readonly double[] themeSums;
        private readonly int[] dimensionRespondents;
        private readonly double[] dimensionSums;

        // One response's scratch, allocated at the first Add (a tally that only merges needs none).
        private int[]? seen;
        private int response;
        private int[]? themeAnswered;
        private long[]? themeScratch;
        private int[]? dimensionAnswered;
        private long[]? dimensionScratch;

        public Tally(Layout layout)
        {
            Layout = layout;
            itemAnswers = new int[layout.ItemCount];
            itemSums = new long[layout.ItemCount];
            distribution = new int[layout.ItemCount * ScalePoints];
            textAnswers = new int[layout.ItemCount];
            themeRespondents = new int[layout.ThemeCount];
            themeSums = new double[layout.ThemeCount];
            dimensionRespondents = new int[layout.ScoredInDimension.Length];
            dimensionSums = new double[layout.ScoredInDimension.Length];
        }

        public Layout Layout { get; }

        /// <summary>Responses that answered at least one item of the instrument (free text included).</summary>
        public int Respondents { get; private set; }

        /// <summary>
        /// Scores one response: its answers to this instrument, each item at most once, in any order (an
        /// empty response is no respondent). The response is checked whole before anything is counted.
        /// </summary>
        /// <exception cref="ArgumentException">An item out of the layout, an item twice, or a point the item's
        /// type does not have; the tally is then unchanged.</exception>
        public void Add(ReadOnlySpan<Answer> answers)
        {
            if (answers.IsEmpty)
            {
                return;
            }
            var layout = Layout;
            seen ??= new int[layout.ItemCount];
            themeAnswered ??= new int[layout.ThemeCount];
            themeScratch ??= new long[layout.ThemeCount];
            dimensionAnswered ??= new int[dimensionRespondents.Length];
            dimensionScratch ??= new long[dimensionRespondents.Length];
            // A new mark per response finds an item twice without clearing anything.
            var mark = ++response;
            foreach (var (item, point) in answers)
            {
                if ((uint)item >= (uint)layout.ItemCount)
                {
                    throw new ArgumentException($"item {item} is not in the instrument (0..{layout.ItemCount - 1})", nameof(answers));
                }
                if (seen[item] == mark)
                {
                    throw new ArgumentException($"item '{layout.ItemId(item)}' is answered twice in one response", nameof(answers));
                }
                if (!IsPoint(layout.TypeOf(item), point))
                {
                    throw new ArgumentException($"item '{layout.ItemId(item)}' ({layout.TypeOf(item)}) has no point {point}", nameof(answers));
                }
                seen[item] = mark;
            }

            Respondents++;
            foreach (var (item, point) in answers)
            {
                var type = layout.TypeOf(item);
                if (type == ResponseType.FreeText)
                {
                    textAnswers[item]++;
                    continue;
                }
                var score = ItemScore(type, layout.DirectionOf(item), point);
                itemAnswers[item]++;
                itemSums[item] += score;
                distribution[(item * ScalePoints) + Slot(type, point)]++;
                var theme = layout.ThemeOf(item);
                themeAnswered[theme]++;
                themeScratch[theme] += score;
                var dimension = layout.DimensionIndex(item);
                if (dimension >= 0)
                {
                    dimensionAnswered[dimension]++;
                    dimensionScratch[dimension] += score;
                }
            }
            Close(themeAnswered, themeScratch, layout.ScoredInTheme, themeRespondents, themeSums);
            Close(dimensionAnswered, dimensionScratch, layout.ScoredInDimension, dimensionRespondents, dimensionSums);
        }

        /// <summary>Turns one response's answered counts and sums into its scores (the half rule) and clears them.</summary>
        private static void Close(int[] answered, long[] sums, int[] scored, int[] respondents, double[] scoreSums)
        {
            for (var i = 0; i < answered.Length; i++)
            {
                if (answered[i] > 0 && answered[i] * 2 >= scored[i])
                {
                    respondents[i]++;
                    scoreSums[i] += (double)sums[i] / answered[i];
                }
                answered[i] = 0;
                sums[i] = 0;
            }
        }

        /// <summary>Adds another tally of the same layout: the result is the tally of both groups' responses.</summary>
        /// <exception cref="ArgumentException">A tally of another layout.</exception>
        public void Merge(Tally other)
        {
            if (!ReferenceEquals(other.Layout, Layout))
            {
                throw new ArgumentException("a tally merges only a tally of the same layout", nameof(other));
            }
            Respondents += other.Respondents;
            AddTo(itemAnswers, other.itemAnswers);
            AddTo(distribution, other.distribution);
            AddTo(textAnswers, other.textAnswers);
            AddTo(themeRespondents, other.themeRespondents);
            AddTo(dimensionRespondents, other.dimensionRespondents);
            for (var i = 0; i < itemSums.Length; i++)
            {
                itemSums[i] += other.itemSums[i];
            }
            for (var i = 0; i < themeSums.Length; i++)
            {
                themeSums[i] += other.themeSums[i];
            }
            for (var i = 0; i < dimensionSums.Length; i++)
            {
                dimensionSums[i] += other.dimensionSums[i];
            }
        }

        private static void AddTo(int[] to, int[] from)
        {
            for (var i = 0; i < to.Length; i++)
            {
                to[i] += from[i];
            }
        }

        /// <summary>An item's score: the answers to it and the sum of their scores (none for free text).</summary>
        public Mean Item(int item) => new(itemAnswers[item], itemSums[item]);

        /// <summary>An item's answers per point from the highest to the lowest, raw (never reversed): five for
        /// a scale, two (yes, no) for yes/no, none for free text.</summary>
        public ReadOnlySpan<int> Distribution(int item) =>
            distribution.AsSpan(item * ScalePoints, DistributionLength(Layout.TypeOf(item)));

        /// <summary>The free-text answers to an item.</summary>
        public int TextAnswers(int item) => textAnswers[item];

        /// <summary>A theme's score: the respondents with a theme score and the sum of their scores.</summary>
        public Mean Theme(int theme) => new(themeRespondents[theme], themeSums[theme]);

        /// <summary>A social-capital dimension's score: the respondents with a dimension score and their sum.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Neither bonding nor bridging.</exception>
        public Mean Dimension(SocialCapitalDimension dimension)
        {
            var d = Layout.DimensionSlot(dimension);
            return new(dimensionRespondents[d], dimensionSums[d]);
        }
    }
}
