import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Page } from "@shopify/polaris";
import { z } from "zod";
import { createPartner } from "../../domain/partners/create-partner";
import { listProgramSummaries } from "../../domain/programs/list-program-summaries";
import { formAction, formFields } from "../admin/form.server";
import { requireShop } from "../admin/require-shop.server";
import { SelectInput, TextInput } from "../components/form-fields";
import { db } from "../db.server";

const body = z.object({
  program_id: z.string().min(1, "choose a program"),
  email: z.string().trim().email("must be an email address"),
  name: z.string().trim().max(200).optional(),
  key: z.string().trim().max(64).optional(),
  status: z.enum(["pending", "active", "suspended"]),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { programs: await listProgramSummaries(db(), shop.id) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const input = body.parse(fields);
    const { partner } = await createPartner(db(), shop.id, {
      programId: input.program_id,
      email: input.email,
      name: input.name || null,
      key: input.key || undefined,
      status: input.status,
    });
    return redirect(`/app/partners/${partner.id}?created=1`);
  });
};

export default function NewPartner() {
  const { programs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <Page title="Add partner" backAction={{ content: "Partners", url: "/app/partners" }}>
      <Card>
        <Form method="post" noValidate>
          <BlockStack gap="400">
            {errors?.form && <Banner tone="critical">{errors.form}</Banner>}
            <FormLayout>
              <SelectInput name="program_id" label="Program" options={programs.map((p) => ({ label: p.name, value: p.id }))} errors={errors} />
              <TextInput name="email" label="Email" type="email" errors={errors} />
              <TextInput name="name" label="Name" errors={errors} />
              <TextInput name="key" label="Referral key" helpText="Leave empty to generate one such as JANE-7K2M" errors={errors} />
              <SelectInput
                name="status"
                label="Status"
                defaultValue="active"
                options={[
                  { label: "Active", value: "active" },
                  { label: "Pending approval", value: "pending" },
                ]}
              />
            </FormLayout>
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              Add partner
            </Button>
          </BlockStack>
        </Form>
      </Card>
    </Page>
  );
}
