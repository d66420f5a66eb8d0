using System.Reflection;
using Any = Google.Protobuf.WellKnownTypes.Any;
using Google.Rpc;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// A request that is not a valid protobuf message (or has a string that is not UTF-8) is the caller's
/// mistake: INVALID_ARGUMENT with ErrorInfo MALFORMED_REQUEST, not UNKNOWN with an error-level stack
/// trace. grpc-dotnet deserializes the request before any interceptor runs, so the check sits in the
/// request marshaller: this replaces grpc-dotnet's binder-based method provider with one that binds
/// the same generated methods, each with a deserializer that turns a parse failure into that status.
/// </summary>
public static partial class MalformedRequests
{
    public const string Reason = "MALFORMED_REQUEST";

    /// <summary>grpc-dotnet's logger for calls; it logs every failed read with its exception at
    /// Information. GovernanceDefaults keeps it at Warning; the error interceptor and
    /// <see cref="MalformedRequests"/> log one short line per refused call instead.</summary>
    public const string CallHandlerLogCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    private const string DefaultProviderName = "BinderServiceMethodProvider`1";

    /// <summary>Call after AddGrpc: every service mapped with MapGrpcService gets the guarded marshaller.</summary>
    public static IServiceCollection AddMalformedRequestGuard(this IServiceCollection services)
    {
        var binder = services.SingleOrDefault(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType is { Name: DefaultProviderName })
            ?? throw new InvalidOperationException(
                $"grpc-dotnet's {DefaultProviderName} is not registered (call AddGrpc first, or grpc-dotnet changed): malformed requests would not be guarded.");
        services.Remove(binder);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedMethodProvider<>)));
        return services;
    }

    /// <summary>The status a malformed request gets; the message names the expected message type only.</summary>
    public static RpcException Refusal(string method, string requestType) => new Google.Rpc.Status
    {
        Code = (int)Code.InvalidArgument,
        Message = $"The request could not be parsed: it is not a valid {requestType} message (protobuf with UTF-8 strings).",
        Details = { Any.Pack(new ErrorInfo { Reason = Reason, Domain = ErrorMappingInterceptor.ErrorDomain(method) }) },
    }.ToRpcException();

    /// <summary>The method with the same name and serializer, and a request deserializer that answers
    /// a parse failure with <see cref="Refusal"/>.</summary>
    public static Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method, ILogger logger)
    {
        var inner = method.RequestMarshaller;
        var requestType = typeof(TRequest).Name;
        var marshaller = Marshallers.Create<TRequest>(
            (request, context) => inner.ContextualSerializer(request, context),
            context =>
            {
                try
                {
                    return inner.ContextualDeserializer(context);
                }
                catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
                {
                    Log.Malformed(logger, method.FullName, ex.GetType().Name);
                    throw Refusal(method.FullName, requestType);
                }
            });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    /// <summary>What grpc-dotnet's BinderServiceMethodProvider does (call the generated BindService
    /// named by [BindServiceMethod]), with guarded methods.</summary>
    private sealed class GuardedMethodProvider<TService>(ILoggerFactory loggers) : IServiceMethodProvider<TService>
        where TService : class
    {
        private readonly ILogger _logger = loggers.CreateLogger(typeof(MalformedRequests).FullName!);

        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } bind)
                {
                    continue;
                }
                var bindMethod = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    .SingleOrDefault(m => m.Name == bind.BindMethodName && m.GetParameters() is [{ } first, _]
                        && first.ParameterType == typeof(ServiceBinderBase))
                    ?? throw new InvalidOperationException($"{bind.BindType} has no {bind.BindMethodName}(ServiceBinderBase, …) to bind {typeof(TService)}.");
                var serviceBase = bindMethod.GetParameters()[1].ParameterType;
                bindMethod.Invoke(null, [new Binder<TService>(context, serviceBase, _logger), null]);
                return;
            }
        }
    }

    private sealed class Binder<TService>(ServiceMethodProviderContext<TService> context, Type serviceBase, ILogger logger) : ServiceBinderBase
        where TService : class
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Guarded(method, logger), Metadata(method.Name, out var m, typeof(TRequest), typeof(ServerCallContext)),
                Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Guarded(method, logger),
                Metadata(method.Name, out var m, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Guarded(method, logger),
                Metadata(method.Name, out var m, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)),
                Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Guarded(method, logger),
                Metadata(method.Name, out var m, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(m));

        private static TDelegate Invoker<TDelegate>(MethodInfo handler) where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);

        /// <summary>The service's override of the generated method, and its endpoint metadata as
        /// grpc-dotnet builds it: type attributes, then method attributes (e.g. [Authorize]), then POST.</summary>
        private List<object> Metadata(string name, out MethodInfo handler, params Type[] parameters)
        {
            handler = Find(name, parameters)
                ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return metadata;
        }

        private MethodInfo? Find(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, binder: null, types: parameters, modifiers: null);
                if (method is null)
                {
                    return null;
                }
                // A method that hides (rather than overrides) the generated one is not the handler.
                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return method;
                }
            }
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{Method} answered InvalidArgument MALFORMED_REQUEST ({Problem})")]
        public static partial void Malformed(ILogger logger, string method, string problem);
    }
}
