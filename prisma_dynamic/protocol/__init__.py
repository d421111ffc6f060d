"""Delegate calls to Prisma's JSON protocol and engine results back to Python (docs/protocol.md)."""

from __future__ import annotations

from prisma_dynamic.protocol.builder import Prepared, QueryBuilder
from prisma_dynamic.protocol.values import decode_value, encode_any

__all__ = ["Prepared", "QueryBuilder", "decode_value", "encode_any"]
