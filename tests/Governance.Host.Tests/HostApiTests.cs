using Governance.Meetings;
using Governance.Meetings.V1;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Governance.Host.Tests;

/// <summary>What every host serves besides the API: grpc.health.v1 and server reflection; and that
/// each variant really runs on its store.</summary>
public abstract class HostApiTests(IApiHost host)
{
    protected IApiHost Host => host;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<Body> CreateBodyAsync(string displayName) =>
        await new MeetingsService.MeetingsServiceClient(host.Channel).CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body { DisplayName = displayName, ShortName = "CF" },
            BodyId = $"chefforum-{Guid.NewGuid():N}"[..22],
        }, cancellationToken: Ct);

    [Theory]
    [InlineData("")]
    [InlineData("governance.meetings.v1.MeetingsService")]
    [InlineData("governance.surveys.v1.SurveysService")]
    public async Task Health_check_is_serving(string service)
    {
        var health = new Health.HealthClient(Host.Channel);
        var response = await health.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: Ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_every_service_and_describes_meetings()
    {
        var reflection = new ServerReflection.ServerReflectionClient(Host.Channel);
        using var call = reflection.ServerReflectionInfo(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("governance.meetings.v1.MeetingsService", services);
        Assert.Contains("governance.cases.v1.CasesService", services);
        Assert.Contains("governance.reminders.v1.RemindersService", services);
        Assert.Contains("governance.surveys.v1.SurveysService", services);
        Assert.Contains("grpc.health.v1.Health", services);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "governance.meetings.v1.MeetingsService" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
        var file = Assert.Single(files, f => f.Name == "governance/meetings/v1/meetings_service.proto");
        var service = Assert.Single(file.Service);
        Assert.Equal("MeetingsService", service.Name);
        Assert.Contains(service.Method, m => m.Name == "GetMinutes");

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(Ct));
    }
}

public sealed class HostApiSqliteTests(SqliteApiHost host) : HostApiTests(host), IClassFixture<SqliteApiHost>
{
    [Fact]
    public void Every_service_of_the_catalog_has_its_own_sqlite_file()
    {
        _ = host.Server;
        Assert.Contains(MeetingsServiceRegistration.ServiceName, GovernanceHost.ServiceNames);
        foreach (var service in GovernanceHost.ServiceNames)
        {
            Assert.True(File.Exists(Path.Combine(host.DataDirectory, $"{service}.db")), $"{service}.db is missing");
        }
    }

    [Fact]
    public async Task Embedded_default_keeps_the_data_in_meetings_db_under_the_data_directory()
    {
        var body = await CreateBodyAsync("Chefforum");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(host.DataDirectory, "meetings.db"),
            Mode = SqliteOpenMode.ReadOnly,
        }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT display_name FROM bodies WHERE id = $id";
        command.Parameters.AddWithValue("$id", body.Name["bodies/".Length..]);
        Assert.Equal("Chefforum", await command.ExecuteScalarAsync(Ct));
    }
}

public sealed class HostApiPostgresTests(PostgresApiHost host) : HostApiTests(host), IClassFixture<PostgresApiHost>
{
    [Fact]
    public async Task Every_service_of_the_catalog_has_its_own_postgres_database()
    {
        _ = host.Server;
        Assert.Equal(GovernanceHost.ServiceNames.Order(StringComparer.Ordinal), host.Stores.Services.Order(StringComparer.Ordinal));
        Assert.Equal(GovernanceHost.ServiceNames.Count, GovernanceHost.ServiceNames.Select(s => host.Stores[s].DatabaseName).Distinct().Count());
        foreach (var service in GovernanceHost.ServiceNames)
        {
            // The service migrated its own database at start-up.
            await using var connection = new NpgsqlConnection(host.Stores[service].ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            Assert.True((long)(await command.ExecuteScalarAsync(Ct))! > 0, $"{service}: no tables in {host.Stores[service].DatabaseName}");
        }
    }

    [Fact]
    public async Task Host_keeps_the_data_in_the_postgres_database()
    {
        var body = await CreateBodyAsync("Chefforum");
        await using var connection = new NpgsqlConnection(host.Stores[MeetingsServiceRegistration.ServiceName].ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT display_name FROM bodies WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", body.Name["bodies/".Length..]);
        Assert.Equal("Chefforum", await command.ExecuteScalarAsync(Ct));
    }
}
