"""prisma-dynamic: Prisma schemas in Python with no code generation step."""

from __future__ import annotations

__all__: list[str] = []
