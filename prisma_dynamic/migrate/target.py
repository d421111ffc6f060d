"""The catalog Prisma's schema engine would create for a schema: tables from models (views
excluded), columns from scalar, enum and Unsupported fields, keys, indexes, foreign keys from
relations, and the implicit many-to-many join tables."""

from __future__ import annotations

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.migrate.catalog import Catalog, Column, EnumType, ForeignKey, Index, IndexColumn, PrimaryKey, Table
from prisma_dynamic.schema import ir, naming


def target_catalog(schema: ir.Schema, dialect: Dialect, default_schema: str | None = None) -> Catalog:
    """`default_schema` is where objects without `@@schema` go (PostgreSQL's connection schema)."""
    builder = _Builder(schema, dialect, default_schema)
    tables = [builder.model_table(model) for model in schema.models if not model.is_view]
    tables.extend(builder.join_table(relation) for relation in schema.implicit_many_to_many)
    enums = (
        tuple(
            EnumType(e.db_name, tuple(v.db_name for v in e.values), builder.namespace(e.schema)) for e in schema.enums
        )
        if dialect.supports_native_enums
        else ()
    )
    datasource = schema.datasource
    namespaces = datasource.schemas if datasource is not None and dialect.connector.supports_multi_schema else ()
    extensions = datasource.extensions if datasource is not None and dialect.supports_extensions else ()
    return Catalog(tuple(tables), enums, namespaces, extensions)


class _Builder:
    def __init__(self, schema: ir.Schema, dialect: Dialect, default_schema: str | None) -> None:
        self.schema = schema
        self.dialect = dialect
        self.default_schema = default_schema
        self.limit = dialect.connector.max_identifier_length
        datasource = schema.datasource
        self.foreign_keys = datasource is None or datasource.relation_mode == "foreignKeys"

    def namespace(self, name: str | None) -> str | None:
        return name if name is not None else self.default_schema

    def model_table(self, model: ir.Model) -> Table:
        # Ignored fields and Unsupported types still have their columns; only the client skips them.
        fields = [f for f in model.fields if f.is_scalar_like or f.kind == "unsupported"]
        pk = model.primary_key
        single_pk = pk.fields[0].name if pk is not None and len(pk.fields) == 1 else None
        columns = tuple(self.column(f, f.name == single_pk) for f in fields)
        primary_key = None
        if pk is not None:
            pk_name = (
                (pk.map or naming.primary_key_name(model.db_name, self.limit))
                if self.dialect.connector.names_primary_keys
                else None
            )
            primary_key = PrimaryKey(tuple(self.column_name(model, f) for f in pk.field_names), pk_name)
        indexes = tuple(self.index(model, index) for index in model.indexes)
        foreign_keys = (
            tuple(self.foreign_key(model, r) for r in self.relations_held_by(model)) if self.foreign_keys else ()
        )
        return Table(model.db_name, columns, primary_key, indexes, foreign_keys, self.namespace(model.schema))

    def column(self, field: ir.Field, is_single_pk: bool) -> Column:
        column_type = self.dialect.column_type(field, self.schema)
        explicit = (
            field.default is not None
            and field.default.function is not None
            and (field.default.function.name == "autoincrement")
        )
        implicit = (
            is_single_pk
            and self.dialect.integer_primary_key_autoincrements
            and column_type == self.dialect.scalar_types["Int"]
        )
        return Column(
            name=field.db_name,
            type=column_type,
            # Lists are nullable columns: an absent list is stored as NULL, not as an empty array.
            nullable=field.is_list or not field.is_required,
            default=self.dialect.render_default(field, self.schema),
            autoincrement=explicit or implicit,
        )

    def column_name(self, model: ir.Model, field_name: str) -> str:
        return model.field(field_name).db_name

    def index(self, model: ir.Model, index: ir.Index) -> Index:
        columns = tuple(
            IndexColumn(
                self.column_name(model, f.name),
                f.sort == "Desc",
                f.length,
                self.dialect.operator_class(f.operator_class) if f.operator_class is not None else None,
            )
            for f in index.fields
        )
        names = [c.name for c in columns]
        if index.map is not None:
            name = index.map
        elif index.kind == "unique":
            name = naming.unique_index_name(model.db_name, names, self.limit)
        else:
            name = naming.index_name(model.db_name, names, self.limit)
        return Index(
            name,
            columns,
            unique=index.kind == "unique",
            method=self.dialect.index_method(index.algorithm),
            fulltext=index.kind == "fulltext",
        )

    def relations_held_by(self, model: ir.Model) -> list[ir.Relation]:
        """In the order of the relation fields, which is the order Prisma writes the constraints."""
        return [
            self.schema.relation_of(model.name, f.name)
            for f in model.fields
            if f.is_relation
            and self.schema.holds_foreign_key(model.name, f.name)
            and self.schema.relation_of(model.name, f.name).fields
        ]

    def foreign_key(self, model: ir.Model, relation: ir.Relation) -> ForeignKey:
        referenced = self.schema.model(relation.referenced.model)
        columns = tuple(self.column_name(model, f) for f in relation.fields)
        return ForeignKey(
            name=relation.fk_name or naming.foreign_key_name(model.db_name, columns, self.limit),
            columns=columns,
            referenced_table=referenced.db_name,
            referenced_columns=tuple(self.column_name(referenced, f) for f in relation.references),
            on_delete=self.dialect.referential_action(relation.on_delete),
            on_update=self.dialect.referential_action(relation.on_update),
            referenced_schema=self.namespace(referenced.schema),
        )

    def join_table(self, relation: ir.Relation) -> Table:
        """`_<Relation>(A, B)`: A points at the model whose name sorts first, B at the other."""
        name = relation.join_table
        a_model = self.schema.model(relation.referencing.model)
        b_model = self.schema.model(relation.referenced.model)
        sides = (("A", a_model), ("B", b_model))
        columns = tuple(Column(column, self.id_column_type(model), nullable=False) for column, model in sides)
        b_index = Index(f"{name}_B_index", (IndexColumn("B"),), unique=False, method=self.dialect.default_index_method)
        if self.dialect.join_table_primary_key:
            primary_key: PrimaryKey | None = PrimaryKey(("A", "B"), f"{name}_AB_pkey")
            indexes: tuple[Index, ...] = (b_index,)
        else:
            primary_key = None
            ab_unique = Index(
                f"{name}_AB_unique",
                (IndexColumn("A"), IndexColumn("B")),
                unique=True,
                method=self.dialect.default_index_method,
            )
            indexes = (ab_unique, b_index)
        foreign_keys = (
            tuple(
                ForeignKey(
                    f"{name}_{column}_fkey",
                    (column,),
                    model.db_name,
                    (self.id_field(model).db_name,),
                    "CASCADE",
                    "CASCADE",
                    self.namespace(model.schema),
                )
                for column, model in sides
            )
            if self.foreign_keys
            else ()
        )
        return Table(name, columns, primary_key, indexes, foreign_keys, self.namespace(a_model.schema))

    def id_field(self, model: ir.Model) -> ir.Field:
        if model.primary_key is None or len(model.primary_key.fields) != 1:
            raise ValueError(
                f"The model {model.name} needs a single-field @id to take part in an implicit m:n relation."
            )
        return model.field(model.primary_key.fields[0].name)

    def id_column_type(self, model: ir.Model) -> str:
        return self.dialect.column_type(self.id_field(model), self.schema)
