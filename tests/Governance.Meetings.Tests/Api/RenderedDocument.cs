using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Google.Api;
using Governance.Meetings.Minutes;

namespace Governance.Meetings.Tests.Api;

/// <summary>What a rendered document says, for the checks of every format: a text format as its UTF-8
/// text; a .docx as its paragraphs' text, one per line, followed by every part's XML with the entities
/// decoded, so that a check for a secret also sees what is not a paragraph (headers, properties, fields).</summary>
internal static class RenderedDocument
{
    public static string Text(HttpBody document)
    {
        if (document.ContentType != MinutesDocuments.DocxType)
        {
            return document.Data.ToStringUtf8();
        }
        using var docx = WordprocessingDocument.Open(new MemoryStream(document.Data.ToByteArray()), false);
        var text = new StringBuilder();
        foreach (var paragraph in docx.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>())
        {
            text.Append(string.Concat(paragraph.Descendants<Text>().Select(t => t.Text))).Append('\n');
        }
        foreach (var part in docx.GetAllParts())
        {
            using var reader = new StreamReader(part.GetStream(), Encoding.UTF8);
            text.Append('\n').Append(WebUtility.HtmlDecode(reader.ReadToEnd()));
        }
        return text.ToString();
    }
}
