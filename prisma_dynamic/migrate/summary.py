"""A diff for people, in the layout of Prisma's `migrate diff` and drift reports:
`[+] Added tables`, `[*] Changed the `User` table`, `[-] Removed tables`, with the details
of each changed table indented below it."""

from __future__ import annotations

from prisma_dynamic.migrate.diff import SchemaDiff, TableChange, added_values, removed_values


def summarize(diff: SchemaDiff) -> list[str]:
    if diff.is_empty:
        return ["No difference detected."]
    blocks: list[list[str]] = []

    def listed(title: str, names: list[str]) -> None:
        if names:
            blocks.append([title, *(f"  - {n}" for n in names)])

    listed("[+] Added schemas", list(diff.created_schemas))
    listed("[+] Added extensions", list(diff.created_extensions))
    listed("[+] Added enums", [e.name for e in diff.created_enums])
    listed("[-] Removed enums", [e.name for e in diff.dropped_enums])
    for live, target in diff.altered_enums:
        lines = [f"[*] Changed the `{target.name}` enum"]
        lines.extend(f"  [+] Added variant `{v}`" for v in added_values(live, target))
        lines.extend(f"  [-] Removed variant `{v}`" for v in removed_values(live, target))
        blocks.append(lines)
    listed("[+] Added tables", [t.name for t in diff.created_tables])
    listed("[-] Removed tables", [t.name for t in diff.dropped_tables])
    blocks.extend(_table(change) for change in diff.changed_tables)
    out: list[str] = []
    for block in blocks:
        out.extend(["", *block])
    return out[1:]


def _table(change: TableChange) -> list[str]:
    lines = [f"[*] Changed the `{change.new.name}` table"]
    lines.extend(f"  [+] Added column `{c.name}`" for c in change.added_columns)
    lines.extend(f"  [-] Removed column `{c.name}`" for c in change.dropped_columns)
    for old, new in change.altered_columns:
        what = []
        if old.type != new.type:
            what.append("changed type")
        if old.nullable != new.nullable:
            what.append("made optional" if new.nullable else "made required")
        if old.default != new.default:
            what.append("changed default")
        if old.autoincrement != new.autoincrement:
            what.append("changed autoincrement")
        lines.append(f"  [*] Altered column `{new.name}` ({', '.join(what)})")
    if change.primary_key_changed:
        lines.append("  [*] Changed the primary key")
    added = {i.name for i in change.added_indexes}
    for index in change.dropped_indexes:
        if index.name not in added:
            kind = "unique index" if index.unique else "index"
            lines.append(f"  [-] Removed {kind} on columns ({', '.join(index.column_names)})")
    for index in change.added_indexes:
        kind = "unique index" if index.unique else "index"
        lines.append(f"  [+] Added {kind} on columns ({', '.join(index.column_names)})")
    for fk in change.dropped_foreign_keys:
        lines.append(f"  [-] Removed foreign key on columns ({', '.join(fk.columns)})")
    for fk in change.added_foreign_keys:
        lines.append(f"  [+] Added foreign key on columns ({', '.join(fk.columns)})")
    return lines
