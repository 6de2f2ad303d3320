import { findProgramWithRuleOrThrow } from "../../domain/programs/find-program-or-throw";
import { updateProgram } from "../../domain/programs/update-program";
import { enqueueTrackingSync } from "../api/enqueue-tracking-sync.server";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { toProgramPatch, updateProgramBody } from "../api/program-schema.server";
import { programJson } from "../api/serializers.server";

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params }) {
    const { program, rule } = await findProgramWithRuleOrThrow(db, shopId, params.id!);
    return ok(programJson(program, rule));
  },
  async PATCH({ db, shopId, params, request }) {
    const body = await readBody(request, updateProgramBody);
    const { program, rule } = await updateProgram(db, shopId, params.id!, toProgramPatch(body));
    await enqueueTrackingSync(shopId);
    return ok(programJson(program, rule));
  },
});
