using System.Text.Json;
using Dapper;
using Governance.Data.Connections;
using Governance.Data.Json;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Data;

/// <summary>The SQL of rounds, their frozen instruments, invitations, drafts and responses.</summary>
public sealed partial class SurveysSession
{
    // ---- rounds ----

    public Task InsertRoundAsync(RoundRecord r) => Connection.ExecuteAsync(
        """
        INSERT INTO rounds (id, display_name, instruments, target_units, answer_days, planned_open_time, release_time, reminder_days,
          previous_round_id, state, organisation_version, open_time, close_time, released_time, invited_count, response_count, reminders_sent,
          version, created_at, updated_at)
        VALUES (@Id, @DisplayName, @Instruments, @TargetUnits, @AnswerDays, @PlannedOpenTime, @ReleaseTime, @ReminderDays,
          @PreviousRoundId, @State, @OrganisationVersion, @OpenTime, @CloseTime, @ReleasedTime, @InvitedCount, @ResponseCount, @RemindersSent,
          @Version, @CreatedAt, @UpdatedAt)
        """, RoundRow.From(r), Transaction);

    /// <summary>A round's columns; while it is open, its response count is counted live from the answered
    /// invitations (no submission writes the round row: they would queue on its lock), and so are its
    /// pending e-mails: each unanswered invitation's due (1 + reminders_sent, MailAttempts.MailsDue) less
    /// those sent and given up. Sent and given up are kept on the round (they outlive the invitations).
    /// In the same statement as the round, so a page of rounds reads its counts at no extra statement.</summary>
    private const string RoundColumns =
        """
        r.id, r.display_name, r.instruments, r.target_units, r.answer_days, r.planned_open_time, r.release_time, r.reminder_days,
          r.previous_round_id, r.state, r.organisation_version, r.open_time, r.close_time, r.released_time, r.invited_count,
          CASE WHEN r.state = 'Open' THEN (SELECT COUNT(*) FROM invitations i WHERE i.round_id = r.id AND i.answered) ELSE r.response_count END
            AS response_count,
          r.reminders_sent, r.version, r.created_at, r.updated_at, r.mails_sent, r.mails_failed,
          CASE WHEN r.state = 'Open' THEN (SELECT COALESCE(SUM(1 + r.reminders_sent - i.mails_sent - i.mails_given_up), 0) FROM invitations i
            WHERE i.round_id = r.id AND NOT i.answered AND i.mails_sent + i.mails_given_up < 1 + r.reminders_sent) ELSE 0 END
            AS mails_pending
        """;

    public async Task<RoundRecord?> GetRoundAsync(string id, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<RoundRow>(
            $"SELECT {RoundColumns} FROM rounds r WHERE r.id = @id{(forUpdate ? Dialect.ForUpdate() : "")}", new { id }, Transaction))?.ToRecord();

    /// <summary>The answered invitations of a round, counted by a statement of its own: read after the
    /// round's lock is held, it sees every submission that committed before (PostgreSQL's READ COMMITTED
    /// gives each statement its snapshot; the locking read's own count may predate them).</summary>
    public Task<int> AnsweredCountAsync(string roundId) => Connection.ExecuteScalarAsync<int>(
        "SELECT COUNT(*) FROM invitations WHERE round_id = @roundId AND answered", new { roundId }, Transaction);

    /// <summary>The state of a round under a shared lock: answers are saved and submitted only while it is
    /// open, and a closing (FOR UPDATE) waits for the submissions that hold it. Round first, invitation
    /// second, as closing takes them: no deadlock between the two.</summary>
    public Task<string?> RoundStateSharedAsync(string id) => Connection.ExecuteScalarAsync<string?>(
        $"SELECT state FROM rounds WHERE id = @id{Dialect.ForShare()}", new { id }, Transaction);

    /// <summary>Rounds newest first, after (<paramref name="afterCreated"/>, <paramref name="afterId"/>) when given.</summary>
    public async Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(RoundState? state, DateTime? afterCreated, string afterId, int limit)
    {
        var sql = $"SELECT {RoundColumns} FROM rounds r WHERE 1 = 1";
        if (state is not null) sql += " AND r.state = @state";
        if (afterCreated is not null) sql += $" AND (r.created_at < @afterCreated OR (r.created_at = @afterCreated AND {Dialect.Binary("r.id")} < @afterId))";
        sql += $" ORDER BY r.created_at DESC, {Dialect.Binary("r.id")} DESC LIMIT @limit";
        return [.. (await Connection.QueryAsync<RoundRow>(sql, new { state = state?.ToString(), afterCreated, afterId, limit }, Transaction))
            .Select(r => r.ToRecord())];
    }

    /// <summary>Writes a round read under lock one version on (ABORTED if another writer won).</summary>
    public async Task UpdateRoundAsync(RoundRecord r)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE rounds SET display_name = @DisplayName, instruments = @Instruments, target_units = @TargetUnits, answer_days = @AnswerDays,
              planned_open_time = @PlannedOpenTime, release_time = @ReleaseTime, reminder_days = @ReminderDays, previous_round_id = @PreviousRoundId,
              state = @State, organisation_version = @OrganisationVersion, open_time = @OpenTime, close_time = @CloseTime,
              released_time = @ReleasedTime, invited_count = @InvitedCount, response_count = @ResponseCount, reminders_sent = @RemindersSent,
              version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, RoundRow.From(r), Transaction);
        if (rows != 1)
        {
            throw new ServiceDefaults.Errors.EtagMismatchException(r.Name);
        }
    }

    /// <summary>Open rounds and closed ones, for the sweep: few at any time.</summary>
    public async Task<IReadOnlyList<RoundRecord>> ActiveRoundsAsync() =>
        [.. (await Connection.QueryAsync<RoundRow>($"SELECT {RoundColumns} FROM rounds r WHERE r.state IN ('Open', 'Closed')", transaction: Transaction))
            .Select(r => r.ToRecord())];

    // ---- instruments as opened ----

    /// <summary>Keeps the round's instruments as they are now.</summary>
    public async Task FreezeInstrumentsAsync(string roundId, IReadOnlyList<InstrumentRecord> instruments)
    {
        for (var i = 0; i < instruments.Count; i++)
        {
            var x = instruments[i];
            await Connection.ExecuteAsync(
                """
                INSERT INTO round_instruments (round_id, instrument_id, position, display_name, kind, description, themes)
                VALUES (@roundId, @id, @position, @displayName, @kind, @description, @themes)
                """,
                new { roundId, id = x.Id, position = i, displayName = x.DisplayName, kind = x.Kind.ToString(), description = x.Description, themes = ProtoJson.ToJson(x.Themes) },
                Transaction);
        }
    }

    /// <summary>The instruments a round opened with, in the round's order (as they were then).</summary>
    public async Task<IReadOnlyList<InstrumentRecord>> RoundInstrumentsAsync(string roundId) =>
        [.. (await Connection.QueryAsync<(string InstrumentId, string DisplayName, string Kind, string Description, string Themes)>(
                "SELECT instrument_id, display_name, kind, description, themes FROM round_instruments WHERE round_id = @roundId ORDER BY position",
                new { roundId }, Transaction))
            .Select(r => new InstrumentRecord(r.InstrumentId, r.DisplayName, Enum.Parse<InstrumentKind>(r.Kind), r.Description,
                ProtoJson.ListFromJson<InstrumentTheme>(r.Themes), Template: false, SourceInstrument: null))];

    /// <summary>A round that opened with the instrument (it is frozen), or null.</summary>
    public Task<string?> RoundOpenedWithAsync(string instrumentId) => Connection.ExecuteScalarAsync<string?>(
        $"SELECT round_id FROM round_instruments WHERE instrument_id = @instrumentId ORDER BY {Dialect.Binary("round_id")} LIMIT 1",
        new { instrumentId }, Transaction);

    /// <summary>The instruments of these ids that exist.</summary>
    public async Task<IReadOnlyDictionary<string, InstrumentRecord>> InstrumentsAsync(IReadOnlyList<string> ids)
    {
        var found = new Dictionary<string, InstrumentRecord>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await GetInstrumentAsync(id) is { } i)
            {
                found[id] = i;
            }
        }
        return found;
    }

    // ---- the organisation a round reads ----

    /// <summary>Every unit of a version (at most 5,000): rounds work on the whole tree at once.</summary>
    public async Task<IReadOnlyList<UnitRecord>> AllUnitsAsync(long version) =>
        await ListUnitsAsync(version, parentId: null, afterId: "", limit: OrganisationImport.MaxUnits);

    /// <summary>Every manager of a version, without their units.</summary>
    public async Task<IReadOnlyList<ManagerRecord>> AllManagersAsync(long version) =>
        [.. (await Connection.QueryAsync<ManagerRow>("SELECT * FROM org_managers WHERE version = @version", new { version }, Transaction))
            .Select(r => r.ToRecord())];

    // ---- invitations ----

    public async Task InsertInvitationsAsync(IReadOnlyList<InvitationRecord> invitations)
    {
        foreach (var chunk in invitations.Chunk(RowsPerInsert))
        {
            await InsertRowsAsync("invitations", ["id", "round_id", "unit_id", "manager_id", "email", "token_hash", "answered", "mails_sent"],
                chunk.Select(i => new object?[] { i.Id, i.RoundId, i.UnitId, i.ManagerId, i.Email, i.TokenHash, i.Answered, i.MailsSent }));
        }
    }

    /// <summary>The invitation a token's hash names, under lock when writing: the link last sent, or the one
    /// of an e-mail being sent (claimed). The new link works from the moment the mail server may have it (a
    /// respondent can click before the send is recorded, or the process dies in between); the old one until
    /// the new e-mail is recorded sent.</summary>
    public async Task<InvitationRecord?> InvitationByTokenAsync(string tokenHash, bool forUpdate) =>
        (await Connection.QuerySingleOrDefaultAsync<InvitationRow>(
            $"SELECT * FROM invitations WHERE token_hash = @tokenHash OR next_token_hash = @tokenHash{(forUpdate ? Dialect.ForUpdate() : "")}",
            new { tokenHash }, Transaction))?.ToRecord();

    /// <summary>The e-mails of an open round that may be tried at <paramref name="now"/>, at most
    /// <paramref name="limit"/>: unanswered invitations with fewer than <paramref name="mails"/> e-mails sent
    /// or given up, neither claimed (a lease running) nor waiting after a failure.</summary>
    public async Task<IReadOnlyList<DueMail>> MailsDueAsync(string roundId, int mails, DateTime now, int limit) =>
        [.. (await Connection.QueryAsync<DueMailRow>(
            $"""
            SELECT id, email, mails_sent, mails_given_up, mail_attempts FROM invitations
            WHERE round_id = @roundId AND answered = @no AND mails_sent + mails_given_up < @mails
              AND (mail_not_before IS NULL OR mail_not_before <= @now)
            ORDER BY {Dialect.Binary("id")} LIMIT @limit
            """,
            new { roundId, mails, now, limit, no = false }, Transaction)).Select(r => r.ToRecord())];

    /// <summary>Claims an e-mail to send: the hash of its new token is kept beside the invitation's
    /// (next_token_hash: the link sent before keeps working until this e-mail has gone out), the attempt is
    /// counted and the e-mail is held until <paramref name="leaseUntil"/>, all in one statement that holds
    /// only if the invitation is as <paramref name="mail"/> read it, still due and not held: of replicas
    /// racing for it, one wins. A replica that dies after its claim leaves the lease to run out; the next
    /// claim overwrites its token.</summary>
    public async Task<bool> ClaimMailAsync(DueMail mail, int mails, string tokenHash, DateTime now, DateTime leaseUntil) =>
        await Connection.ExecuteAsync(
            """
            UPDATE invitations SET next_token_hash = @tokenHash, mail_attempts = mail_attempts + 1, mail_not_before = @leaseUntil
            WHERE id = @InvitationId AND answered = @no AND mails_sent = @MailsSent AND mails_given_up = @GivenUp AND mail_attempts = @Attempts
              AND mails_sent + mails_given_up < @mails AND (mail_not_before IS NULL OR mail_not_before <= @now)
            """,
            new { mail.InvitationId, mail.MailsSent, mail.GivenUp, mail.Attempts, mails, tokenHash, now, leaseUntil, no = false }, Transaction) == 1;

    /// <summary>The e-mail claimed with <paramref name="tokenHash"/> is sent: its token becomes the
    /// invitation's (the link sent before stops working now, when the new one has gone out), counted on the
    /// round (which keeps it after closing) and on the invitation, whose attempts start over. The round
    /// first, as closing and the submissions take the two: no deadlock. Counted on the round even when the
    /// invitation is gone (a closing came between): the server took the e-mail.</summary>
    public async Task MarkMailedAsync(string roundId, string invitationId, string tokenHash)
    {
        await Connection.ExecuteAsync("UPDATE rounds SET mails_sent = mails_sent + 1 WHERE id = @roundId", new { roundId }, Transaction);
        await Connection.ExecuteAsync(
            """
            UPDATE invitations SET token_hash = next_token_hash, next_token_hash = NULL, mails_sent = mails_sent + 1, mail_attempts = 0,
              mail_not_before = NULL
            WHERE id = @invitationId AND next_token_hash = @tokenHash
            """,
            new { invitationId, tokenHash }, Transaction);
    }

    /// <summary>The e-mail claimed with <paramref name="tokenHash"/> failed and is tried again at
    /// <paramref name="retryAt"/>; its attempt stays counted, its token is dropped (nobody received it) and
    /// the invitation's token, the link sent before, stays the one that works.</summary>
    public Task PostponeMailAsync(string invitationId, string tokenHash, DateTime retryAt) => Connection.ExecuteAsync(
        "UPDATE invitations SET mail_not_before = @retryAt, next_token_hash = NULL WHERE id = @invitationId AND next_token_hash = @tokenHash",
        new { invitationId, tokenHash, retryAt }, Transaction);

    /// <summary>Gives an e-mail up: the claim of <paramref name="tokenHash"/> whose last attempt failed, or
    /// (null) an e-mail as <paramref name="mail"/> read it whose last claim's lease ran out. Counted on the
    /// round and the invitation, which is no longer due it (the next reminder makes another due); the
    /// claim's token is dropped and the link sent before still works. False when the invitation has moved
    /// on (another claim, a closing): then nothing may be committed.</summary>
    public async Task<bool> GiveUpMailAsync(string roundId, DueMail mail, string? tokenHash, DateTime now)
    {
        await Connection.ExecuteAsync("UPDATE rounds SET mails_failed = mails_failed + 1 WHERE id = @roundId", new { roundId }, Transaction);
        return await Connection.ExecuteAsync(
            "UPDATE invitations SET mails_given_up = mails_given_up + 1, mail_attempts = 0, mail_not_before = NULL, next_token_hash = NULL "
            + "WHERE id = @InvitationId AND "
            + (tokenHash is not null
                ? "next_token_hash = @tokenHash"
                : "mails_sent = @MailsSent AND mails_given_up = @GivenUp AND mail_attempts = @Attempts AND (mail_not_before IS NULL OR mail_not_before <= @now)"),
            new { mail.InvitationId, mail.MailsSent, mail.GivenUp, mail.Attempts, tokenHash, now }, Transaction) == 1;
    }

    /// <summary>Marks an invitation answered (no time is kept); its token now says ALREADY_SUBMITTED.</summary>
    public Task MarkAnsweredAsync(string invitationId) => Connection.ExecuteAsync(
        "UPDATE invitations SET answered = @yes WHERE id = @invitationId", new { invitationId, yes = true }, Transaction);

    /// <summary>Invited and answered per unit (the unit itself, not those below): live from the
    /// invitations while the round is open, kept in round_unit_counts after.</summary>
    public async Task<IReadOnlyList<(string UnitId, int Invited, int Answered)>> UnitCountsAsync(string roundId, bool open) =>
        [.. await Connection.QueryAsync<(string, int, int)>(open
            ? "SELECT unit_id, COUNT(*), SUM(CASE WHEN answered THEN 1 ELSE 0 END) FROM invitations WHERE round_id = @roundId GROUP BY unit_id"
            : "SELECT unit_id, invited_count, response_count FROM round_unit_counts WHERE round_id = @roundId",
            new { roundId }, Transaction)];

    /// <summary>At closing: keeps the counts per unit, then deletes the drafts and the invitations
    /// (addresses, token hashes, answered flags): from here nothing leads from a person to the round.</summary>
    public async Task ForgetInvitationsAsync(string roundId)
    {
        await Connection.ExecuteAsync(
            """
            INSERT INTO round_unit_counts (round_id, unit_id, invited_count, response_count)
            SELECT round_id, unit_id, COUNT(*), SUM(CASE WHEN answered THEN 1 ELSE 0 END) FROM invitations WHERE round_id = @roundId
            GROUP BY round_id, unit_id
            """, new { roundId }, Transaction);
        await Connection.ExecuteAsync(
            "DELETE FROM response_drafts WHERE invitation_id IN (SELECT id FROM invitations WHERE round_id = @roundId)", new { roundId }, Transaction);
        await Connection.ExecuteAsync("DELETE FROM invitations WHERE round_id = @roundId", new { roundId }, Transaction);
    }

    // ---- drafts and responses ----

    public async Task<IReadOnlyList<AnswerValue>> GetDraftAsync(string invitationId) =>
        await Connection.ExecuteScalarAsync<string?>("SELECT answers FROM response_drafts WHERE invitation_id = @invitationId",
            new { invitationId }, Transaction) is { } json
            ? JsonSerializer.Deserialize<List<AnswerValue>>(json) ?? []
            : [];

    public async Task SaveDraftAsync(string invitationId, IReadOnlyList<AnswerValue> answers)
    {
        var json = JsonSerializer.Serialize(answers);
        if (await Connection.ExecuteAsync("UPDATE response_drafts SET answers = @json WHERE invitation_id = @invitationId",
                new { invitationId, json }, Transaction) == 0)
        {
            await Connection.ExecuteAsync("INSERT INTO response_drafts (invitation_id, answers) VALUES (@invitationId, @json)",
                new { invitationId, json }, Transaction);
        }
    }

    public Task DeleteDraftAsync(string invitationId) =>
        Connection.ExecuteAsync("DELETE FROM response_drafts WHERE invitation_id = @invitationId", new { invitationId }, Transaction);

    /// <summary>Stores submitted responses and their answers in a few multi-row inserts.</summary>
    public async Task InsertResponsesAsync(IReadOnlyList<ResponseRecord> responses)
    {
        foreach (var chunk in responses.Chunk(RowsPerInsert))
        {
            await InsertRowsAsync("responses", ["id", "round_id", "unit_id", "manager_id"],
                chunk.Select(r => new object?[] { r.Id, r.RoundId, r.UnitId, r.ManagerId }));
        }
        foreach (var chunk in responses.SelectMany(r => r.Answers.Select(a => (r.Id, a))).Chunk(RowsPerInsert))
        {
            await InsertRowsAsync("response_answers", ["response_id", "instrument_id", "item_id", "point", "text"],
                chunk.Select(x => new object?[] { x.Id, x.a.InstrumentId, x.a.ItemId, x.a.Point, x.a.Text }));
        }
    }

    // ---- rows ----

    private sealed class RoundRow
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Instruments { get; set; } = "[]";
        public string TargetUnits { get; set; } = "[]";
        public int AnswerDays { get; set; }
        public DateTime? PlannedOpenTime { get; set; }
        public DateTime? ReleaseTime { get; set; }
        public string ReminderDays { get; set; } = "[]";
        public string? PreviousRoundId { get; set; }
        public string State { get; set; } = "";
        public long? OrganisationVersion { get; set; }
        public DateTime? OpenTime { get; set; }
        public DateTime? CloseTime { get; set; }
        public DateTime? ReleasedTime { get; set; }
        public int InvitedCount { get; set; }
        public int ResponseCount { get; set; }
        public int RemindersSent { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }
        public int MailsSent { get; set; }
        public int MailsFailed { get; set; }
        public int MailsPending { get; set; }

        public static RoundRow From(RoundRecord r) => new()
        {
            Id = r.Id, DisplayName = r.DisplayName, Instruments = JsonSerializer.Serialize(r.InstrumentIds),
            TargetUnits = JsonSerializer.Serialize(r.TargetUnits), AnswerDays = r.AnswerDays, PlannedOpenTime = r.PlannedOpenTime,
            ReleaseTime = r.ReleaseTime, ReminderDays = JsonSerializer.Serialize(r.ReminderDays), PreviousRoundId = r.PreviousRoundId,
            State = r.State.ToString(), OrganisationVersion = r.OrganisationVersion, OpenTime = r.OpenTime, CloseTime = r.CloseTime,
            ReleasedTime = r.ReleasedTime, InvitedCount = r.InvitedCount, ResponseCount = r.ResponseCount, RemindersSent = r.RemindersSent,
            Version = r.Version, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt,
        };

        public RoundRecord ToRecord() =>
            new(Id, DisplayName, JsonSerializer.Deserialize<List<string>>(Instruments) ?? [], JsonSerializer.Deserialize<List<string>>(TargetUnits) ?? [],
                AnswerDays, DbTime.Utc(PlannedOpenTime), DbTime.Utc(ReleaseTime), JsonSerializer.Deserialize<List<int>>(ReminderDays) ?? [], PreviousRoundId)
            {
                State = Enum.Parse<RoundState>(State),
                OrganisationVersion = OrganisationVersion,
                OpenTime = DbTime.Utc(OpenTime),
                CloseTime = DbTime.Utc(CloseTime),
                ReleasedTime = DbTime.Utc(ReleasedTime),
                InvitedCount = InvitedCount,
                ResponseCount = ResponseCount,
                RemindersSent = RemindersSent,
                Version = Version,
                CreatedAt = DbTime.Utc(CreatedAt),
                UpdatedAt = DbTime.Utc(UpdatedAt),
                Mails = new MailTally(MailsSent, MailsPending, MailsFailed),
            };
    }

    private sealed class InvitationRow
    {
        public string Id { get; set; } = "";
        public string RoundId { get; set; } = "";
        public string UnitId { get; set; } = "";
        public string? ManagerId { get; set; }
        public string Email { get; set; } = "";
        public string? TokenHash { get; set; }
        public bool Answered { get; set; }
        public int MailsSent { get; set; }

        public InvitationRecord ToRecord() =>
            new(Id, RoundId, UnitId, ManagerId, Email) { TokenHash = TokenHash, Answered = Answered, MailsSent = MailsSent };
    }

    private sealed class DueMailRow
    {
        public string Id { get; set; } = "";
        public string Email { get; set; } = "";
        public int MailsSent { get; set; }
        public int MailsGivenUp { get; set; }
        public int MailAttempts { get; set; }

        public DueMail ToRecord() => new(Id, Email, MailsSent, MailsGivenUp, MailAttempts);
    }
}
