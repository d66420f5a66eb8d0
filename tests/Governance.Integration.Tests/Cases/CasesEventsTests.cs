using Governance.Cases.Events;
using Governance.Cases.V1;
using Governance.Integration.Tests.Support;

namespace Governance.Integration.Tests.Cases;

/// <summary>
/// What Cases publishes through its outbox, seen by a subscriber of its own, for changes made through
/// its gRPC API: each event once, with its fields, and nothing of a closed (lukket) case's content.
/// </summary>
public abstract class CasesEventsTests(IIntegrationHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CasesService.CasesServiceClient Cases => new(host.Server.Channel);

    [Fact]
    public async Task Opening_a_case_changing_its_status_and_adding_a_document_each_publish_once()
    {
        await using var probe = await EventProbe.ConnectAsync(host.Bus, typeof(CaseOpened), typeof(CaseStatusChanged), typeof(CaseDocumentAdded));
        var open = await Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = "Budget 2028-31: udmøntning af besparelser", Unit = "ØDC", KleNumber = "00.01.00" },
        }, cancellationToken: Ct);
        var closed = await Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = "Personalesag: afskedigelse", Unit = "HR", Confidentiality = Confidentiality.Closed, KleNumber = "81.03.00" },
        }, cancellationToken: Ct);
        foreach (var c in new[] { open, closed })
        {
            await Cases.ChangeCaseStatusAsync(new ChangeCaseStatusRequest { Name = c.Name, Status = CaseStatus.InProgress, Reason = "Behandling påbegyndt: afskedigelse drøftes" },
                cancellationToken: Ct);
            await Cases.AddCaseDocumentAsync(new AddCaseDocumentRequest { Parent = c.Name, Document = new CaseDocument { Title = "Notat om afskedigelse og budget" } },
                cancellationToken: Ct);
        }

        var names = new[] { open.Name, closed.Name };
        await probe.WaitAsync(all => names.All(n =>
            all.Any(r => r.Message is CaseOpened o && o.Case == n)
            && all.Any(r => r.Message is CaseStatusChanged s && s.Case == n)
            && all.Any(r => r.Message is CaseDocumentAdded d && d.Case == n)));
        await Task.Delay(300, Ct);
        var mine = probe.All.Where(r => r.Message switch
        {
            CaseOpened o => names.Contains(o.Case),
            CaseStatusChanged s => names.Contains(s.Case),
            CaseDocumentAdded d => names.Contains(d.Case),
            _ => false,
        }).ToList();
        Assert.Equal(6, mine.Count);
        Assert.Equal(6, mine.Select(r => r.MessageId).Distinct().Count());

        var opened = Assert.Single(probe.Of<CaseOpened>(), e => e.Case == open.Name);
        Assert.Equal((open.JournalNumber, "ØDC", "Budget 2028-31: udmøntning af besparelser", false, false, "00.01.00"),
            (opened.JournalNumber, opened.Unit, opened.Title, opened.Confidential, opened.Registered, opened.KleNumber));
        var status = Assert.Single(probe.Of<CaseStatusChanged>(), e => e.Case == open.Name);
        Assert.Equal(("OPEN", "IN_PROGRESS", "Behandling påbegyndt: afskedigelse drøftes"), (status.From, status.To, status.Reason));
        var document = Assert.Single(probe.Of<CaseDocumentAdded>(), e => e.Case == open.Name);
        Assert.Equal("Notat om afskedigelse og budget", document.Title);
        Assert.Matches(@"^\d{6}/\d{2}$", document.DocumentNumber);
        // Every event carries the case's version and when the change happened (the times the API answers).
        Assert.Equal((1L, open.CreateTime.ToDateTimeOffset()), (opened.Version, opened.OccurredAt));
        Assert.Equal(2L, status.Version);
        Assert.Equal(2L, document.Version);
        Assert.True(opened.OccurredAt <= status.OccurredAt && status.OccurredAt <= document.OccurredAt);
        Assert.Equal(TimeSpan.Zero, document.OccurredAt.Offset);

        // The closed case: its number, unit and status travel; its content does not.
        var closedOpened = Assert.Single(probe.Of<CaseOpened>(), e => e.Case == closed.Name);
        Assert.True(closedOpened.Confidential);
        Assert.Equal(closed.JournalNumber, closedOpened.JournalNumber);
        Assert.Null(closedOpened.Title);
        Assert.Null(closedOpened.KleNumber);
        Assert.Null(Assert.Single(probe.Of<CaseStatusChanged>(), e => e.Case == closed.Name).Reason);
        Assert.Null(Assert.Single(probe.Of<CaseDocumentAdded>(), e => e.Case == closed.Name).Title);
        var closedJson = mine.Select(r => System.Text.Json.JsonSerializer.Serialize(r.Message, r.Message.GetType()))
            .Where(json => json.Contains($"\"{closed.Name}\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, closedJson.Count);
        Assert.All(closedJson, json => Assert.DoesNotContain("afskedig", json, StringComparison.OrdinalIgnoreCase));
        Assert.All(closedJson, json => Assert.DoesNotContain("Personalesag", json, StringComparison.Ordinal));
    }
}

public sealed class EmbeddedCasesEventsTests(EmbeddedHost host) : CasesEventsTests(host), IClassFixture<EmbeddedHost>;

public sealed class ServerCasesEventsTests(ServerHost host) : CasesEventsTests(host), IClassFixture<ServerHost>;
