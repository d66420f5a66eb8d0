// A made-up domain that breaks the layer rule, so LayerRulesTests can show the rule fails.
namespace Governance.Architecture.Tests.Fixtures.Data
{
    public sealed class FixtureStore
    {
        public int Size { get; init; } = 1;
    }
}

namespace Governance.Architecture.Tests.Fixtures.Domain
{
    public static class FixtureRule
    {
        public static int Decide(Data.FixtureStore store) => store.Size + 1;
    }
}
