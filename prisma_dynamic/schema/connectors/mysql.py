"""MySQL and MariaDB."""

from __future__ import annotations

import re

from prisma_dynamic.schema.connectors.base import Connector, SqlModules, native

# MariaDB has `DELETE ... RETURNING` since 10.0.5 and `INSERT ... RETURNING` since 10.5, no
# `UPDATE ... RETURNING`; MySQL has none. Taken only from 10.5, where both are there.
_MARIADB_RETURNING = frozenset({"INSERT", "DELETE"})
_MARIADB_VERSION = re.compile(r"(\d+)\.(\d+)\..*-MariaDB")


class MySqlConnector(Connector):
    name = "mysql"
    display_name = "MySQL"
    sql = SqlModules(
        dialect="prisma_dynamic.dialects.mysql:MysqlDialect",
        driver="prisma_dynamic.engine.drivers.mysql:MysqlDriver",
        schema_backend="prisma_dynamic.migrate.mysql:MysqlBackend",
        extra="mysql",
    )
    url_schemes = ("mysql",)
    supports_fulltext_index = True
    autoincrement = "indexed"
    names_primary_keys = False  # always PRIMARY
    max_identifier_length = 64
    json_filter_path = "string"
    supports_relation_joins = True
    full_text_search = "with_index"
    supports_skip_duplicates = True
    update_counts_matched_rows = False  # without the CLIENT_FOUND_ROWS flag: rows changed
    json_array_contains = True
    json_comparison_filters = "values"  # MySQL and MariaDB cannot compare Json with another field
    max_bind_parameters = 65_535

    def returning_statements(self, server_version: str | None) -> frozenset[str]:
        # `SELECT VERSION()` says e.g. "10.11.6-MariaDB-0+deb12u1" on MariaDB, "8.0.36" on MySQL.
        found = _MARIADB_VERSION.match(server_version or "")
        if found and (int(found[1]), int(found[2])) >= (10, 5):
            return _MARIADB_RETURNING
        return frozenset()

    native_types = {
        "Int": native("Int"),
        "UnsignedInt": native("Int"),
        "SmallInt": native("Int"),
        "UnsignedSmallInt": native("Int"),
        "TinyInt": native("Boolean", "Int"),
        "UnsignedTinyInt": native("Boolean", "Int"),
        "MediumInt": native("Int"),
        "UnsignedMediumInt": native("Int"),
        "Year": native("Int"),
        "BigInt": native("BigInt"),
        "UnsignedBigInt": native("BigInt"),
        "Float": native("Float"),
        "Double": native("Float"),
        "Decimal": native("Decimal", optional=2),
        "Bit": native("Boolean", "Bytes", required=1),
        "Char": native("String", required=1),
        "VarChar": native("String", required=1),
        "TinyText": native("String"),
        "Text": native("String"),
        "MediumText": native("String"),
        "LongText": native("String"),
        "Binary": native("Bytes", required=1),
        "VarBinary": native("Bytes", required=1),
        "TinyBlob": native("Bytes"),
        "Blob": native("Bytes"),
        "MediumBlob": native("Bytes"),
        "LongBlob": native("Bytes"),
        "Date": native("DateTime"),
        "Time": native("DateTime", optional=1),
        "DateTime": native("DateTime", optional=1),
        "Timestamp": native("DateTime", optional=1),
        "Json": native("Json"),
    }

    def native_type_argument_problem(self, name: str, values: tuple[int | str, ...], scalar: str) -> str | None:
        numbers = [v for v in values if isinstance(v, int)]
        if name == "Decimal" and len(numbers) == 2:
            precision, scale = numbers
            if scale > precision:
                return self._scale_above_precision(name, values)
            if precision > 65:
                return self._out_of_range(name, values, "Precision can range from 1 to 65.")
            if scale > 30:
                return self._out_of_range(name, values, "Scale can range from 0 to 30.")
        if len(numbers) != 1:
            return None
        [length] = numbers
        if name == "Bit" and not 1 <= length <= 64:
            return self._out_of_range(name, values, "M can range from 1 to 64.")
        if name == "Char" and length > 255:
            return self._out_of_range(name, values, "M can range from 0 to 255.")
        if name == "VarChar" and length > 65535:
            return self._out_of_range(name, values, "M can range from 0 to 65,535.")
        if name == "Bit" and length > 1 and scalar == "Boolean":
            return self._out_of_range(name, values, "only Bit(1) can be used as Boolean.")
        return None
