"""The one-model schema of the connection tests (TLS, sockets): `.format(provider=..., url=...)`."""

ITEM_SCHEMA = """
datasource db {{
  provider = "{provider}"
  url      = "{url}"
}}

model Item {{
  id   Int    @id @default(autoincrement())
  name String
}}
"""
