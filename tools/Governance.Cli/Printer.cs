using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace Governance.Cli;

/// <summary>
/// Prints a command's result: in json one document on stdout, formatted by Google.Protobuf's
/// JsonFormatter (the proto JSON names, as the HTTP/JSON API has them); in text a table or label
/// lines, drawn by Spectre.Console when stdout is a terminal and as plain aligned lines otherwise.
/// </summary>
public sealed class Printer(OutputFormat format, TextWriter output)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation());

    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    public OutputFormat Format { get; } = format;

    public bool Json => Format == OutputFormat.Json;

    /// <summary>Spectre only for a terminal: redirected output, and any writer but the console's, get plain lines.</summary>
    public bool Terminal => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public void Message(IMessage message) => output.WriteLine(Formatter.Format(message));

    /// <summary>A document as it is, nothing before or after it: what a script redirects to a file.</summary>
    public void Document(string document) => output.Write(document);

    /// <summary>A binary document (.docx) on stdout, only when stdout is redirected to a file or pipe:
    /// a terminal would show bytes, and a text writer would re-encode them.</summary>
    public void Binary(byte[] document)
    {
        if (!ReferenceEquals(output, Console.Out) || Terminal)
        {
            throw new UsageException("Et Word-dokument skrives ikke i terminalen: brug --out FIL, eller send stdout til en fil (> referat.docx).");
        }
        output.Flush();
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(document);
    }

    public void Table(string empty, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        if (all.Count == 0)
        {
            output.WriteLine(empty);
            return;
        }
        if (Terminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(Markup.Escape(header)));
            }
            foreach (var row in all)
            {
                table.AddRow([.. row.Select(cell => new Text(cell))]);
            }
            AnsiConsole.Write(table);
            return;
        }
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(headers));
        foreach (var row in all)
        {
            output.WriteLine(Line(row));
        }
    }

    /// <summary>"Label: value" lines of one resource; empty values are left out.</summary>
    public void Fields(IEnumerable<(string Label, string Value)> fields)
    {
        var shown = fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToList();
        var width = shown.Count == 0 ? 0 : shown.Max(f => f.Label.Length) + 1;
        foreach (var (label, value) in shown)
        {
            output.WriteLine($"{(label + ":").PadRight(width)} {value}");
        }
    }

    public void Line(string text) => output.WriteLine(text);

    public static string Time(Timestamp? time) =>
        time is null ? "" : time.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", Danish);

    public static string DateTime(Google.Type.DateTime? time) =>
        time is null ? "" : $"{time.Year:0000}-{time.Month:00}-{time.Day:00} {time.Hours:00}:{time.Minutes:00}";

    public static string Date(Google.Type.Date? date) =>
        date is null ? "" : $"{date.Year:0000}-{date.Month:00}-{date.Day:00}";

    /// <summary>An enum value without its type prefix, as the proto names it: MEETING_STATE_HELD is HELD.</summary>
    public static string Enum<T>(T value) where T : struct, System.Enum
    {
        var original = typeof(T).GetField(value.ToString())?
            .GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
            .OfType<Google.Protobuf.Reflection.OriginalNameAttribute>().FirstOrDefault()?.Name ?? value.ToString();
        var prefix = string.Concat(typeof(T).Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant() + "_";
        return original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;
    }
}
