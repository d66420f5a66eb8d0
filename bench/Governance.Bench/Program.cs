// Usage: dotnet run -c Release --project bench/Governance.Bench -- [event-path] [--count N]
// Needs GOVERNANCE_TEST_RABBITMQ (amqp://...) and GOVERNANCE_TEST_POSTGRES (admin connection string),
// as scripts/test.sh sets them; see bench/README.md.
return await Governance.Bench.EventPathBench.RunAsync(args);
