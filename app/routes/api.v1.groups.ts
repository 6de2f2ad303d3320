import { z } from "zod";
import { upsertGroup } from "../../domain/partners/upsert-group";
import { apiRoute, created, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { commissionSchema, toCommission } from "../api/program-schema.server";

const body = z
  .object({ program_id: z.string().min(1), name: z.string().trim().min(1).max(100), commission: commissionSchema.nullable() })
  .strict();

/** Creates a partner group with its own rule, or replaces the rule of an existing one (same program and name). */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    const { group, created: isNew } = await upsertGroup(db, shopId, {
      programId: input.program_id,
      name: input.name,
      commission: input.commission && toCommission(input.commission),
    });
    const json = { id: group.id, program_id: group.programId, name: group.name, has_rule: group.ruleId !== null };
    return isNew ? created(json) : ok(json);
  },
});
