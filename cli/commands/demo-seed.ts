import { seedDemo } from "../../domain/demo/seed-demo";
import { secretBoxOf } from "../../runtime/config";
import type { CliCommand } from "./command";

export const demoSeed: CliCommand = {
  name: "demo seed",
  usage: "demo seed",
  async run(_flags, { db, config }) {
    const result = await seedDemo(db, secretBoxOf(config));
    return [
      result.created
        ? `Seeded ${result.shopDomain}: ${result.programs} programs, ${result.partners} partners with keys and coupons` +
          (result.activity
            ? `; 90 days of activity: ${result.activity.clicks} clicks, ${result.activity.customers} customers, ${result.activity.orders} orders, ${result.activity.refunds} refunds`
            : "")
        : `Demo shop ${result.shopDomain} already exists; nothing changed`,
    ];
  },
};
