import { customType, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { programs } from "./programs";
import { shops } from "./shops";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // PGlite returns a Uint8Array, node-postgres a Buffer.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A banner the merchant uploaded for a program's partners. The image lives in the database (bytea, at most
 * 750 KB), so backups hold it and every web process serves it; list queries never select `data`.
 */
export const creatives = pgTable(
  "creatives",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    altText: text("alt_text"),
    /** A path on the store the partner's link leads to ("/collections/sale"); null = the home page. */
    linkPath: text("link_path"),
    contentType: text("content_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    width: integer("width"),
    height: integer("height"),
    /** SHA-256 hex of the bytes: the ETag. */
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    archivedAt: at("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [index("creatives_shop_program_idx").on(t.shopId, t.programId, t.createdAt)],
);
