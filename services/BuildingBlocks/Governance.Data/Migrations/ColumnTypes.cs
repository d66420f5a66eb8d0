using FluentMigrator.Builders;

namespace Governance.Data.Migrations;

/// <summary>Column types that FluentMigrator does not map the same way in both dialects.</summary>
public static class ColumnTypes
{
    /// <summary>A UTC instant: <c>timestamptz</c> in PostgreSQL. SQLite has no date type; the type
    /// name only sets affinity, and values are ISO-8601 text that sorts in time order.</summary>
    public static TNext AsInstant<TNext>(this IColumnTypeSyntax<TNext> column)
        where TNext : FluentMigrator.Infrastructure.IFluentSyntax =>
        column.AsCustom("timestamptz");
}
