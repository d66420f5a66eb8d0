using System.Collections;
using System.Text;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Governance.Fuzz.Tests;

/// <summary>One kind of request for an RPC, with its share (weight) of the iterations.</summary>
public sealed record FuzzFamily(string Name, int Weight, Gen<FuzzCase> Cases);

/// <summary>One request the fuzzer sends: the bytes on the wire and what was done to make them.</summary>
public sealed record FuzzCase(string Kind, string Description, byte[] Payload)
{
    public override string ToString() =>
        $"{Kind}: {Description} ({Payload.Length} bytes{(Payload.Length <= 64 ? $": {Convert.ToHexString(Payload)}" : "")})";
}

/// <summary>Requests for one RPC, generated from its input's proto descriptor alone: a valid-looking
/// message with one field (or one nested field) broken, a message with every field at an edge, a
/// valid-looking message followed by invalid UTF-8 for one string field, and raw or mutated bytes.
/// Built from CsCheck generators only, so a failure shrinks and its seed reproduces it.</summary>
public sealed partial class RequestGenerator(ResourceCatalog resources, MethodDescriptor method)
{
    private const int MaxDepth = 3;

    /// <summary>The kinds of request for one RPC, each its own generator with a share of the
    /// iterations: each kind fails, shrinks and is reported on its own, so malformed bytes (say) do
    /// not hide a broken date behind them.</summary>
    public IReadOnlyList<FuzzFamily> Families()
    {
        var input = method.InputType;
        var paths = FieldPaths(input).ToArray();
        var stringPaths = paths.Where(p => p[^1].FieldType == FieldType.String && !p[^1].IsRepeated).ToArray();
        var families = new List<FuzzFamily>
        {
            new("valid-looking", 1, Plausible(input, 0).Select(m => new FuzzCase("valid-looking", "every field plausible", m.ToByteArray()))),
            new("all-edges", 2, AllEdges(input, 0).Select(m => new FuzzCase("all-edges", "every field at an edge value", m.ToByteArray()))),
            new("raw-bytes", 1, Gen.Byte.Array[0, 512].Select(b => new FuzzCase("raw-bytes", "random bytes", b))),
            new("mutated-bytes", 1, Mutated(input)),
        };
        if (paths.Length > 0)
        {
            families.Add(new("one-field-broken", 6, Gen.Int[0, paths.Length - 1].SelectMany(i => BrokenField(input, paths[i]))));
        }
        if (stringPaths.Length > 0)
        {
            families.Add(new("invalid-utf8", 1, Gen.Int[0, stringPaths.Length - 1].SelectMany(i => InvalidUtf8(input, stringPaths[i]))));
        }
        return families;
    }

    /// <summary>Top-level fields and the fields of top-level message fields (the resource in a
    /// Create/Update request), each as the chain of fields that reaches it.</summary>
    private static IEnumerable<FieldDescriptor[]> FieldPaths(MessageDescriptor message)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            yield return [field];
            if (field.FieldType == FieldType.Message && !field.IsRepeated && !IsWellKnown(field.MessageType))
            {
                foreach (var inner in field.MessageType.Fields.InFieldNumberOrder())
                {
                    yield return [field, inner];
                }
            }
        }
    }

    private static string PathName(FieldDescriptor[] path) => string.Join('.', path.Select(f => f.Name));

    private Gen<FuzzCase> BrokenField(MessageDescriptor input, FieldDescriptor[] path) =>
        Plausible(input, 0).Select(Edge(path[^1], path.Length), (message, edge) =>
        {
            var target = message;
            foreach (var step in path[..^1])
            {
                target = (IMessage?)step.Accessor.GetValue(target) ?? NewMessage(step.MessageType);
                step.Accessor.SetValue(ParentOf(message, path, step), target);
            }
            Assign(target, path[^1], edge.Value);
            return new FuzzCase("one-field-broken", $"{PathName(path)} = {edge.Label}", message.ToByteArray());
        });

    /// <summary>The message that holds <paramref name="step"/> along <paramref name="path"/>.</summary>
    private static IMessage ParentOf(IMessage root, FieldDescriptor[] path, FieldDescriptor step)
    {
        var current = root;
        foreach (var field in path)
        {
            if (field == step)
            {
                return current;
            }
            current = (IMessage)field.Accessor.GetValue(current);
        }
        throw new InvalidOperationException($"{step.Name} is not on the path {PathName(path)}.");
    }

    /// <summary>A plausible message, then the same field number again with bytes that are not UTF-8
    /// (a lone surrogate as UTF-8, 0xFF): the parser must reject it as the caller's mistake.</summary>
    private Gen<FuzzCase> InvalidUtf8(MessageDescriptor input, FieldDescriptor[] path) =>
        Plausible(input, 0).Select(Gen.OneOf<byte[]>([0xED, 0xA0, 0x80], [0xFF, 0xFE], [0x61, 0xC3], [0xC0, 0x80]), (message, bad) =>
        {
            using var stream = new MemoryStream();
            var output = new CodedOutputStream(stream);
            message.WriteTo(output);
            var field = path[^1];
            if (path.Length == 1)
            {
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(bad));
            }
            else
            {
                // The outer message field again (fields of a repeated-once message merge), holding the bad string.
                var inner = new MemoryStream();
                var innerOutput = new CodedOutputStream(inner);
                innerOutput.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                innerOutput.WriteBytes(ByteString.CopyFrom(bad));
                innerOutput.Flush();
                output.WriteTag(path[0].FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
            }
            output.Flush();
            return new FuzzCase("invalid-utf8", $"{PathName(path)} = bytes {Convert.ToHexString(bad)}", stream.ToArray());
        });

    /// <summary>A plausible message's bytes, truncated or with bytes overwritten.</summary>
    private Gen<FuzzCase> Mutated(MessageDescriptor input) =>
        Plausible(input, 0).Select(Gen.Int[0, 1], Gen.Int[0, 1_000_000], Gen.Byte.Array[1, 8], (message, mode, at, noise) =>
        {
            var bytes = message.ToByteArray();
            if (bytes.Length == 0)
            {
                return new FuzzCase("mutated-bytes", "noise for an empty message", noise);
            }
            var position = at % bytes.Length;
            if (mode == 0)
            {
                return new FuzzCase("mutated-bytes", $"truncated at {position} of {bytes.Length}", bytes[..position]);
            }
            var mutated = (byte[])bytes.Clone();
            for (var i = 0; i < noise.Length && position + i < mutated.Length; i++)
            {
                mutated[position + i] = noise[i];
            }
            return new FuzzCase("mutated-bytes", $"{noise.Length} bytes overwritten at {position}", mutated);
        });

    // ---- messages -----------------------------------------------------------------------------

    private static IMessage NewMessage(MessageDescriptor descriptor) =>
        (IMessage)Activator.CreateInstance(descriptor.ClrType)!;

    private static bool IsWellKnown(MessageDescriptor descriptor) =>
        descriptor.File.Package is "google.protobuf" or "google.type";

    /// <summary>Every field set to a plausible value of its type (for a field mask: names of the
    /// fields of the message beside it, as in an Update request).</summary>
    private Gen<IMessage> Plausible(MessageDescriptor descriptor, int depth) =>
        Build(descriptor, depth, field =>
            Has(field, Google.Api.FieldBehavior.OutputOnly) ? Gen.Const((object?)null)
            : Has(field, Google.Api.FieldBehavior.Required) ? PlausibleValue(field, descriptor, depth)
            // An optional field is often left out: its own format rules then cannot turn the whole request away.
            : Gen.Frequency<object?>((1, Gen.Const((object?)null)), (1, PlausibleValue(field, descriptor, depth))));

    private static bool Has(FieldDescriptor field, Google.Api.FieldBehavior behavior) =>
        field.GetOptions()?.GetExtension(Google.Api.FieldBehaviorExtensions.FieldBehavior)?.Contains(behavior) == true;

    private Gen<IMessage> AllEdges(MessageDescriptor descriptor, int depth) =>
        Build(descriptor, depth, field => Edge(field, depth + 1).Select(e => e.Value));

    private static Gen<IMessage> Build(MessageDescriptor descriptor, int depth, Func<FieldDescriptor, Gen<object?>> value)
    {
        if (depth >= MaxDepth || descriptor.ClrType is null)
        {
            return Gen.Const(() => NewMessage(descriptor));
        }
        var setters = descriptor.Fields.InFieldNumberOrder()
            .Where(f => !f.IsMap && f.FieldType != FieldType.Group)
            .Select(f => value(f).Select(v => (Field: f, Value: v)))
            .ToList();
        Gen<List<(FieldDescriptor Field, object? Value)>> all = Gen.Const(() => new List<(FieldDescriptor, object?)>());
        foreach (var setter in setters)
        {
            all = all.Select(setter, (list, item) =>
            {
                list.Add(item);
                return list;
            });
        }
        return all.Select(list =>
        {
            var message = NewMessage(descriptor);
            foreach (var (field, v) in list)
            {
                Assign(message, field, v);
            }
            return message;
        });
    }

    /// <summary>Sets a singular field, or for a repeated one adds the value (or each of a list).</summary>
    private static void Assign(IMessage message, FieldDescriptor field, object? value)
    {
        if (value is null)
        {
            field.Accessor.Clear(message);
            return;
        }
        if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(message);
            list.Clear();
            foreach (var item in value is Many many ? many.Items : [value])
            {
                list.Add(item);
            }
            return;
        }
        field.Accessor.SetValue(message, value);
    }

    /// <summary>Several values for a repeated field.</summary>
    private sealed record Many(IReadOnlyList<object> Items);

    private sealed record EdgeValue(string Label, object? Value);

    // ---- plausible values -----------------------------------------------------------------------

    private static readonly Gen<string> Identifier = Gen.Char["abcdefghijklmnopqrstuvwxyz"]
        .Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[0, 11], (first, rest) => first + new string(rest));

    private Gen<object?> PlausibleValue(FieldDescriptor field, MessageDescriptor owner, int depth)
    {
        var one = PlausibleSingle(field, owner, depth);
        return field.IsRepeated ? one.Array[0, 2].Select(a => (object?)new Many(a!)) : one.Select(v => (object?)v);
    }

    private Gen<object> PlausibleSingle(FieldDescriptor field, MessageDescriptor owner, int depth) => field.FieldType switch
    {
        FieldType.String when field.Name.EndsWith("page_token", StringComparison.Ordinal) => Gen.Const((object)""),
        FieldType.String when FieldFormats.IsJournalNumber(field) => JournalNumber().Select(s => (object)s),
        FieldType.String when FieldFormats.IsKleNumber(field) => FieldFormats.KleNumber.Select(s => (object)s),
        FieldType.String when ResourceName(field) is { } name => name.Select(s => (object)s),
        FieldType.String when field.Name == "request_id" => Gen.Guid.Select(g => (object)g.ToString()),
        FieldType.String when field.Name.EndsWith("_id", StringComparison.Ordinal) =>
            Identifier.Select(id => (object)id),
        FieldType.String => Gen.Frequency<string>(
                (3, Identifier),
                (2, Identifier.Select(Identifier, (a, b) => $"{a}s/{b}")),
                (1, Gen.OneOf("Økonomiudvalget", "Sag om vejbump på Ærøvej", "26.01.00-P20-1-25", "2026-03-14")))
            .Select(s => (object)s),
        FieldType.Bool => Gen.Bool.Select(b => (object)b),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Gen.Int[0, 50].Select(i => (object)i),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Gen.Long[0, 50].Select(i => (object)i),
        FieldType.UInt32 or FieldType.Fixed32 => Gen.UInt[0, 50].Select(i => (object)i),
        FieldType.UInt64 or FieldType.Fixed64 => Gen.ULong[0, 50].Select(i => (object)i),
        FieldType.Double => Gen.Double[0, 100].Select(d => (object)d),
        FieldType.Float => Gen.Float[0, 100].Select(d => (object)d),
        FieldType.Bytes => Gen.Byte.Array[0, 16].Select(b => (object)ByteString.CopyFrom(b)),
        FieldType.Enum => Gen.OneOf([.. field.EnumType.Values.Select(v => v.Number)]).Select(n => EnumValue(field, n)),
        FieldType.Message => PlausibleMessage(field, owner, depth),
        _ => Gen.Const((object)""),
    };

    /// <summary>A resource name for a field the contract says holds one: mostly one the run created,
    /// else the pattern with fresh identifiers; null when the field holds none.</summary>
    private Gen<string>? ResourceName(FieldDescriptor field)
    {
        var patterns = resources.PatternsFor(field, method);
        if (patterns.Count == 0)
        {
            return null;
        }
        var filled = Gen.OneOf(patterns.ToArray()).SelectMany(pattern =>
            Identifier.Array[pattern.Count(c => c == '{')].Select(ids =>
            {
                var i = 0;
                return PatternVariable().Replace(pattern, _ => ids[i++]);
            }));
        var created = patterns.SelectMany(resources.CreatedFitting).Distinct().ToArray();
        return created.Length == 0 ? filled : Gen.Frequency<string>((4, Gen.OneOf(created)), (1, filled));
    }

    /// <summary>A well-formed journal number: mostly one of a case the run created (so a check
    /// with Cases finds it), else a fresh one in the allocated or the registered form.</summary>
    private Gen<string> JournalNumber()
    {
        var fresh = Gen.OneOf(FieldFormats.AllocatedJournalNumber, FieldFormats.RegisteredJournalNumber);
        var created = resources.JournalNumbers.ToArray();
        return created.Length == 0 ? fresh : Gen.Frequency<string>((3, Gen.OneOf(created)), (2, fresh));
    }

    [System.Text.RegularExpressions.GeneratedRegex("\\{[^}]*\\}")]
    private static partial System.Text.RegularExpressions.Regex PatternVariable();

    private static object EnumValue(FieldDescriptor field, int number) => System.Enum.ToObject(field.EnumType.ClrType, number);

    private Gen<object> PlausibleMessage(FieldDescriptor field, MessageDescriptor owner, int depth)
    {
        var type = field.MessageType;
        if (type.FullName == Timestamp.Descriptor.FullName)
        {
            return Gen.Int[-3650, 3650].Select(days => (object)Timestamp.FromDateTime(new System.DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(days)));
        }
        if (type.FullName == "google.type.Date")
        {
            return Gen.Int[2000, 2035].Select(Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => Date(type, y, m, d));
        }
        if (type.FullName == "google.type.DateTime")
        {
            return Gen.Int[2020, 2035].Select(Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[8, 20], Gen.OneOf(0, 15, 30, 45),
                (y, mo, d, h, mi) => DateTime(type, y, mo, d, h, mi, 0, 0));
        }
        if (type.FullName == FieldMask.Descriptor.FullName)
        {
            // An Update request's mask names fields of the resource beside it.
            var names = owner.Fields.InFieldNumberOrder()
                .Where(f => f != field && f.FieldType == FieldType.Message && !IsWellKnown(f.MessageType))
                .SelectMany(f => f.MessageType.Fields.InFieldNumberOrder().Select(g => g.Name)).ToArray();
            return names.Length == 0
                ? Gen.Const(() => (object)new FieldMask())
                : Gen.OneOf(names).Array[1, 3].Select(paths => (object)new FieldMask { Paths = { paths.Distinct() } });
        }
        if (type.FullName == Duration.Descriptor.FullName)
        {
            return Gen.Int[0, 3600].Select(s => (object)Duration.FromTimeSpan(TimeSpan.FromSeconds(s)));
        }
        return Plausible(type, depth + 1).Select(m => (object)m);
    }

    /// <summary>google.type.Date through its descriptor (the test knows no generated type for it).</summary>
    private static object Date(MessageDescriptor type, int year, int month, int day)
    {
        var date = NewMessage(type);
        type.FindFieldByName("year").Accessor.SetValue(date, year);
        type.FindFieldByName("month").Accessor.SetValue(date, month);
        type.FindFieldByName("day").Accessor.SetValue(date, day);
        return date;
    }

    /// <summary>google.type.DateTime (a local time, no zone) through its descriptor.</summary>
    private static object DateTime(MessageDescriptor type, int year, int month, int day, int hours, int minutes, int seconds, int nanos)
    {
        var value = NewMessage(type);
        foreach (var (name, number) in new[] { ("year", year), ("month", month), ("day", day), ("hours", hours), ("minutes", minutes), ("seconds", seconds), ("nanos", nanos) })
        {
            type.FindFieldByName(name).Accessor.SetValue(value, number);
        }
        return value;
    }

    // ---- edge values ----------------------------------------------------------------------------

    private static readonly string[] EdgeStrings =
    [
        "", " ", "\t\r\n", "\0", "a\0b", "\u0001\u0007\u001b[31m", "line\r\nFAKE ERROR injected", "\uD800", "x\uDFFFy", "\uFFFE\uFFFF",
        "٢٦/1", "１２/3142", "²³/⁴", "٠", "１", "-1", "0", "99999999999999999999", "1e309", "NaN",
        "../../etc/passwd", "' OR '1'='1' --", "%s%n%x", "{0}", "${jndi:x}", "\u202Egnp.exe", "👩‍👩‍👧‍👦", "Ærø Å ø",
        "*", "-", "/", "//", "bodies/", "/bodies/x", "bodies/x/meetings/", "bodies/*/meetings/-", "cases/../cases/x",
    ];

    private Gen<EdgeValue> Edge(FieldDescriptor field, int depth)
    {
        var single = EdgeSingle(field, depth);
        if (!field.IsRepeated)
        {
            return single;
        }
        var plausible = PlausibleSingle(field, field.ContainingType, depth);
        return Gen.Frequency<EdgeValue>(
            (3, single.Select(e => e with { Value = e.Value is null ? null : new Many([e.Value]) })),
            (1, plausible.Select(v => new EdgeValue("10,000 elements", new Many(Enumerable.Repeat(v, 10_000).ToArray())))),
            (1, Gen.Const(new EdgeValue("empty list", new Many([])))));
    }

    private Gen<EdgeValue> EdgeSingle(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => EdgeString(field),
        FieldType.Bool => Gen.Bool.Select(b => new EdgeValue($"{b}", b)),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Ints(int.MinValue, int.MaxValue, -1, 0, 1_000_000),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 =>
            Gen.OneOf(long.MinValue, long.MaxValue, -1L, 0L, (long)int.MaxValue + 1).Select(i => new EdgeValue($"{i}", i)),
        FieldType.UInt32 or FieldType.Fixed32 => Gen.OneOf(uint.MaxValue, 0u).Select(i => new EdgeValue($"{i}", i)),
        FieldType.UInt64 or FieldType.Fixed64 => Gen.OneOf(ulong.MaxValue, 0ul).Select(i => new EdgeValue($"{i}", i)),
        FieldType.Double => Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -0.0)
            .Select(d => new EdgeValue($"{d}", d)),
        FieldType.Float => Gen.OneOf(float.NaN, float.PositiveInfinity, float.MinValue).Select(d => new EdgeValue($"{d}", d)),
        FieldType.Bytes => Gen.OneOf<EdgeValue>(
            Gen.Const(new EdgeValue("empty bytes", ByteString.Empty)),
            Gen.Int[100_000, 1_000_000].Select(n => new EdgeValue($"{n} bytes", ByteString.CopyFrom(new byte[n])))),
        FieldType.Enum => Gen.OneOf(-1, 999, int.MaxValue, int.MinValue)
            .Select(n => new EdgeValue($"undefined enum value {n}", EnumValue(field, n))),
        FieldType.Message => EdgeMessage(field, depth),
        _ => Gen.Const(new EdgeValue("unset", null)),
    };

    private static Gen<EdgeValue> Ints(params int[] values) => Gen.OneOf<EdgeValue>(
        Gen.OneOf(values).Select(i => new EdgeValue($"{i}", i)),
        Gen.Int.Select(i => new EdgeValue($"{i}", i)));

    private static Gen<EdgeValue> EdgeString(FieldDescriptor field)
    {
        var named = Gen.OneOf(EdgeStrings).Select(s => new EdgeValue($"\"{Printable(s)}\"", s));
        var huge = Gen.Int[10_000, 1_000_000].Select(Gen.OneOf("x", "٢", "ø", "\0", "/"), (n, unit) =>
            new EdgeValue($"{n} × \"{Printable(unit)}\"", string.Concat(Enumerable.Repeat(unit, n))));
        var random = Gen.String.Select(s => new EdgeValue($"random \"{Printable(s)}\"", s));
        var cases = new List<(int, IGen<EdgeValue>)> { (4, named), (2, huge), (2, random) };
        if (field.Name.EndsWith("page_token", StringComparison.Ordinal))
        {
            cases.Add((6, ForgedPageToken));
        }
        if (FieldFormats.IsJournalNumber(field))
        {
            // Near misses of the form, and fresh well-formed numbers that name no case.
            cases.Add((6, Gen.OneOf([.. FieldFormats.NearMissJournalNumbers, .. FieldFormats.ExtremeJournalNumbers])
                .Select(s => new EdgeValue($"journal number \"{Printable(s)}\"", s))));
            cases.Add((2, Gen.OneOf(FieldFormats.AllocatedJournalNumber, FieldFormats.RegisteredJournalNumber)
                .Select(s => new EdgeValue($"unknown journal number \"{s}\"", s))));
        }
        if (FieldFormats.IsKleNumber(field))
        {
            cases.Add((4, Gen.OneOf(FieldFormats.BrokenKleNumbers).Select(s => new EdgeValue($"KLE number \"{Printable(s)}\"", s))));
        }
        return Gen.Frequency<EdgeValue>([.. cases]);
    }

    /// <summary>Page tokens a caller could forge: base64 of random bytes, of JSON with odd offsets,
    /// and strings that are not base64 at all.</summary>
    private static readonly Gen<EdgeValue> ForgedPageToken = Gen.OneOf<EdgeValue>(
        Gen.Byte.Array[0, 64].Select(b => new EdgeValue("forged token: base64 of random bytes", Convert.ToBase64String(b))),
        Gen.OneOf("{\"offset\":-1}", "{\"offset\":9223372036854775807}", "{\"after\":\"\\u0000\"}", "{}", "null", "[]", "-1", "0",
                "{\"filter\":\"x\",\"offset\":1}", "99999999999999999999")
            .Select(json => new EdgeValue($"forged token: base64 of {json}", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)))),
        Gen.OneOf("not base64!", "====", "AAAA", "-_-_", "%%%", "eyJ9")
            .Select(s => new EdgeValue($"forged token: \"{s}\"", s)),
        Gen.Int[10_000, 200_000].Select(n => new EdgeValue($"forged token: {n} × 'A'", new string('A', n))));

    private Gen<EdgeValue> EdgeMessage(FieldDescriptor field, int depth)
    {
        var type = field.MessageType;
        if (type.FullName == Timestamp.Descriptor.FullName)
        {
            return Gen.OneOf(long.MinValue, long.MaxValue, -62_135_596_801L, -62_135_596_800L, 253_402_300_799L, 253_402_300_800L, 0L)
                .Select(Gen.OneOf(0, -1, 999_999_999, 1_000_000_000, int.MaxValue), (s, n) =>
                    new EdgeValue($"timestamp {s}s {n}ns", new Timestamp { Seconds = s, Nanos = n }));
        }
        if (type.FullName == "google.type.Date")
        {
            return Gen.OneOf(0, -1, 1, 1582, 9999, 10_000, int.MaxValue, int.MinValue)
                .Select(Gen.OneOf(0, 1, 2, 12, 13, -1), Gen.OneOf(0, 1, 29, 30, 31, 32, -1), (y, m, d) =>
                    new EdgeValue($"date {y}-{m}-{d}", Date(type, y, m, d)));
        }
        if (type.FullName == "google.type.DateTime")
        {
            return Gen.OneOf(0, -1, 1, 1999, 2201, 9999, 10_000, int.MaxValue)
                .Select(Gen.OneOf(0, 2, 13), Gen.OneOf(0, 30, 32), Gen.OneOf(0, 24, -1), Gen.OneOf(0, 60, 999_999_999, -1), (y, mo, d, h, n) =>
                    new EdgeValue($"date-time {y}-{mo}-{d} {h}:00:00 +{n}ns", DateTime(type, y, mo, d, h, 0, n == 60 ? 60 : 0, n == 60 ? 0 : n)));
        }
        if (type.FullName == FieldMask.Descriptor.FullName)
        {
            return Gen.OneOf<EdgeValue>(
                Gen.OneOf("unknown_path", "", "*", "name.", ".", "a..b", "ÆØÅ", "٢٦", "\0", "display_name.x.y.z", "create_time")
                    .Select(p => new EdgeValue($"mask path \"{Printable(p)}\"", new FieldMask { Paths = { p } })),
                Gen.Int[10_000, 200_000].Select(n => new EdgeValue($"mask path of {n} chars", new FieldMask { Paths = { new string('p', n) } })),
                Gen.Const(() => new EdgeValue("mask of 10,000 unknown paths", new FieldMask { Paths = { Enumerable.Range(0, 10_000).Select(i => $"p{i}") } })),
                Gen.Const(() => new EdgeValue("empty mask", new FieldMask())));
        }
        if (type.FullName == Duration.Descriptor.FullName)
        {
            return Gen.OneOf(long.MinValue, long.MaxValue, -1L)
                .Select(s => new EdgeValue($"duration {s}s", new Duration { Seconds = s }));
        }
        return Gen.Frequency<EdgeValue>(
            (1, Gen.Const(() => new EdgeValue($"empty {type.Name}", NewMessage(type)))),
            (1, Gen.Const(new EdgeValue($"unset {type.Name}", null))),
            (2, AllEdges(type, depth).Select(m => new EdgeValue($"{type.Name} with every field at an edge", m))));
    }

    /// <summary>A short, printable form of a value for the failure report.</summary>
    public static string Printable(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value.Length > 40 ? value[..40] : value)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c);
        }
        return value.Length > 40 ? $"{builder}…({value.Length} chars)" : builder.ToString();
    }
}
