import { enqueueTrackingSync } from "../api/enqueue-tracking-sync.server";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { createProgram } from "../../domain/programs/create-program";
import { toProgramInput } from "../api/program-schema.server";
import { formAction } from "../admin/form.server";
import { parseNewProgramForm } from "../admin/program-form.server";
import { requireShop } from "../admin/require-shop.server";
import { newProgramValues, ProgramForm } from "../components/program-form";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { currency: shop.currency };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = await request.formData();
  return formAction(async () => {
    const { program } = await createProgram(db(), shop.id, toProgramInput(parseNewProgramForm(form, shop.currency), shop.currency));
    await enqueueTrackingSync(shop.id);
    return redirect(`/app/programs/${program.id}?created=1`);
  });
};

export default function NewProgram() {
  const { currency } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <Page title="Create program" backAction={{ content: "Programs", url: "/app/programs" }}>
      <ProgramForm values={{ ...newProgramValues, currency }} errors={errors} isNew shopCurrency={currency} />
    </Page>
  );
}
