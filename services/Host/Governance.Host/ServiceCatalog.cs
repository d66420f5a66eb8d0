using Governance.ServiceDefaults.Hosting;
using Governance.Cases;
using Governance.Meetings;
using Governance.Reminders;
using Governance.Surveys;

namespace Governance.Host;

/// <summary>The services this host can run, by the names used in <c>Governance:Services</c>.</summary>
internal static class ServiceCatalog
{
    private static readonly Dictionary<string, (Action<WebApplicationBuilder> Add, Action<WebApplication> Map)> Services =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [MeetingsServiceRegistration.ServiceName] = (b => b.AddMeetingsService(), a => a.MapMeetingsService()),
            [CasesServiceRegistration.ServiceName] = (b => b.AddCasesService(), a => a.MapCasesService()),
            [RemindersServiceRegistration.ServiceName] = (b => b.AddRemindersService(), a => a.MapRemindersService()),
            [SurveysServiceRegistration.ServiceName] = (b => b.AddSurveysService(), a => a.MapSurveysService()),
        };

    public static IReadOnlyCollection<string> Known => Services.Keys;

    /// <summary>The configured services: a comma-separated list or an array; empty means all.</summary>
    public static IReadOnlyList<string> Selected(IConfiguration configuration)
    {
        var names = ServiceSelection.Named(configuration);
        if (names.Count == 0)
        {
            return [.. Services.Keys];
        }
        var unknown = names.Where(n => !Services.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new StartupConfigurationException(
                $"Governance:Services names unknown service(s) {string.Join(", ", unknown.Select(Bounded))}: set Governance__Services to some of " +
                $"{string.Join(",", Services.Keys)}, or leave it empty for all of them.");
        }
        return names;
    }

    /// <summary>The services of the catalog that this process does not run: they run elsewhere, or not at all.</summary>
    public static IReadOnlyList<string> NotSelected(IConfiguration configuration) =>
        [.. Services.Keys.Where(k => !ServiceSelection.Runs(configuration, k))];

    private static string Bounded(string name) => name.Length <= 40 ? name : name[..40] + "…";

    public static void Add(WebApplicationBuilder builder, string name) => Services[name].Add(builder);

    public static void Map(WebApplication app, string name) => Services[name].Map(app);
}
