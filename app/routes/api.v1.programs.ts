import { enqueueTrackingSync } from "../api/enqueue-tracking-sync.server";
import { and, eq, isNull } from "drizzle-orm";
import { commissionRules, programs, shops } from "../../db/schema/index";
import { createProgram } from "../../domain/programs/create-program";
import { apiRoute, created } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readBody, readQuery } from "../api/parse.server";
import { createProgramBody, toProgramInput } from "../api/program-schema.server";
import { programJson } from "../api/serializers.server";
import { z } from "zod";

export const { loader, action } = apiRoute({
  async GET({ db, shopId, url }) {
    const query = readQuery(url, z.object(pageQuery));
    const rows = await db
      .select({ program: programs, rule: commissionRules, cursorAt: cursorAt(programs.createdAt) })
      .from(programs)
      .innerJoin(commissionRules, and(eq(commissionRules.programId, programs.id), isNull(commissionRules.partnerId), isNull(commissionRules.groupId)))
      .where(and(eq(programs.shopId, shopId), pageWhere(programs.createdAt, programs.id, decodeCursor(query.cursor))))
      .orderBy(...pageOrder(programs.createdAt, programs.id))
      .limit(query.limit + 1);
    return Response.json(
      page(rows, query.limit, (r) => programJson(r.program, r.rule), (r) => ({ at: r.cursorAt, id: r.program.id })),
    );
  },
  async POST({ db, shopId, request }) {
    const body = await readBody(request, createProgramBody);
    const [shop] = await db.select({ currency: shops.currency }).from(shops).where(eq(shops.id, shopId));
    const { program, rule } = await createProgram(db, shopId, toProgramInput(body, shop!.currency));
    await enqueueTrackingSync(shopId);
    return created(programJson(program, rule));
  },
});
