import { createPartner } from "../../domain/partners/create-partner";
import { createProgram, type ProgramInput } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { startTestApp } from "./app-server";
import { targetFor, type DatabaseKind } from "./databases";
import { basicProgram } from "./domain-fixture";

/** The running app with one shop, one program and its active partner AVA: what app proxy requests need. */
export async function startAppWithShop(kind: DatabaseKind, domain: string, program: Partial<ProgramInput> = {}) {
  const target = await targetFor(kind);
  const app = await startTestApp({ database: target.target });
  const shop = await createShop(app.database.db, { domain });
  const created = await createProgram(app.database.db, shop.id, { ...basicProgram, ...program });
  const { partner } = await createPartner(app.database.db, shop.id, { programId: created.program.id, email: "ava@example.com", key: "AVA", status: "active" });
  return {
    app,
    shop,
    program: created.program,
    partner,
    async close() {
      await app.close();
      await target.drop();
    },
  };
}
