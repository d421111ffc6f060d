"""Schemas for the model and protocol tests: every scalar type, enums, lists, relations, @map."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import build_schema

POSTGRES = """
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

generator client {
  provider = "prisma-client-py"
}

/// A person who writes.
model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  role      Role     @default(USER)
  roles     Role[]
  tags      String[]
  createdAt DateTime @default(now()) @map("created_at")
  updatedAt DateTime @updatedAt
  balance   Decimal  @default(0)
  big       BigInt   @default(0)
  score     Float?
  active    Boolean  @default(true)
  avatar    Bytes?
  settings  Json?
  posts     Post[]
  profile   Profile?

  @@map("users")
}

model Profile {
  id     Int    @id @default(autoincrement())
  bio    String
  user   User   @relation(fields: [userId], references: [id])
  userId Int    @unique
}

model Post {
  id         Int        @id @default(autoincrement())
  /// The headline.
  title      String
  content    String?
  views      Int        @default(0)
  published  Boolean    @default(false)
  author     User?      @relation(fields: [authorId], references: [id])
  authorId   Int?       @map("author_id")
  categories Category[]
}

model Category {
  id    Int    @id @default(autoincrement())
  name  String @unique
  posts Post[]
}

model Membership {
  orgId  Int
  userId Int
  level  Int

  @@id([orgId, userId])
  @@unique([orgId, level], name: "by_level")
}

/// What a user may do.
enum Role {
  USER
  ADMIN
}
"""

MONGO = """
datasource db {
  provider = "mongodb"
  url      = env("DATABASE_URL")
}

model Product {
  id      String   @id @default(auto()) @map("_id") @db.ObjectId
  name    String   @unique
  photos  Photo[]
  address Address?
}

type Photo {
  height Int    @default(200)
  url    String
}

type Address {
  street String
  zip    String @map("zip_code")
  geo    Geo?
}

type Geo {
  lat Float
  lng Float
}
"""

SQLITE = """
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String
  author    User?   @relation(fields: [author_id], references: [id])
  author_id Int?
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  posts Post[]
}
"""


def schema(text: str) -> ir.Schema:
    return build_schema([("schema.prisma", text)])
