"""`partials.pyi`: the partial models a project declares (`User.create_partial(...)` in its partial
type generator, `prisma_dynamic.models.partial_generator`), as classes with exactly their fields.

A field is typed as in its model; `required` fields are plain (`name: str`), the others
`name: T | None = None`, as the run time builds them (`prisma_dynamic.models.build`), and a
relation mapped by `relations=` to another partial holds that partial. `Partial.prisma(db)` is the
model's delegate returning the partial (`UserInLogin.prisma(db).find_many()` is
`list[UserInLogin]`), as at run time.
"""

from __future__ import annotations

import re

from prisma_dynamic.models.partials import PartialRequest
from prisma_dynamic.schema import ir
from stubs_plugin.render import IMPORTS
from stubs_plugin.surface import Attribute, Surface


def render_partials(
    surface: Surface,
    schema: ir.Schema,
    partials: list[tuple[str, str, PartialRequest]],
    *,
    models_from: str,
    typed_from: str,
    header: str,
) -> str:
    names = [e.name for e in surface.enums] + [m.name for m in surface.models]
    # Imported without `as`, so the stub does not re-export them from `prisma_dynamic.partials`.
    parts = [f'"""{header}"""', IMPORTS, "\n".join(f"from {models_from} import {n}" for n in names)]
    classes = {m.name: m for m in surface.models}
    delegates = {d.model: d for d in surface.delegates}
    if partials:
        used = sorted({arg for _, model, _ in partials for arg in delegates[model].type_args[1:]})
        parts.append(
            f"from {typed_from} import {', '.join(['AsyncPrisma', 'SyncPrisma', '_Actions', '_SyncActions', *used])}"
        )
    default = "SyncActions" if surface.interface == "sync" else "Actions"
    for name, model, request in partials:
        fields = {f.name: f for f in schema.model(model).fields}
        lines = [
            _attribute(a, fields[a.name], request)
            for a in classes[model].attributes
            if a.name in request.fields and a.name in fields
        ]
        for client, result in (("AsyncPrisma", "Actions"), ("SyncPrisma", "SyncActions"), ("None = None", default)):
            lines += [
                "    @_overload",
                "    @classmethod",
                f"    def prisma(cls, client: {client}) -> {name}{result}: ...",
            ]
        parts.append(f"class {name}(_pydantic.BaseModel):\n" + "\n".join(lines))
        args = ", ".join([name, *delegates[model].type_args[1:]])
        parts.append(f"class {name}Actions(_Actions[{args}]): ...\nclass {name}SyncActions(_SyncActions[{args}]): ...")
    return "\n\n".join(parts) + "\n"


def _attribute(attribute: Attribute, field: ir.Field, request: PartialRequest) -> str:
    type_ = attribute.type
    partial = request.relations.get(field.name)
    if partial is not None:
        type_ = re.sub(rf"\b{re.escape(field.type)}\b", partial, type_)
    if request.is_required(field):
        return f"    {attribute.name}: {type_}"
    return f"    {attribute.name}: {type_} | None = None"
