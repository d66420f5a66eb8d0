using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

internal static partial class Input
{
    /// <summary>RenderResultsReport's request, every bad field at once: the round, the unit (an id), and
    /// the instrument when one is named (null: every instrument of the round reported by unit).</summary>
    public static (string Round, string Unit, string? Instrument) ResultsReport(RenderResultsReportRequest request)
    {
        var v = new Validator();
        var round = SurveyNames.IdOf(request.Round, "rounds");
        if (round is null)
        {
            v.Add("round", "must be a name rounds/{round}");
        }
        if (!SurveyNames.IsId(request.Unit))
        {
            v.Add("unit", "must be a unit id: " + SurveyNames.IdRule);
        }
        string? instrument = null;
        if (request.Instrument.Length > 0 && (instrument = SurveyNames.IdOf(request.Instrument, "instruments")) is null)
        {
            v.Add("instrument", "must be a name instruments/{instrument}, or empty for every instrument reported by unit");
        }
        v.ThrowIfInvalid();
        return (round!, request.Unit, instrument);
    }

    /// <summary>ExportResultsCsv's request, every bad field at once: the round, the instrument, and the
    /// group when one is named (null: every group of the caller's scope).</summary>
    public static (string Round, string Instrument, string? Group) ResultsCsv(ExportResultsCsvRequest request)
    {
        var v = new Validator();
        var round = SurveyNames.IdOf(request.Round, "rounds");
        if (round is null)
        {
            v.Add("round", "must be a name rounds/{round}");
        }
        var instrument = SurveyNames.IdOf(request.Instrument, "instruments");
        if (instrument is null)
        {
            v.Add("instrument", "must be a name instruments/{instrument}");
        }
        if (request.Group.Length > 0 && !SurveyNames.IsId(request.Group))
        {
            v.Add("group", "must be a unit id, for a leadership evaluation a manager id, or empty for every group: " + SurveyNames.IdRule);
        }
        v.ThrowIfInvalid();
        return (round!, instrument!, request.Group.Length > 0 ? request.Group : null);
    }
}
