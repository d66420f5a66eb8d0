using Governance.Data.Connections;
using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Surveys.Grpc;

/// <summary>
/// governance.surveys.v1.SurveyAnsweringService: the respondent's side. No bearer token: the invitation
/// token is the credential, and nothing of the call is recorded (no audit entry, no log of the token):
/// an audit entry with a time and an invitation would be exactly the link anonymity forbids. What the
/// call changes is the respondent's own draft, and at submission the anonymous responses
/// (<see cref="Answers.Submit"/>) with the invitation's answered flag, in one transaction.
/// </summary>
[AllowAnonymous]
public sealed class SurveyAnsweringGrpcService(SurveysStore store) : SurveyAnsweringService.SurveyAnsweringServiceBase
{
    public override async Task<Questionnaire> GetQuestionnaire(GetQuestionnaireRequest request, ServerCallContext context)
    {
        var hash = TokenHash(request.InvitationToken);
        await using var s = await BeginAsync(write: false, context);
        var (invitation, round, instruments) = await OpenInvitationAsync(s, hash, forUpdate: false);
        var draft = await s.GetDraftAsync(invitation.Id);
        var unit = await s.GetUnitAsync(round.OrganisationVersion!.Value, invitation.UnitId);
        var manager = invitation.ManagerId is { } m ? await s.GetManagerAsync(round.OrganisationVersion.Value, m) : null;
        await s.CommitAsync(context.CancellationToken);
        return Mapping.ToQuestionnaire(round, instruments, unit?.DisplayName ?? "", manager?.DisplayName ?? "", draft);
    }

    public override async Task<SaveAnswersResponse> SaveAnswers(SaveAnswersRequest request, ServerCallContext context)
    {
        var hash = TokenHash(request.InvitationToken);
        await using var s = await BeginAsync(write: true, context);
        var (invitation, round, instruments) = await OpenInvitationAsync(s, hash, forUpdate: true);
        var byId = instruments.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var v = new Validator();
        var answers = Answers.Save(v, await s.GetDraftAsync(invitation.Id), [.. request.Answers], byId);
        if (request.Submit && answers.Count == 0)
        {
            v.Add("answers", "must hold at least one answer to submit (saved or in this call)");
        }
        v.ThrowIfInvalid();
        if (request.Submit)
        {
            await s.InsertResponsesAsync(Answers.Submit(invitation, answers, byId));
            await s.DeleteDraftAsync(invitation.Id);
            await s.MarkAnsweredAsync(invitation.Id);
        }
        else
        {
            await s.SaveDraftAsync(invitation.Id, answers);
        }
        await s.CommitAsync(context.CancellationToken);
        return new SaveAnswersResponse { AnswerCount = answers.Count, Submitted = request.Submit };
    }

    /// <summary>The stored form of the caller's token; a text that is no token is refused without a lookup and never echoed.</summary>
    private static string TokenHash(string token) =>
        Invitations.IsTokenForm(token)
            ? Invitations.Hash(token)
            : throw new ValidationException("invitation_token", $"must be the {Invitations.TokenLength}-character token of an invitation link");

    private async Task<SurveysSession> BeginAsync(bool write, ServerCallContext context)
    {
        try
        {
            return await store.BeginAsync(write, context.CancellationToken);
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
