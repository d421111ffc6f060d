"""PostgreSQL."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, SqlModules, native


class PostgreSqlConnector(Connector):
    name = "postgresql"
    display_name = "Postgres"
    sql = SqlModules(
        dialect="prisma_dynamic.dialects.postgresql:PostgresqlDialect",
        driver="prisma_dynamic.engine.drivers.postgresql:PostgresDriver",
        schema_backend="prisma_dynamic.migrate.postgresql:PostgresqlBackend",
        extra="postgresql",
    )
    url_schemes = ("postgresql", "postgres")
    supports_scalar_lists = True
    supports_multi_schema = True
    constraint_scope = "global"
    max_identifier_length = 63
    supports_insensitive_filters = True
    json_filter_path = "array"
    supports_relation_joins = True
    full_text_search = "without_index"
    full_text_search_preview = "fullTextSearchPostgres"
    supports_returning = True
    supports_native_upsert = True
    supports_skip_duplicates = True
    supports_distinct_on = True
    native_filter_types = {"Uuid": "Uuid"}
    json_array_contains = True
    json_comparison_filters = "with_field_refs"
    max_bind_parameters = 32_767
    native_types = {
        "Text": native("String"),
        "Char": native("String", optional=1),
        "VarChar": native("String", optional=1),
        "Bit": native("String", optional=1),
        "VarBit": native("String", optional=1),
        "Uuid": native("String"),
        "Xml": native("String"),
        "Inet": native("String"),
        "Citext": native("String"),
        "Boolean": native("Boolean"),
        "Integer": native("Int"),
        "SmallInt": native("Int"),
        "Oid": native("Int"),
        "BigInt": native("BigInt"),
        "DoublePrecision": native("Float"),
        "Real": native("Float"),
        "Decimal": native("Decimal", optional=2),
        "Money": native("Decimal"),
        "Timestamp": native("DateTime", optional=1),
        "Timestamptz": native("DateTime", optional=1),
        "Date": native("DateTime"),
        "Time": native("DateTime", optional=1),
        "Timetz": native("DateTime", optional=1),
        "Json": native("Json"),
        "JsonB": native("Json"),
        "ByteA": native("Bytes"),
    }

    def native_type_argument_problem(self, name: str, values: tuple[int | str, ...], scalar: str) -> str | None:
        return postgres_argument_problem(self, name, values)


_PRECISION_TYPES = ("Timestamp", "Timestamptz", "Time", "Timetz")


def postgres_argument_problem(connector: Connector, name: str, values: tuple[int | str, ...]) -> str | None:
    """PostgreSQL's limits on native type arguments, which CockroachDB shares."""
    if name == "Decimal" and len(values) == 2:
        precision, scale = values
        assert isinstance(precision, int) and isinstance(scale, int)
        if scale > precision:
            return connector._scale_above_precision(name, values)
        if precision == 0 or precision > 1000:
            return connector._out_of_range(name, values, "Precision must be positive with a maximum value of 1000.")
    if name in ("Bit", "VarBit") and values == (0,):
        return connector._out_of_range(name, values, "M must be a positive integer.")
    if name in _PRECISION_TYPES and values and isinstance(values[0], int) and values[0] > 6:
        return connector._out_of_range(name, values, "M can range from 0 to 6.")
    return None
