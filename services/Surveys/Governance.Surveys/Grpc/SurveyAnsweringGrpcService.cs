using Governance.Surveys.Answering;
using Governance.Surveys.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Surveys.Grpc;

/// <summary>
/// governance.surveys.v1.SurveyAnsweringService: the respondent's side. No bearer token: the invitation
/// token is the credential, and nothing of the call is recorded (no audit entry, no log of the token).
/// The rules are <see cref="SurveyAnswering"/>'s, which the web pages (Web/) answer by too.
/// </summary>
[AllowAnonymous]
public sealed class SurveyAnsweringGrpcService(SurveyAnswering answering) : SurveyAnsweringService.SurveyAnsweringServiceBase
{
    public override async Task<Questionnaire> GetQuestionnaire(GetQuestionnaireRequest request, ServerCallContext context)
    {
        var q = await answering.OpenAsync(request.InvitationToken, context.CancellationToken);
        return Mapping.ToQuestionnaire(q.Round, q.Instruments, q.UnitName, q.ManagerName, q.Draft);
    }

    public override async Task<SaveAnswersResponse> SaveAnswers(SaveAnswersRequest request, ServerCallContext context)
    {
        var saved = await answering.SaveAsync(request.InvitationToken, [.. request.Answers], request.Submit, context.CancellationToken);
        return new SaveAnswersResponse { AnswerCount = saved.AnswerCount, Submitted = saved.Submitted };
    }
}
