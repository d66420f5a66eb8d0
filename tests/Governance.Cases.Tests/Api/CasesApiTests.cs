using Governance.Cases.V1;
using Grpc.Core;

namespace Governance.Cases.Tests.Api;

/// <summary>Cases, journal numbers, status, documents, notes and their errors, through the real host.</summary>
public abstract class CasesApiTests(IApiHost host) : CasesApiTestBase(host)
{
    [Fact]
    public async Task Create_allocates_a_padded_journal_number_of_the_year_and_get_finds_it_by_name_and_number()
    {
        var unit = UniqueUnit();
        var created = await CreateCaseAsync(unit, "Budget 2018-21 — æøå ÆØÅ", c => c.Confidentiality = Confidentiality.Public);

        Assert.Matches($@"^{CurrentYear:00}/\d{{5,6}}\z", created.JournalNumber);
        Assert.Equal($"cases/{CurrentYear:00}-{RunningNumber(created.JournalNumber)}", created.Name);
        Assert.Equal(CaseStatus.Open, created.Status);
        Assert.Equal("Budget 2018-21 — æøå ÆØÅ", created.Title);
        Assert.Equal(unit, created.Unit);
        Assert.Equal("test-all-roles", created.CaseHandler);
        Assert.Equal("00.01.00", created.KleNumber);
        Assert.False(created.Redacted);
        Assert.NotEmpty(created.Etag);

        Assert.Equal(created, await GetCaseAsync(created.Name));
        Assert.Equal(created, await Client.GetCaseAsync(new GetCaseRequest { JournalNumber = created.JournalNumber }, cancellationToken: Ct));
        var unpadded = $"{CurrentYear:00}/{RunningNumber(created.JournalNumber)}";
        Assert.Equal(created, await Client.GetCaseAsync(new GetCaseRequest { JournalNumber = unpadded }, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_case_is_registered_with_its_historical_number_once()
    {
        var number = Random.Shared.Next(100_000, 999_999);
        var journal = $"12/{number}";
        var registered = await CreateCaseAsync(UniqueUnit(), "Økonomiopfølgning 14-08-2012", c => c.JournalNumber = journal);
        Assert.Equal(journal, registered.JournalNumber);
        Assert.Equal($"cases/12-{number}", registered.Name);

        var error = await ApiAssert.RpcError(StatusCode.AlreadyExists,
            () => Client.CreateCaseAsync(new CreateCaseRequest { Case = NewCase(UniqueUnit(), "Andet", c => c.JournalNumber = journal) }, cancellationToken: Ct),
            "JOURNAL_NUMBER_TAKEN");
        Assert.Equal(registered.Name, error.Info.Metadata["resource"]);
    }

    [Fact]
    public async Task Allocation_skips_a_number_registered_in_the_current_year()
    {
        var first = await CreateCaseAsync(UniqueUnit());
        var next = RunningNumber(first.JournalNumber) + 1;
        var taken = await CreateCaseAsync(UniqueUnit(), "Importeret sag", c => c.JournalNumber = $"{CurrentYear:00}/{next}");

        var after = await CreateCaseAsync(UniqueUnit());

        Assert.Equal(next + 1, RunningNumber(after.JournalNumber));
        Assert.NotEqual(taken.Name, after.Name);
    }

    [Fact]
    public async Task Fifty_parallel_creations_get_fifty_distinct_journal_numbers()
    {
        var unit = UniqueUnit();
        var created = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => CreateCaseAsync(unit, $"Sag nr. {i}")));

        Assert.Equal(50, created.Select(c => c.JournalNumber).Distinct().Count());
        Assert.Equal(50, created.Select(c => c.Name).Distinct().Count());
        var listed = await Client.ListCasesAsync(new ListCasesRequest { Unit = unit, PageSize = 200 }, cancellationToken: Ct);
        Assert.Equal(created.Select(c => c.Name).Order(StringComparer.Ordinal), listed.Cases.Select(c => c.Name).Order(StringComparer.Ordinal));
        // Consecutive: nothing was handed out twice or lost to this test's own creations in between.
        var numbers = created.Select(c => RunningNumber(c.JournalNumber)).Order().ToList();
        Assert.Equal(Enumerable.Range(numbers[0], 50), numbers);
    }

    [Fact]
    public async Task Create_validates_every_field_at_once()
    {
        var bad = new Case
        {
            Title = "",
            Unit = "Ø D C",
            KleNumber = "81.0.00",
            LegalBasis = new string('x', 2001),
            JournalNumber = "2012/3142",
            Confidentiality = (Confidentiality)7,
            CaseHandler = new string('h', 201),
        };
        await ApiAssert.InvalidArgument(() => Client.CreateCaseAsync(new CreateCaseRequest { Case = bad }, cancellationToken: Ct),
            "case.title", "case.unit", "case.kle_number", "case.legal_basis", "case.journal_number", "case.confidentiality", "case.case_handler");
        await ApiAssert.InvalidArgument(() => Client.CreateCaseAsync(new CreateCaseRequest { Case = NewCase("BYC", new string('t', 501)) }, cancellationToken: Ct),
            "case.title");
        await ApiAssert.InvalidArgument(() => Client.CreateCaseAsync(new CreateCaseRequest(), cancellationToken: Ct), "case");
        await ApiAssert.InvalidArgument(() => Client.CreateCaseAsync(new CreateCaseRequest { Case = NewCase("BYC"), RequestId = "not-a-uuid" }, cancellationToken: Ct),
            "request_id");
    }

    [Fact]
    public async Task Create_with_a_request_id_is_done_once_and_a_reused_id_is_refused()
    {
        var unit = UniqueUnit();
        var requestId = NewRequestId();
        var first = await CreateCaseAsync(unit, requestId: requestId);
        var again = await CreateCaseAsync(unit, requestId: requestId);
        Assert.Equal(first, again);
        var listed = await Client.ListCasesAsync(new ListCasesRequest { Unit = unit }, cancellationToken: Ct);
        Assert.Single(listed.Cases);

        await ApiAssert.RpcError(StatusCode.AlreadyExists, () => Client.CreateCaseAsync(
            new CreateCaseRequest { Case = NewCase(unit, "Noget andet"), RequestId = requestId }, cancellationToken: Ct), "REQUEST_ID_REUSED");
    }

    [Fact]
    public async Task Get_answers_not_found_and_invalid_names()
    {
        await ApiAssert.NotFound(() => Client.GetCaseAsync(new GetCaseRequest { Name = "cases/99-999999" }, cancellationToken: Ct), "cases/99-999999");
        await ApiAssert.NotFound(() => Client.GetCaseAsync(new GetCaseRequest { JournalNumber = "99/999999" }, cancellationToken: Ct), "cases/99-999999");
        await ApiAssert.InvalidArgument(() => Client.GetCaseAsync(new GetCaseRequest { Name = "cases/26/00001" }, cancellationToken: Ct), "name");
        await ApiAssert.InvalidArgument(() => Client.GetCaseAsync(new GetCaseRequest { Name = "cases/26-01" }, cancellationToken: Ct), "name");
        await ApiAssert.InvalidArgument(() => Client.GetCaseAsync(new GetCaseRequest(), cancellationToken: Ct), "name");
        await ApiAssert.InvalidArgument(() => Client.GetCaseAsync(new GetCaseRequest { JournalNumber = "26-1" }, cancellationToken: Ct), "journal_number");
    }

    [Fact]
    public async Task List_filters_by_unit_status_and_year_and_pages_newest_first()
    {
        var unit = UniqueUnit();
        var cases = new List<Case>();
        for (var i = 0; i < 5; i++)
        {
            cases.Add(await CreateCaseAsync(unit, $"Sag {i}"));
        }
        var old = await CreateCaseAsync(unit, "Gammel sag", c => c.JournalNumber = $"11/{Random.Shared.Next(100_000, 999_999)}");
        await ChangeStatusAsync(cases[0], CaseStatus.InProgress);

        var seen = new List<Case>();
        var token = "";
        do
        {
            var page = await Client.ListCasesAsync(new ListCasesRequest { Unit = unit, PageSize = 2, PageToken = token }, cancellationToken: Ct);
            Assert.True(page.Cases.Count <= 2);
            seen.AddRange(page.Cases);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal([.. cases.Select(c => c.Name).Reverse(), old.Name], seen.Select(c => c.Name));

        var inProgress = await Client.ListCasesAsync(new ListCasesRequest { Unit = unit, Status = CaseStatus.InProgress }, cancellationToken: Ct);
        Assert.Equal([cases[0].Name], inProgress.Cases.Select(c => c.Name));
        var of2011 = await Client.ListCasesAsync(new ListCasesRequest { Unit = unit, Year = 2011 }, cancellationToken: Ct);
        Assert.Equal([old.Name], of2011.Cases.Select(c => c.Name));

        await ApiAssert.InvalidArgument(() => Client.ListCasesAsync(new ListCasesRequest { Year = 1999 }, cancellationToken: Ct), "year");
        await ApiAssert.InvalidArgument(() => Client.ListCasesAsync(new ListCasesRequest { PageSize = -1 }, cancellationToken: Ct), "page_size");
        await ApiAssert.InvalidArgument(() => Client.ListCasesAsync(new ListCasesRequest { PageToken = "garbage!" }, cancellationToken: Ct), "page_token");
        var first = await Client.ListCasesAsync(new ListCasesRequest { Unit = unit, PageSize = 1 }, cancellationToken: Ct);
        await ApiAssert.InvalidArgument(() => Client.ListCasesAsync(new ListCasesRequest { Unit = UniqueUnit(), PageToken = first.NextPageToken }, cancellationToken: Ct),
            "page_token");
    }

    [Fact]
    public async Task Update_changes_the_masked_fields_with_the_etag_and_refuses_a_stale_one()
    {
        var created = await CreateCaseAsync(UniqueUnit());
        var updated = await Client.UpdateCaseAsync(new UpdateCaseRequest
        {
            Case = new Case { Name = created.Name, Title = "Budget 2019-22 (ændret)", KleNumber = "81.00.00", LegalBasis = "Ændret" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title", "kle_number" } },
            Etag = created.Etag,
        }, cancellationToken: Ct);
        Assert.Equal("Budget 2019-22 (ændret)", updated.Title);
        Assert.Equal("81.00.00", updated.KleNumber);
        Assert.Equal(created.LegalBasis, updated.LegalBasis);
        Assert.NotEqual(created.Etag, updated.Etag);
        Assert.Equal(updated, await GetCaseAsync(created.Name));

        await ApiAssert.Aborted(() => Client.UpdateCaseAsync(new UpdateCaseRequest
        {
            Case = new Case { Name = created.Name, Title = "For sent" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title" } },
            Etag = created.Etag,
        }, cancellationToken: Ct));
        await ApiAssert.InvalidArgument(() => Client.UpdateCaseAsync(new UpdateCaseRequest
        {
            Case = new Case { Name = created.Name },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "status" } },
        }, cancellationToken: Ct), "update_mask");
        await ApiAssert.InvalidArgument(() => Client.UpdateCaseAsync(new UpdateCaseRequest
        {
            Case = new Case { Name = created.Name, Title = "", KleNumber = "1.2.3" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title", "kle_number" } },
        }, cancellationToken: Ct), "case.title", "case.kle_number");
        await ApiAssert.NotFound(() => Client.UpdateCaseAsync(new UpdateCaseRequest
        {
            Case = new Case { Name = "cases/99-999998", Title = "x" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title" } },
        }, cancellationToken: Ct), "cases/99-999998");
    }

    [Fact]
    public async Task Status_follows_the_lifecycle_with_reopening_and_refuses_other_steps()
    {
        var c = await CreateCaseAsync(UniqueUnit());
        await ApiAssert.FailedPrecondition(() => Client.ChangeCaseStatusAsync(
            new ChangeCaseStatusRequest { Name = c.Name, Status = CaseStatus.Decided }, cancellationToken: Ct), "INVALID_STATUS_TRANSITION", "OPEN", "DECIDED");
        c = await ChangeStatusAsync(c, CaseStatus.InProgress, "Sagsbehandling påbegyndt");
        Assert.Equal("Sagsbehandling påbegyndt", c.StatusReason);
        c = await ChangeStatusAsync(c, CaseStatus.Decided, "Godkendt af Direktionen den 09-03-2017");
        c = await ChangeStatusAsync(c, CaseStatus.Closed);
        await ApiAssert.FailedPrecondition(() => Client.ChangeCaseStatusAsync(
            new ChangeCaseStatusRequest { Name = c.Name, Status = CaseStatus.Open }, cancellationToken: Ct), "INVALID_STATUS_TRANSITION", "CLOSED");
        var reopened = await ChangeStatusAsync(c, CaseStatus.InProgress, "Genoptaget");
        Assert.Equal(CaseStatus.InProgress, reopened.Status);

        await ApiAssert.Aborted(() => Client.ChangeCaseStatusAsync(
            new ChangeCaseStatusRequest { Name = c.Name, Status = CaseStatus.Decided, Etag = c.Etag }, cancellationToken: Ct));
        await ApiAssert.InvalidArgument(() => Client.ChangeCaseStatusAsync(
            new ChangeCaseStatusRequest { Name = c.Name, Reason = new string('r', 2001) }, cancellationToken: Ct), "status", "reason");

        var timeline = await TimelineAsync(c);
        Assert.Equal([TimelineEntryKind.CaseOpened, TimelineEntryKind.StatusChanged, TimelineEntryKind.StatusChanged,
            TimelineEntryKind.StatusChanged, TimelineEntryKind.StatusChanged], timeline.Select(t => t.Kind));
        Assert.Equal([CaseStatus.InProgress, CaseStatus.Decided, CaseStatus.Closed, CaseStatus.InProgress], timeline.Skip(1).Select(t => t.Status));
        Assert.Contains("Godkendt af Direktionen den 09-03-2017", timeline[2].Text, StringComparison.Ordinal);
        Assert.All(timeline, t => Assert.Matches("^[0-9a-f]{32}\\z", t.TraceId));
    }

    [Fact]
    public async Task Documents_get_numbers_of_the_year_in_order_and_list_in_pages()
    {
        var c = await CreateCaseAsync(UniqueUnit());
        var docs = new List<CaseDocument>();
        for (var i = 0; i < 3; i++)
        {
            docs.Add(await AddDocumentAsync(c, $"Bilag {i}: Økonomiske nøgletal"));
        }
        Assert.All(docs, d => Assert.Matches($@"^\d{{6}}/{CurrentYear:00}\z", d.DocumentNumber));
        var numbers = docs.Select(d => int.Parse(d.DocumentNumber[..6], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(3, numbers.Distinct().Count());
        Assert.Equal(3, (await GetCaseAsync(c.Name)).DocumentCount);

        var first = await Client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = c.Name, PageSize = 2 }, cancellationToken: Ct);
        var second = await Client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = c.Name, PageSize = 2, PageToken = first.NextPageToken }, cancellationToken: Ct);
        Assert.Equal(docs, [.. first.Documents, .. second.Documents]);
        Assert.Empty(second.NextPageToken);

        var timeline = await TimelineAsync(c);
        Assert.Equal(3, timeline.Count(t => t.Kind == TimelineEntryKind.DocumentAdded));
        Assert.Contains(timeline, t => t.Text.Contains(docs[2].DocumentNumber, StringComparison.Ordinal) && t.Resource == docs[2].Name);

        await ApiAssert.InvalidArgument(() => Client.AddCaseDocumentAsync(new AddCaseDocumentRequest { Parent = c.Name, Document = new CaseDocument() }, cancellationToken: Ct),
            "document.title");
        await ApiAssert.NotFound(() => Client.AddCaseDocumentAsync(new AddCaseDocumentRequest { Parent = "cases/99-999997", Document = new CaseDocument { Title = "x" } }, cancellationToken: Ct),
            "cases/99-999997");
        await ApiAssert.NotFound(() => Client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = "cases/99-999997" }, cancellationToken: Ct), "cases/99-999997");
    }

    [Fact]
    public async Task Document_and_note_with_a_request_id_are_added_once()
    {
        var c = await CreateCaseAsync(UniqueUnit());
        var requestId = NewRequestId();
        var request = new AddCaseDocumentRequest { Parent = c.Name, Document = new CaseDocument { Title = "Høringssvar" }, RequestId = requestId };
        var first = await Client.AddCaseDocumentAsync(request, cancellationToken: Ct);
        Assert.Equal(first, await Client.AddCaseDocumentAsync(request, cancellationToken: Ct));
        Assert.Single((await Client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = c.Name }, cancellationToken: Ct)).Documents);

        var noteRequest = new AddCaseNoteRequest { Parent = c.Name, Note = new CaseNote { Text = "Ring til HR-Centret." }, RequestId = NewRequestId() };
        var note = await Client.AddCaseNoteAsync(noteRequest, cancellationToken: Ct);
        Assert.Equal(note, await Client.AddCaseNoteAsync(noteRequest, cancellationToken: Ct));
        Assert.Equal("Ring til HR-Centret.", note.Text);
        Assert.Single(await TimelineAsync(c), t => t.Kind == TimelineEntryKind.NoteAdded && t.Text == "Ring til HR-Centret." && t.Resource == note.Name);

        await ApiAssert.InvalidArgument(() => Client.AddCaseNoteAsync(new AddCaseNoteRequest { Parent = c.Name, Note = new CaseNote { Text = new string('n', 4001) } }, cancellationToken: Ct),
            "note.text");
    }

    [Fact]
    public async Task Timeline_pages_in_time_order()
    {
        var c = await CreateCaseAsync(UniqueUnit());
        for (var i = 0; i < 4; i++)
        {
            await AddNoteAsync(c, $"Notat {i}");
        }
        var first = await Client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = c.Name, PageSize = 3 }, cancellationToken: Ct);
        var second = await Client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = c.Name, PageSize = 3, PageToken = first.NextPageToken }, cancellationToken: Ct);
        var all = first.Entries.Concat(second.Entries).ToList();
        Assert.Equal(["Notat 0", "Notat 1", "Notat 2", "Notat 3"], all.Skip(1).Select(t => t.Text));
        Assert.Equal(TimelineEntryKind.CaseOpened, all[0].Kind);
        Assert.Empty(second.NextPageToken);
    }
}

public sealed class CasesApiSqliteTests(SqliteApiHost host) : CasesApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class CasesApiPostgresTests(PostgresApiHost host) : CasesApiTests(host), IClassFixture<PostgresApiHost>;
