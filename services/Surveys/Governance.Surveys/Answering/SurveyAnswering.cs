using Governance.Data.Connections;
using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Answering;

/// <summary>An invitation's questionnaire as the respondent sees it: the open round, its instruments as
/// frozen at opening, where the answers count (the unit; for a leadership evaluation the evaluated
/// manager, empty otherwise) and the answers saved so far.</summary>
public sealed record OpenQuestionnaire(RoundRecord Round, IReadOnlyList<InstrumentRecord> Instruments, string UnitName, string ManagerName,
    IReadOnlyList<AnswerValue> Draft);

/// <summary>What a save did: the answers saved so far (after it), and whether they were submitted.</summary>
public sealed record SaveOutcome(int AnswerCount, bool Submitted);

/// <summary>
/// The respondent's side, in one place for both ways in (the gRPC SurveyAnsweringService and the web
/// pages): open an invitation by its token, save answers into its draft, submit. The token is the
/// credential, and nothing of a call is recorded (no audit entry, no log of the token): an entry with a
/// time and an invitation would be exactly the link anonymity forbids. Refusals are the service's
/// exceptions: a text that is no token (<see cref="ValidationException"/> on <c>invitation_token</c>),
/// unknown or its round closed (<see cref="NotFoundException"/> INVITATION_NOT_FOUND), used
/// (ALREADY_SUBMITTED), the round not open (ROUND_NOT_OPEN), bad answers (field violations by
/// <c>answers[i]</c>), the database unreachable (<see cref="DependencyUnavailableException"/>).
/// </summary>
public sealed class SurveyAnswering(SurveysStore store)
{
    /// <summary>The questionnaire of <paramref name="token"/>'s invitation, with its draft.</summary>
    public async Task<OpenQuestionnaire> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHash(token);
        await using var s = await BeginAsync(write: false, cancellationToken);
        var (invitation, round, instruments) = await OpenInvitationAsync(s, hash, forUpdate: false);
        var draft = await s.GetDraftAsync(invitation.Id);
        var unit = await s.GetUnitAsync(round.OrganisationVersion!.Value, invitation.UnitId);
        var manager = invitation.ManagerId is { } m ? await s.GetManagerAsync(round.OrganisationVersion.Value, m) : null;
        await s.CommitAsync(cancellationToken);
        return new OpenQuestionnaire(round, instruments, unit?.DisplayName ?? "", manager?.DisplayName ?? "", draft);
    }

    /// <summary>Saves <paramref name="answers"/> over the draft (each replaces a saved answer to its item;
    /// one without a value removes it), and with <paramref name="submit"/> submits: in one transaction
    /// the anonymous responses (<see cref="Answers.Submit"/>) are written, the draft deleted and the
    /// invitation marked answered. Nothing is saved when an answer is refused.</summary>
    public async Task<SaveOutcome> SaveAsync(string token, IReadOnlyList<Answer> answers, bool submit, CancellationToken cancellationToken)
    {
        var hash = TokenHash(token);
        await using var s = await BeginAsync(write: true, cancellationToken);
        var (invitation, _, instruments) = await OpenInvitationAsync(s, hash, forUpdate: true);
        var byId = instruments.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var v = new Validator();
        var saved = Answers.Save(v, await s.GetDraftAsync(invitation.Id), answers, byId);
        if (submit && saved.Count == 0)
        {
            v.Add("answers", "must hold at least one answer to submit (saved or in this call)");
        }
        v.ThrowIfInvalid();
        if (submit)
        {
            await s.InsertResponsesAsync(Answers.Submit(invitation, saved, byId));
            await s.DeleteDraftAsync(invitation.Id);
            await s.MarkAnsweredAsync(invitation.Id);
        }
        else
        {
            await s.SaveDraftAsync(invitation.Id, saved);
        }
        await s.CommitAsync(cancellationToken);
        return new SaveOutcome(saved.Count, submit);
    }

    /// <summary>The stored form of the caller's token; a text that is no token is refused without a lookup and never echoed.</summary>
    private static string TokenHash(string token) =>
        Invitations.IsTokenForm(token)
            ? Invitations.Hash(token)
            : throw new ValidationException("invitation_token", $"must be the {Invitations.TokenLength}-character token of an invitation link");

    private async Task<SurveysSession> BeginAsync(bool write, CancellationToken cancellationToken)
    {
        try
        {
            return await store.BeginAsync(write, cancellationToken);
        }
        catch (Exception ex) when (store.Database.Dialect.IsUnavailable(ex))
        {
            throw new DependencyUnavailableException("DATABASE_UNAVAILABLE", "The survey cannot be reached just now; please try again shortly.", "database");
        }
    }

    /// <summary>The invitation of a token, with its open round and the instruments as frozen at opening.
    /// Unknown (or its round closed, which deletes the invitations) is NOT_FOUND; used is FAILED_PRECONDITION.
    /// When writing, the round is locked shared before the invitation is locked (as closing takes them:
    /// the round, then its invitations), so a closing waits for the answers being saved, or they see it.</summary>
    private static async Task<(InvitationRecord Invitation, RoundRecord Round, IReadOnlyList<InstrumentRecord> Instruments)> OpenInvitationAsync(
        SurveysSession s, string hash, bool forUpdate)
    {
        var invitation = await s.InvitationByTokenAsync(hash, forUpdate: false);
        if (forUpdate && invitation is not null)
        {
            if (await s.RoundStateSharedAsync(invitation.RoundId) != nameof(RoundState.Open))
            {
                throw new FailedPreconditionException("ROUND_NOT_OPEN", "The survey is closed for answers.");
            }
            invitation = await s.InvitationByTokenAsync(hash, forUpdate: true);
        }
        if (invitation is null)
        {
            throw new NotFoundException("invitation", "INVITATION_NOT_FOUND",
                "This invitation link is not valid (any more): the survey may have closed, or a newer e-mail has replaced the link.");
        }
        if (invitation.Answered)
        {
            throw new FailedPreconditionException("ALREADY_SUBMITTED", "The answers of this invitation have been submitted; they cannot be changed.");
        }
        var round = await s.GetRoundAsync(invitation.RoundId)
            ?? throw new NotFoundException("invitation", "INVITATION_NOT_FOUND", "This invitation link is not valid (any more).");
        if (round.State != RoundState.Open)
        {
            throw new FailedPreconditionException("ROUND_NOT_OPEN", "The survey is closed for answers.");
        }
        return (invitation, round, await s.RoundInstrumentsAsync(round.Id));
    }
}
