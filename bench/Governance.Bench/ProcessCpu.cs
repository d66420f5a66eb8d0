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
    /// CPU milliseconds of the database server listening on 127.0.0.1:<paramref name="port"/> so far:
    /// the listener (postmaster) with the CPU of the children it has reaped (cutime + cstime: backends
    /// that ended, such as pgbench's at its end) plus its live children (backends, writer, WAL). Null
    /// when the server is not a local process we can see (a container, another machine).
    /// </summary>
    public static Func<double>? ServerCpu(int port)
    {
        if (port == 0 || ListeningPid(port) is not { } listener)
        {
            return null;
        }
        return () => WithReapedChildren(listener) + ChildrenOf(listener).Sum(Milliseconds);
    }

    private static double WithReapedChildren(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime, stime, cutime, cstime: fields 14-17 (1-based), 11-14 after the ") ".
            var ticks = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
            return ticks * 1000 / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
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
