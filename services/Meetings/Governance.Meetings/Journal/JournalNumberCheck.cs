using Governance.Cases.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Errors;
using Grpc.Core;

namespace Governance.Meetings.Journal;

/// <summary>
/// Asks the Cases service, which owns journal numbers, whether an agenda item's journal number names
/// a case. Called before the item's transaction begins, so no database lock waits on the network.
/// The call carries the caller's own token, has a deadline, is retried while Cases is UNAVAILABLE and
/// stops at an open circuit breaker (see Governance.ServiceDefaults.Clients), so an unreachable
/// Cases makes AddAgendaItem fail fast with UNAVAILABLE instead of hanging.
/// </summary>
/// <param name="cases">Makes the client of the Cases service, null when the check is off. Called only
/// when a number is checked: every call of the Meetings service gets a check, and most (the reads)
/// never use it, so they do not pay for a client from the factory.</param>
public sealed class JournalNumberCheck(Func<CasesService.CasesServiceClient>? cases)
{
    /// <summary>False when the deployment has turned the check off (Governance:Meetings:VerifyJournalNumbers=false).</summary>
    public bool Enabled => cases is not null;

    public async Task EnsureCaseExistsAsync(string journalNumber, string field, CancellationToken cancellationToken)
    {
        if (cases is null)
        {
            return;
        }
        try
        {
            await cases().GetCaseAsync(new GetCaseRequest { JournalNumber = journalNumber }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            var error = new FailedPreconditionException("CASE_NOT_FOUND",
                $"No case has journal number {journalNumber}. Create the case in the Cases service first, or register an existing " +
                "case with its historical number (CreateCase with journal_number).");
            error.Metadata["journal_number"] = CallerValue.Bounded(journalNumber, CallerValue.MaxQuoted);
            error.Metadata["field"] = field;
            throw error;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            throw new ValidationException(field, $"{CallerValue.Quote(journalNumber)} is not a journal number the Cases service accepts");
        }
        catch (RpcException ex) when (ex.IsDependencyUnavailable())
        {
            throw ex.ToDependencyUnavailable("Cases", "CASES_UNAVAILABLE");
        }
    }
}
