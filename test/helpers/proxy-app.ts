import type { RewardSpec } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram, type ProgramInput } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { startTestApp } from "./app-server";
import { targetFor, type DatabaseKind } from "./databases";
import { basicProgram } from "./domain-fixture";

/** The running app with one shop, one program and its active partner AVA: what app proxy requests need. */
export async function startAppWithShop(
  kind: DatabaseKind,
  domain: string,
  program: Partial<ProgramInput> = {},
  options: Omit<Parameters<typeof startTestApp>[0], "database"> = {},
) {
  const target = await targetFor(kind);
  const app = await startTestApp({ ...options, database: target.target });
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

/** A newsletter program: 3 confirmed referrals earn a 10 % code, 10 earn `tenReward`. */
export const newsletterProgram = (name: string, tenReward: RewardSpec): Partial<ProgramInput> => ({
  name,
  type: "newsletter",
  commission: { kind: "percentage", percentBasisPoints: 0 },
  milestones: [
    { referredCount: 3, reward: { type: "percentage_discount", percentBasisPoints: 1000 } },
    { referredCount: 10, reward: tenReward },
  ],
});
