"""Rich display of records and schemas in Jupyter (`_repr_html_`): plain HTML, no extra install.

Results of `find_many`, `aggregate` and models render as tables (`group_by` returns a plain
list, as Prisma Client Python does: `table(rows, db.models.Post)` shows it as one) whose header names
each column's schema type; `db` and `db.models` render the schema as model cards with their
relations. Nothing here runs queries: it only formats what a query returned.
"""

from prisma_dynamic.display.results import AggregateResult, AggregateRows, RecordList, table
from prisma_dynamic.display.schema import schema_html
from prisma_dynamic.display.tables import record_html, records_html, rows_html

__all__ = [
    "AggregateResult",
    "AggregateRows",
    "RecordList",
    "record_html",
    "records_html",
    "rows_html",
    "schema_html",
    "table",
]
