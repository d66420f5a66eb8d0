namespace Governance.Host.Tests.Observability;

/// <summary>The thresholds taken off an alert expression (<see cref="PromQl.WithoutThresholds"/>), on the shapes
/// the rules use: a comparison, a guard joined by and, absent(), and operators inside brackets and strings.</summary>
public sealed class PromQlTests
{
    [Theory]
    [InlineData("x > 0.05", "x")]
    [InlineData("max by (s) (x) >= 300", "max by (s) (x)")]
    [InlineData("up{job=\"governance\"} == 0", "up{job=\"governance\"}")]
    [InlineData("0.5 < bool rate(x[5m])", "rate(x[5m])")]
    [InlineData("absent(up{job=\"governance\"})", "up{job=\"governance\"}")]
    [InlineData("absent_over_time(x{a=\"b\"}[5m])", "x{a=\"b\"}")]
    [InlineData("x{a=~\"<|>\", b!=\"==\"} > 1", "x{a=~\"<|>\", b!=\"==\"}")]
    [InlineData("sum(rate(x{grpc_code!=\"OK\"}[5m]) > 0)", "sum(rate(x{grpc_code!=\"OK\"}[5m]) > 0)")]
    [InlineData("(a or 0 * b) / b > 0.05", "(a or 0 * b) / b")]
    [InlineData("candidate_sum > 1", "candidate_sum")]
    public void One_part(string expression, string expected) =>
        Assert.Equal([expected], PromQl.WithoutThresholds(expression));

    [Fact]
    public void Each_side_of_and_and_unless_on_its_own()
    {
        Assert.Equal(["a / b", "sum by (s) (increase(c[5m]))"], PromQl.WithoutThresholds("a / b > 0.05 and sum by (s) (increase(c[5m])) >= 20"));
        Assert.Equal(["x", "y{l=\"and\"}"], PromQl.WithoutThresholds("x > 1 unless y{l=\"and\"} == 0"));
        Assert.Equal(["absent(x) + absent(y)"], PromQl.WithoutThresholds("absent(x) + absent(y)"));
    }
}
