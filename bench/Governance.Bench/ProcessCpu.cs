using System.Diagnostics;
using System.Globalization;

namespace Governance.Bench;

/// <summary>
/// CPU time and memory of processes, read from /proc (Linux): the host process, the database server
/// (the postmaster listening on the port and its children) and this process (the client).
/// </summary>
internal static class ProcessCpu
{
    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat (USER_HZ; 100 on every Linux build in use).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU milliseconds of <paramref name="pids"/>; processes that are gone count 0.</summary>
    public static double Milliseconds(IEnumerable<int> pids) => pids.Sum(Milliseconds);

    public static double Milliseconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) in parentheses: state is field 3,
            // utime 14 and stime 15 (1-based), so 11 and 12 after the ") ".
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * 1000 / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    public static double SelfMilliseconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    /// <summary>Resident set size of <paramref name="pid"/> in MB (VmRSS), or null when unreadable.</summary>
    public static double? RssMegabytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The processes of the database server listening on 127.0.0.1:<paramref name="port"/>: the
    /// listener and every process whose parent it is (backends, writer, WAL). Empty when the server is
    /// not a local process we can see (a container, another machine, another user's /proc).
    /// </summary>
    public static Func<IReadOnlyList<int>> ServerProcesses(int port)
    {
        var listener = ListeningPid(port);
        if (listener is null)
        {
            return () => [];
        }
        return () => [listener.Value, .. ChildrenOf(listener.Value)];
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText($"{dir}/stat");
            }
            catch (IOException)
            {
                continue;
            }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], out var ppid) && ppid == parent)
            {
                yield return pid;
            }
        }
    }

    /// <summary>The pid holding the listening socket of <paramref name="port"/> (from /proc/net/tcp and the fds).</summary>
    private static int? ListeningPid(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is ADDR:PORT; state 0A is LISTEN; inode is field 9.
                if (f.Length > 9 && f[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && f[3] == "0A")
                {
                    inodes.Add(f[9]);
                }
            }
        }
        if (inodes.Count == 0)
        {
            return null;
        }
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"{dir}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return null;
    }
}
