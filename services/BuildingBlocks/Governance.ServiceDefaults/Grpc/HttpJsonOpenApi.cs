using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.XPath;
using Google.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Writers;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// The OpenAPI document of the HTTP/JSON paths (<see cref="HttpJson"/>), generated from the services'
/// descriptors and their google.api.http rules by Microsoft.AspNetCore.Grpc.Swagger on Swashbuckle, with the
/// comments of the .proto files (protoc writes them into each contracts assembly's XML documentation).
/// Served at <see cref="Path"/> without a token: it describes the contract only.
/// </summary>
public static class HttpJsonOpenApi
{
    /// <summary>Where the document is served.</summary>
    public const string Path = "/openapi/v1.json";

    private const string DocumentName = "v1";

    public static IServiceCollection AddHttpJsonOpenApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSingleton<DocumentCache>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, ResourceSegments>());
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Governance Platform (HTTP/JSON)",
                Version = "v1",
                Description =
                    "The gRPC services of protos/ as HTTP/JSON, generated from their google.api.http rules. Every call but the " +
                    "survey respondents' needs `Authorization: Bearer <token>`. Errors are google.rpc.Status as JSON " +
                    "(`code`, `message`, `details`) with the HTTP status of the code; a google.rpc.BadRequest detail lists a " +
                    "field violation per bad field. Field names are lowerCamelCase; query parameters take either spelling. " +
                    "A resource name such as `meetings/{meeting}` is written in the path as its segments: `/v1/meetings/m-1`.",
            });
            // Only the transcoded RPCs: the document describes the contract of protos/, not the host's pages.
            options.DocInclusionPredicate((_, api) => Transcoding(api) is not null);
            options.CustomOperationIds(OperationId);
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token of the municipality's OpenID Connect provider (in the embedded default: `Governance.Host token`).",
            });
            options.OperationFilter<BearerRequirement>();
            foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Governance.*.Contracts.xml").Order(StringComparer.Ordinal))
            {
                var comments = ReadComments(file);
                options.IncludeXmlComments(() => comments);
                options.IncludeGrpcXmlComments(() => comments);
            }
        });
        return services;
    }

    /// <summary>Serves the document at <see cref="Path"/>, without a token. It is built once, on the first
    /// request (about 0.1 s of CPU and 270 KB): the contract does not change while the host runs, and a public
    /// endpoint must not do that work on every request.</summary>
    public static WebApplication MapGovernanceOpenApi(this WebApplication app)
    {
        app.MapGet(Path, (DocumentCache cache) => Results.Bytes(cache.Json, "application/json; charset=utf-8")).AllowAnonymous();
        return app;
    }

    private sealed class DocumentCache(IServiceProvider services)
    {
        private readonly Lazy<byte[]> _json = new(() =>
        {
            var document = services.GetRequiredService<ISwaggerProvider>().GetSwagger(DocumentName);
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            document.SerializeAsV3(new OpenApiJsonWriter(text));
            return Encoding.UTF8.GetBytes(text.ToString());
        });

        public byte[] Json => _json.Value;
    }

    private const string BearerScheme = "bearer";

    private static GrpcJsonTranscodingMetadata? Transcoding(ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<GrpcJsonTranscodingMetadata>().FirstOrDefault();

    private static XPathDocument ReadComments(string file)
    {
        using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return new XPathDocument(reader);
    }

    /// <summary>"MeetingsService_GetMeeting"; an additional binding of the same RPC gets its number ("CasesService_GetCase_2").</summary>
    private static string OperationId(ApiDescription api)
    {
        var transcoding = Transcoding(api)!;
        var method = transcoding.MethodDescriptor;
        var id = $"{method.Service.Name}_{method.Name}";
        var primary = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        if (primary is null || transcoding.HttpRule.Equals(primary))
        {
            return id;
        }
        return $"{id}_{(primary.AdditionalBindings.IndexOf(transcoding.HttpRule) + 2).ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Grpc.Swagger writes a variable that spans segments as one parameter (<c>/v1/{name}</c> for
    /// <c>/v1/{name=meetings/*}</c>), so every Get of the contract would have the same path and the document could
    /// not be generated. This writes such a variable as its segments instead, a parameter per wildcard named after
    /// the collection before it (<c>/v1/meetings/{meetingsId}</c>), as Google's own API documents do: the URL a
    /// client builds is the same.
    /// </summary>
    private sealed class ResourceSegments : IApiDescriptionProvider
    {
        // After Grpc.Swagger's provider (-900).
        public int Order => 0;

        public void OnProvidersExecuting(ApiDescriptionProviderContext context)
        {
            foreach (var api in context.Results)
            {
                if (Transcoding(api) is not { } transcoding || !TryPattern(transcoding.HttpRule, out var pattern))
                {
                    continue;
                }
                var (path, segmentParameters, variables) = Expand(pattern);
                api.RelativePath = path.TrimStart('/');
                var replaced = api.ParameterDescriptions.Where(p => p.Source == BindingSource.Path && variables.Contains(p.Name)).ToList();
                foreach (var parameter in replaced)
                {
                    api.ParameterDescriptions.Remove(parameter);
                }
                foreach (var name in segmentParameters)
                {
                    api.ParameterDescriptions.Add(new ApiParameterDescription
                    {
                        Name = name,
                        Source = BindingSource.Path,
                        IsRequired = true,
                        Type = typeof(string),
                    });
                }
            }
        }

        public void OnProvidersExecuted(ApiDescriptionProviderContext context)
        {
        }
    }

    private static bool TryPattern(HttpRule rule, out string pattern)
    {
        pattern = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
            _ => "",
        };
        return pattern.Length > 0;
    }

    /// <summary>"/v1/{name=meetings/*/items/*}:cancel" → "/v1/meetings/{meetingsId}/items/{itemsId}:cancel", with
    /// the parameters [meetingsId, itemsId] and the variables it replaced (in JSON spelling, as Grpc.Swagger names them).</summary>
    public static (string Path, List<string> Parameters, HashSet<string> Variables) Expand(string pattern)
    {
        var path = new StringBuilder();
        var parameters = new List<string>();
        var variables = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf('{', i);
            if (open < 0)
            {
                path.Append(pattern, i, pattern.Length - i);
                break;
            }
            path.Append(pattern, i, open - i);
            var close = pattern.IndexOf('}', open);
            var variable = pattern[(open + 1)..close];
            var equals = variable.IndexOf('=');
            var field = equals < 0 ? variable : variable[..equals];
            variables.Add(JsonPath(field));
            if (equals < 0)
            {
                path.Append('{').Append(JsonPath(field)).Append('}');
                parameters.Add(JsonPath(field));
            }
            else
            {
                var segments = variable[(equals + 1)..].Split('/');
                for (var s = 0; s < segments.Length; s++)
                {
                    if (s > 0)
                    {
                        path.Append('/');
                    }
                    if (segments[s] is "*" or "**")
                    {
                        var name = (s > 0 ? segments[s - 1] : JsonPath(field)) + "Id";
                        path.Append('{').Append(name).Append('}');
                        parameters.Add(name);
                    }
                    else
                    {
                        path.Append(segments[s]);
                    }
                }
            }
            i = close + 1;
        }
        return (path.ToString(), parameters, variables);
    }

    /// <summary>"statutory_deadline.name" → "statutoryDeadline.name".</summary>
    private static string JsonPath(string field) =>
        string.Join('.', field.Split('.').Select(part =>
        {
            var words = part.Split('_');
            return words[0] + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
        }));

    /// <summary>Every operation needs the bearer token, except those open to anyone (the survey respondents').</summary>
    private sealed class BearerRequirement : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = BearerScheme } }] = [],
            });
        }
    }
}
