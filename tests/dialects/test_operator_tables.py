"""Every filter operator Prisma's query schema offers has a handler in the engine's table for that
database, and the tables offer nothing Prisma does not (`engine/operators.py`).

Checked against Prisma's own query schemas in the corpus (`<schema>.query-schema.json`): each
scalar filter input type (`StringFilter`, `JsonNullableFilter`, `IntNullableListFilter`, ...) is
matched with its family's table, built from the schema's connector and preview features.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from prisma_dynamic.engine.operators import OperatorTable, OperatorTables
from prisma_dynamic.schema.connectors import connector_for
from prisma_dynamic.schema.load import load_schema
from tests.corpus import accepted_schemas, beside

_ENGINE_DATABASES = ("sqlite", "postgresql", "postgres", "mysql")
_FILTER = re.compile(
    r"^(?P<nested>Nested)?(?P<type>String|Int|BigInt|Float|Decimal|DateTime|Bool|Bytes|Json|Enum\w+?)"
    r"(Nullable)?(?P<list>List)?(WithAggregates)?Filter$"
)
_AGGREGATES = frozenset({"_count", "_min", "_max", "_avg", "_sum"})  # `having` parts (engine/aggregates.py)


def _corpus() -> list[Path]:
    return [path for path in accepted_schemas() if beside(path, ".query-schema.json").is_file()]


def _family(tables: OperatorTables, match: re.Match[str]) -> OperatorTable:
    type_name = match["type"]
    return tables.for_field({"Bool": "Boolean"}.get(type_name, type_name), bool(match["list"]))


def _offered(table: OperatorTable) -> set[str]:
    return {*table.handlers, *table.modifiers}


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_the_query_schema_offers_only_operators_with_handlers(schemas_dir: Path, path: Path) -> None:
    schema = load_schema(path)
    if schema.provider not in _ENGINE_DATABASES:
        pytest.skip(f"the engine has no dialect for {schema.provider}")
    connector = connector_for(schema.provider)
    assert connector is not None
    tables = OperatorTables.build(connector, schema.preview_features)
    query_schema = json.loads(beside(path, ".query-schema.json").read_text())
    checked = 0
    for input_type in query_schema["schema"]["inputObjectTypes"]["prisma"]:
        match = _FILTER.match(input_type["name"])
        if match is None:
            continue
        names = {f["name"] for f in input_type["fields"]} - _AGGREGATES
        table = _family(tables, match)
        missing = names - _offered(table)
        assert not missing, f"{input_type['name']}: no handler on {connector.display_name} for {sorted(missing)}"
        if (not match["nested"] and match["type"] in ("String", "Json")) or match["list"]:
            extra = _offered(table) - names
            assert not extra, f"{input_type['name']}: {connector.display_name} offers {sorted(extra)}, Prisma does not"
        checked += 1
    assert checked, "no scalar filter types found"
