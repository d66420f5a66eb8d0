using Grpc.Core;

namespace Governance.Cli;

/// <summary>The exit codes of <c>gov</c>, the contract for scripts (README, "The gov command-line client").</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Anything not below: an internal error of the server, a conflict, a bug.</summary>
    public const int Failed = 1;
    /// <summary>Usage errors (unknown command or option, missing argument) and INVALID_ARGUMENT.</summary>
    public const int BadInput = 2;
    public const int NotFound = 3;
    /// <summary>PERMISSION_DENIED and UNAUTHENTICATED.</summary>
    public const int Refused = 4;
    /// <summary>UNAVAILABLE and DEADLINE_EXCEEDED: nothing answers at the address, or not in time.</summary>
    public const int Unavailable = 5;

    public static int For(StatusCode code) => code switch
    {
        StatusCode.OK => Ok,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => BadInput,
        StatusCode.NotFound => NotFound,
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => Refused,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => Unavailable,
        _ => Failed,
    };
}
