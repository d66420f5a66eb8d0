using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.V1;
using MimeKit;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// Released rounds built through the public API alone, as HR and the respondents would: the organisation
/// of <see cref="Sample.Of"/>, copies of the templates, a round opened for the respondents (and for those
/// invited who never answer), each answering with the link from their e-mail, and the host's clock moved
/// on until the sweep has closed and released it. For any test that needs results to read (results,
/// reports, exports, a browser looking at a report).
/// </summary>
public sealed partial class ReleasedRounds(RoundHost host)
{
    /// <summary>One respondent: the unit invited to, the answers by item id (a point: scale 1-5, yes 1 /
    /// no 0; or a text), and for a leadership evaluation the manager evaluated when not the unit's.</summary>
    public sealed record Respondent(string Unit, Dictionary<string, object> Answers, string? Manager = null);

    public static Respondent In(string unit, params (string Item, object Value)[] answers) =>
        new(unit, answers.ToDictionary(a => a.Item, a => a.Value));

    /// <summary>The round as released (as created, for <c>whileOpen</c>), and its instruments by kind.</summary>
    public sealed record Released(Round Round, IReadOnlyDictionary<InstrumentKind, Instrument> Instruments)
    {
        public Instrument this[InstrumentKind kind] => Instruments[kind];
    }

    [GeneratedRegex(@"/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    /// <summary>Runs round <paramref name="id"/> of <paramref name="instrumentSources"/> (template ids) for
    /// <paramref name="targets"/> until it is released. <paramref name="silent"/> are the units of invitees
    /// who never answer; <paramref name="instrumentNames"/> names the copies by template id (default
    /// "{template} {id}"). <paramref name="whileOpen"/>, when given, runs when all have answered, before the
    /// clock moves on: for a look at the round (as created) while it is still open.</summary>
    public async Task<Released> RunAsync(string id, string[] instrumentSources, string[] targets, IReadOnlyList<Respondent> respondents,
        CancellationToken ct, string previousRound = "", string? displayName = null, IReadOnlyList<string>? silent = null,
        IReadOnlyDictionary<string, string>? instrumentNames = null, Func<Released, Task>? whileOpen = null)
    {
        var client = host.Client;
        await client.ImportOrganisationAsync(Sample.Of(2).Request(), cancellationToken: ct);
        var instruments = new Dictionary<InstrumentKind, Instrument>();
        foreach (var source in instrumentSources)
        {
            var copy = await client.CreateInstrumentAsync(new CreateInstrumentRequest
            {
                Instrument = new Instrument { DisplayName = instrumentNames?.GetValueOrDefault(source) ?? $"{source} {id}" },
                SourceInstrument = $"instruments/{source}",
            }, cancellationToken: ct);
            instruments[copy.Kind] = copy;
        }
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var round = await client.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = id,
            Round = new Round
            {
                DisplayName = displayName ?? $"Runde {id}", Instruments = { instruments.Values.Select(i => i.Name) }, TargetUnits = { targets },
                PlannedOpenTime = Timestamp.FromDateTime(now), ReleaseTime = Timestamp.FromDateTime(now.AddDays(15)), PreviousRound = previousRound,
            },
        }, cancellationToken: ct);
        await client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: ct);
        var addresses = respondents.Select((r, i) => $"r{i}-{id}@kommune.test").ToList();
        var quiet = (silent ?? []).Select((unit, i) => new Invitee { Unit = unit, Email = $"stille{i}-{id}@kommune.test" });
        await client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name,
            Invitees = { respondents.Select((r, i) => new Invitee { Unit = r.Unit, Email = addresses[i], Manager = r.Manager ?? "" }), quiet },
        }, cancellationToken: ct);
        var mails = await host.WaitForMailsAsync(m => addresses.All(a => m.Any(x => IsTo(x, a))), ct);
        for (var i = 0; i < respondents.Count; i++)
        {
            var token = LinkPattern().Match(mails.Last(m => IsTo(m, addresses[i])).TextBody ?? "").Groups[1].Value;
            var request = new SaveAnswersRequest { InvitationToken = token, Submit = true };
            foreach (var (item, value) in respondents[i].Answers)
            {
                var instrument = instruments.Values.First(x => x.Themes.SelectMany(t => t.Items).Any(it => it.ItemId == item));
                var type = instrument.Themes.SelectMany(t => t.Items).First(it => it.ItemId == item).ResponseType;
                var answer = new Answer { Instrument = instrument.Name, ItemId = item };
                if (value is string text) answer.Text = text;
                else if (type == ResponseType.YesNo) answer.Yes = (int)value == 1;
                else answer.Scale = (int)value;
                request.Answers.Add(answer);
            }
            await host.Answering.SaveAnswersAsync(request, cancellationToken: ct);
        }
        if (whileOpen is not null)
        {
            await whileOpen(new Released(round, instruments));
        }
        host.Clock.Advance(TimeSpan.FromDays(16));
        return new Released(await host.WaitForStateAsync(round.Name, RoundState.Released, ct), instruments);
    }

    private static bool IsTo(MimeMessage mail, string address) => mail.To.Mailboxes.Any(m => m.Address == address);
}
