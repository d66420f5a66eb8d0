namespace Governance.Referat.Tests;

/// <summary>
/// Every line the parsed model holds, found by walking its public shape field by field (not through
/// the parser's own <see cref="IFromSource.SourceLines"/>), each with the place it is held, so a test
/// can show that each input line is in exactly one place.
/// </summary>
internal static class ModelWalk
{
    public static List<(SourceLine Line, string Place)> Lines(Referat referat)
    {
        var found = new List<(SourceLine, string)>();
        void Add(SourceLine? line, string place)
        {
            if (line is { } l)
            {
                found.Add((l, place));
            }
        }

        var h = referat.Header;
        Add(h.TitleLine, "header/title");
        Add(h.DateLine, "header/date");
        Add(h.PlaceLine, "header/place");
        Add(h.ParticipantsLine, "header/participants");
        if (referat.Contents is { } contents)
        {
            Add(contents.Heading, "contents/heading");
            contents.TableLines.ToList().ForEach(l => Add(l, "contents/table"));
            contents.Entries.ToList().ForEach(e => Add(e.Line, "contents/entry"));
        }
        referat.Unclassified.ToList().ForEach(u => Add(u.Line, "meeting/unclassified"));
        foreach (var item in referat.Items)
        {
            var at = $"punkt {item.Number}";
            Add(item.HeadingLine, $"{at}/heading");
            Add(item.JournalLine, $"{at}/journal");
            item.Unclassified.ToList().ForEach(u => Add(u.Line, $"{at}/unclassified"));
            foreach (var section in item.Sections)
            {
                var place = $"{at}/{section.Kind}";
                Add(section.Heading, $"{place}/heading");
                switch (section)
                {
                    case TextSection text:
                        Blocks(text.Blocks, place);
                        break;
                    case Decision decision:
                        Blocks(decision.Blocks, place);
                        break;
                    case Recommendation recommendation:
                        recommendation.Introduction.ToList().ForEach(l => Add(l, $"{place}/introduction"));
                        recommendation.Points.SelectMany(p => p.Lines).ToList().ForEach(l => Add(l, $"{place}/point"));
                        break;
                    case AttachmentList attachments:
                        attachments.Attachments.ToList().ForEach(a => Add(a.Line, $"{place}/attachment"));
                        break;
                    default:
                        throw new InvalidOperationException($"a section type the walk does not know: {section.GetType().Name}");
                }
            }
        }
        return found;

        void Blocks(IEnumerable<Block> blocks, string place)
        {
            foreach (var block in blocks)
            {
                switch (block)
                {
                    case Paragraph p:
                        p.Lines.ToList().ForEach(l => Add(l, $"{place}/paragraph"));
                        break;
                    case Table t:
                        t.Rows.ToList().ForEach(r => Add(r.Line, $"{place}/table"));
                        break;
                    case GuestNote g:
                        Add(g.Line, $"{place}/guest");
                        break;
                    case ReminderList list:
                        Add(list.Header.Line, $"{place}/huskeliste/header");
                        list.Separators.ToList().ForEach(r => Add(r.Line, $"{place}/huskeliste/separator"));
                        foreach (var group in list.Groups)
                        {
                            Add(group.Heading, $"{place}/huskeliste/group");
                            group.Reminders.ToList().ForEach(r => Add(r.Row.Line, $"{place}/huskeliste/row"));
                        }
                        foreach (var calendar in list.Calendars)
                        {
                            Add(calendar.Title, $"{place}/calendar/title");
                            calendar.Lines.ToList().ForEach(l => Add(l.Line, $"{place}/calendar/line"));
                        }
                        break;
                    default:
                        throw new InvalidOperationException($"a block type the walk does not know: {block.GetType().Name}");
                }
            }
        }
    }

    /// <summary>
    /// Asserts that each non-blank line of <paramref name="text"/> is held exactly once, with its exact
    /// text, that nothing else is held, and that the report counts agree; names the first line that fails.
    /// </summary>
    public static void AssertEveryLineOnce(string text, Referat referat)
    {
        var input = SourceLine.Split(text);
        var held = Lines(referat);
        var byNumber = held.GroupBy(h => h.Line.Number).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var line in input.Where(l => !l.IsBlank))
        {
            Assert.True(byNumber.TryGetValue(line.Number, out var places), $"line {line.Number} is in no place of the model: {line.Text}");
            Assert.True(places.Count == 1, $"line {line.Number} is in {places.Count} places: {string.Join(", ", places.Select(p => p.Place))}");
            Assert.Equal(line.Text, places[0].Line.Text);
        }
        Assert.All(held, h => Assert.False(h.Line.IsBlank, $"a blank line is held at {h.Place}"));
        Assert.Equal(input.Count(l => !l.IsBlank), held.Count);

        // The parser's own accounting agrees with the walk.
        Assert.Equal(held.Select(h => h.Line.Number).Order(), referat.SourceLines().Select(l => l.Number));
        var unclassified = held.Where(h => h.Place.EndsWith("/unclassified", StringComparison.Ordinal)).Select(h => h.Line.Number).Order().ToArray();
        Assert.Equal(unclassified, referat.Report.Unclassified.Select(u => u.Line.Number));
        Assert.Equal(held.Count - unclassified.Length, referat.Report.ClassifiedLineCount);
        Assert.Equal(input.Count, referat.Report.LineCount);
        Assert.Equal(input.Count(l => l.IsBlank), referat.Report.BlankLineCount);
    }
}
