// The Governance Platform host. With no arguments it serves the configured services
// (all of them by default); `migrate` runs their schema migrations and exits.
return await Governance.Host.GovernanceHost.RunAsync(args);
