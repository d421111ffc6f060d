"""Microsoft SQL Server."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, native


class SqlServerConnector(Connector):
    name = "sqlserver"
    display_name = "SQL Server"
    supports_enums = False
    supports_json = False
    supports_multi_schema = True
    foreign_key_actions = ("Cascade", "NoAction", "SetNull", "SetDefault")
    max_identifier_length = 128
    supports_skip_duplicates = False
    create_many_writes_autoincrement = False
    isolation_levels = ("ReadUncommitted", "ReadCommitted", "RepeatableRead", "Serializable", "Snapshot")
    max_bind_parameters = 2_099
    native_types = {
        "TinyInt": native("Int"),
        "SmallInt": native("Int"),
        "Int": native("Int"),
        "BigInt": native("BigInt"),
        "Bit": native("Boolean", "Int"),
        "Decimal": native("Decimal", optional=2),
        "Money": native("Decimal"),
        "SmallMoney": native("Decimal"),
        "Float": native("Float", optional=1),
        "Real": native("Float"),
        "Date": native("DateTime"),
        "Time": native("DateTime"),
        "DateTime": native("DateTime"),
        "DateTime2": native("DateTime"),
        "DateTimeOffset": native("DateTime"),
        "SmallDateTime": native("DateTime"),
        "Char": native("String", optional=1),
        "NChar": native("String", optional=1),
        "VarChar": native("String", optional=1, accepts_max=True),
        "NVarChar": native("String", optional=1, accepts_max=True),
        "Text": native("String"),
        "NText": native("String"),
        "Xml": native("String"),
        "UniqueIdentifier": native("String"),
        "Binary": native("Bytes", optional=1),
        "VarBinary": native("Bytes", optional=1, accepts_max=True),
        "Image": native("Bytes"),
    }

    def native_type_argument_problem(self, name: str, values: tuple[int | str, ...], scalar: str) -> str | None:
        numbers = [v for v in values if isinstance(v, int)]
        if name == "Decimal" and len(numbers) == 2:
            precision, scale = numbers
            if scale > precision:
                return self._scale_above_precision(name, values)
            if precision == 0 or precision > 38:
                return self._out_of_range(name, values, "Precision can range from 1 to 38.")
            if scale > 38:
                return self._out_of_range(name, values, "Scale can range from 0 to 38.")
        if len(numbers) != 1:
            return None  # no argument, or `Max`
        [length] = numbers
        max_variant = " For larger sizes, use the `Max` variant."
        if name == "Float" and not 1 <= length <= 53:
            return self._out_of_range(name, values, "Bits can range from 1 to 53.")
        if name == "NVarChar" and length > 4000:
            return self._out_of_range(name, values, "Length can range from 1 to 4000." + max_variant)
        if name in ("VarChar", "VarBinary") and length > 8000:
            return self._out_of_range(name, values, "Length can range from 1 to 8000." + max_variant)
        if name == "NChar" and length > 4000:
            return self._out_of_range(name, values, "Length can range from 1 to 4000.")
        if name in ("Char", "Binary") and length > 8000:
            return self._out_of_range(name, values, "Length can range from 1 to 8000.")
        return None
