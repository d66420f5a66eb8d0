using Governance.Data.UnitOfWork;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Lifecycle;
using Governance.Surveys.Results;
using Governance.Surveys.V1;
using Microsoft.AspNetCore.Http;

namespace Governance.Surveys.Grpc;

/// <summary>
/// governance.surveys.v1.SurveysService, one partial file per resource. Each RPC reads top to bottom:
/// parse and validate the request (<see cref="Input"/>, and the domain's checks of an import or an
/// instrument), load in one unit of work, a domain decision (<c>Domain/</c>, no I/O), save, and map
/// (<see cref="Mapping"/>). What each RPC needs is declared on it with [RequiresAccess]; HR's level
/// (surveys.manage) is all a change needs so far.
/// </summary>
public sealed partial class SurveysGrpcService(SurveysStore store, TimeProvider clock, IHttpContextAccessor http, OutboxSignals outbox,
    RoundSweepSignal sweep, ResultsReader results)
    : SurveysService.SurveysServiceBase
{
    /// <summary>Runs this call's units of work with their audit entries; after a change wakes the outbox
    /// relay, and the round sweep (a round that opened has invitations to send).</summary>
    private readonly AuditedCalls<SurveysSession> _calls = new(store.BeginAsync, store.Database.Dialect, clock,
        () => Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal()),
        afterCommit: () =>
        {
            outbox.For(SurveysServiceRegistration.ServiceName).Notify();
            sweep.Notify();
        });

    private Caller CurrentCaller => _calls.Caller;

    private DateTime Now => _calls.Now;

    /// <summary>The version a request names; NOT_FOUND when there is no such version (or none yet, for current).</summary>
    private static async Task<OrganisationVersionRecord> RequireVersionAsync(SurveysSession s, VersionRef version) =>
        await s.GetVersionAsync(version) ?? throw new NotFoundException(version.ToString());

    /// <summary>The number of the version a request names, without loading it: a number as it is, current
    /// as the newest (NOT_FOUND before the first import).</summary>
    private static async Task<long> VersionNumberAsync(SurveysSession s, VersionRef version) =>
        version.Number ?? await s.CurrentVersionAsync() ?? throw new NotFoundException(version.ToString());

    private static async Task<InstrumentRecord> RequireInstrumentAsync(SurveysSession s, string id, bool forUpdate = false) =>
        await s.GetInstrumentAsync(id, forUpdate) ?? throw new NotFoundException(SurveyNames.Instrument(id));
}
