using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Governance.Fuzz.Tests;

/// <summary>The unary RPCs a running host maps, each with its proto descriptor: found from the host's
/// gRPC endpoints and the generated code's <c>Descriptor</c> of the service base class the handler
/// derives from. A service the host maps is fuzzed without anyone writing a case for it.</summary>
public static class ContractCatalog
{
    public static IReadOnlyList<MethodDescriptor> UnaryMethods(WebApplication app)
    {
        var methods = new Dictionary<string, MethodDescriptor>(StringComparer.Ordinal);
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints))
        {
            var metadata = endpoint.Metadata.GetMetadata<GrpcMethodMetadata>();
            if (metadata is null || metadata.Method.Type != MethodType.Unary || methods.ContainsKey(metadata.Method.FullName))
            {
                continue;
            }
            var service = ServiceDescriptorOf(metadata.ServiceType, metadata.Method.ServiceName)
                ?? throw new InvalidOperationException($"No proto descriptor for {metadata.Method.FullName} (handler {metadata.ServiceType}).");
            methods[metadata.Method.FullName] = service.FindMethodByName(metadata.Method.Name)
                ?? throw new InvalidOperationException($"{service.FullName} has no method {metadata.Method.Name} in its descriptor.");
        }
        return [.. methods.Values.OrderBy(m => m.FullName, StringComparer.Ordinal)];
    }

    /// <summary>Generated services are <c>static partial class X { public static ServiceDescriptor
    /// Descriptor; public abstract class XBase }</c>: the handler derives from one of the bases.</summary>
    private static ServiceDescriptor? ServiceDescriptorOf(Type handler, string serviceName)
    {
        for (var type = handler; type is not null; type = type.BaseType)
        {
            var descriptor = type.DeclaringType?.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static);
            if (descriptor?.GetValue(null) is ServiceDescriptor service && service.FullName == serviceName)
            {
                return service;
            }
        }
        return null;
    }
}
