import { enqueueTrackingSync } from "../api/enqueue-tracking-sync.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Page } from "@shopify/polaris";
import { findProgramWithRuleOrThrow } from "../../domain/programs/find-program-or-throw";
import { DomainError } from "../../domain/shared/errors";
import { isUuid } from "../../domain/shared/ids";
import { updateProgram } from "../../domain/programs/update-program";
import { ruleColumns } from "../../domain/programs/create-program";
import { toProgramPatch } from "../api/program-schema.server";
import { programJson } from "../api/serializers.server";
import { formAction } from "../admin/form.server";
import { parseProgramEditForm } from "../admin/program-form.server";
import { requireShop } from "../admin/require-shop.server";
import { ProgramForm, type ProgramValues } from "../components/program-form";
import { db } from "../db.server";

/** JSON equality ignoring key order and undefined members (jsonb reorders keys). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, v]) => v !== undefined && v !== null)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

async function load(request: Request, id: string) {
  const { shop } = await requireShop(request);
  if (!isUuid(id)) throw new Response("Program not found", { status: 404 });
  const { program, rule } = await findProgramWithRuleOrThrow(db(), shop.id, id).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "not_found") throw new Response("Program not found", { status: 404 });
    throw error;
  });
  return { shop, program, rule };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { program, rule } = await load(request, params.id!);
  return { program: programJson(program, rule) as unknown as ProgramValues & { id: string; rule_version: number } };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, program, rule } = await load(request, params.id!);
  const form = await request.formData();
  return formAction(async () => {
    const body = parseProgramEditForm(form, program.currency);
    const patch = toProgramPatch(body);
    // Only a changed rule is sent, so saving other settings does not bump the rule's version.
    const current = ruleColumns(patch.commission ?? { kind: "percentage", percentBasisPoints: 0 });
    const commissionChanged =
      patch.commission !== undefined &&
      (current.kind !== rule.kind || current.percentBasisPoints !== rule.percentBasisPoints || current.amount !== rule.amount || current.fixedPer !== rule.fixedPer);
    await updateProgram(db(), shop.id, program.id, {
      ...patch,
      commission: commissionChanged ? patch.commission : undefined,
      recurring: sameJson(patch.recurring ?? null, rule.recurring) ? undefined : patch.recurring,
      tiers: sameJson(patch.tiers, rule.tiers) ? undefined : patch.tiers,
      tierPeriod: sameJson(patch.tierPeriod, rule.tierPeriod) ? undefined : patch.tierPeriod,
      productOverrides: sameJson(patch.productOverrides, rule.productOverrides) ? undefined : patch.productOverrides,
    });
    await enqueueTrackingSync(shop.id);
    return { ok: true as const, message: "Program saved" };
  });
};

export default function EditProgram() {
  const { program } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <Page title={program.name} subtitle={`Rule version ${program.rule_version}`} backAction={{ content: "Programs", url: "/app/programs" }}>
      <BlockStack gap="400">
        {params.get("created") && !result && <Banner tone="success">Program created</Banner>}
        {result?.ok && <Banner tone="success">{result.message}</Banner>}
        <ProgramForm key={program.rule_version + (program as { updated_at?: string }).updated_at!} values={program} errors={errors} isNew={false} />
      </BlockStack>
    </Page>
  );
}
