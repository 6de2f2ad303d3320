import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DropZone, FormLayout, InlineStack, Page, Text, Thumbnail } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { deleteCreative, setCreativeArchived } from "../../domain/creatives/change-creative";
import { createCreative } from "../../domain/creatives/create-creative";
import { CREATIVE_TYPES, MAX_CREATIVE_BYTES } from "../../domain/creatives/creative-limits";
import { listShopCreatives } from "../../domain/creatives/list-creatives";
import { listProgramSummaries } from "../../domain/programs/list-program-summaries";
import { adminCreativeImageUrl } from "../admin/creative-image-url.server";
import { formAction, formFields } from "../admin/form.server";
import { requireShop } from "../admin/require-shop.server";
import { ActionBanner } from "../components/action-banner";
import { SelectInput, TextInput } from "../components/form-fields";
import { formatDate } from "../components/format";
import { ListCard } from "../components/list-card";
import { RowAction } from "../components/row-action";
import { db } from "../db.server";

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [rows, programs] = await Promise.all([listShopCreatives(db(), shop.id), listProgramSummaries(db(), shop.id)]);
  return {
    programs: programs.map((p) => ({ label: `${p.name} (${p.type})`, value: p.id })),
    creatives: rows.map(({ creative, programName }) => ({
      id: creative.id,
      name: creative.name,
      programName,
      linkPath: creative.linkPath,
      size: `${creative.width && creative.height ? `${creative.width}×${creative.height} · ` : ""}${Math.ceil(creative.byteSize / 1024)} KB`,
      archived: creative.archivedAt !== null,
      createdAt: creative.createdAt,
      imageUrl: adminCreativeImageUrl(shop.id, creative.id),
    })),
  };
};

const upload = z.object({
  program_id: z.string().min(1, "choose a program"),
  name: z.string(),
  alt_text: z.string().optional(),
  link_path: z.string().optional(),
});
const change = z.object({ intent: z.enum(["archive", "restore", "delete"]), id: z.string() });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = await request.formData();
  const fields = formFields(form);
  return formAction(async () => {
    if (fields.intent !== "upload") {
      const { intent, id } = change.parse(fields);
      if (intent === "delete") {
        await deleteCreative(db(), shop.id, id);
        return { ok: true as const, message: "Creative deleted" };
      }
      const creative = await setCreativeArchived(db(), shop.id, id, intent === "archive");
      return { ok: true as const, message: `${creative.name} ${intent === "archive" ? "archived: partners no longer see it" : "restored"}` };
    }
    const input = upload.parse(fields);
    const file = form.get("file");
    const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const creative = await createCreative(db(), shop.id, { programId: input.program_id, name: input.name, altText: input.alt_text, linkPath: input.link_path, bytes });
    return { ok: true as const, message: `${creative.name} uploaded` };
  });
};

function UploadCard({ programs, errors }: { programs: { label: string; value: string }[]; errors?: Record<string, string> }) {
  const submit = useSubmit();
  const busy = useNavigation().state === "submitting";
  const [file, setFile] = useState<File | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const fileError = refused ?? errors?.file;
  const preview = useMemo(() => (file ? URL.createObjectURL(file) : null), [file]);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);
  return (
    <Card>
      <form
        method="post"
        encType="multipart/form-data"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          data.set("intent", "upload");
          if (file) data.set("file", file);
          submit(data, { method: "post", encType: "multipart/form-data" });
        }}
      >
        <FormLayout>
          <Text as="h2" variant="headingMd">
            Upload a banner
          </Text>
          <FormLayout.Group>
            <SelectInput name="program_id" label="Program" options={programs} errors={errors} />
            <TextInput name="name" label="Name" errors={errors} helpText="Partners see it over the banner" />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextInput name="alt_text" label="Alt text" errors={errors} helpText="What the image shows, for screen readers; the name when empty" />
            <TextInput name="link_path" label="Link target" placeholder="/collections/sale" errors={errors} helpText="A path on your store; the partner's link adds their key. Empty: the home page" />
          </FormLayout.Group>
          <DropZone
            label="Image"
            accept={ACCEPT}
            type="image"
            allowMultiple={false}
            error={Boolean(fileError)}
            onDrop={(_all, accepted, rejected) => {
              setFile(accepted[0] ?? null);
              setRefused(rejected[0] ? `${rejected[0].name} is not a ${CREATIVE_TYPES} image (SVG is not accepted: it can carry script)` : null);
            }}
            errorOverlayText={`${CREATIVE_TYPES} only`}
          >
            {file && preview ? (
              <InlineStack gap="300" blockAlign="center">
                <Thumbnail size="large" alt={file.name} source={preview} />
                <Text as="span">
                  {file.name} · {Math.ceil(file.size / 1024)} KB
                </Text>
              </InlineStack>
            ) : (
              <DropZone.FileUpload actionHint={`${CREATIVE_TYPES}, at most ${MAX_CREATIVE_BYTES / 1024} KB. SVG is not accepted.`} />
            )}
          </DropZone>
          {fileError ? (
            <Text as="p" tone="critical">
              {fileError}
            </Text>
          ) : null}
          <Button submit variant="primary" loading={busy}>
            Upload
          </Button>
        </FormLayout>
      </form>
    </Card>
  );
}

export default function Creatives() {
  const { programs, creatives } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title="Creatives" subtitle="Banners your partners put on their sites; each partner's copy links with their own referral key">
      <BlockStack gap="400">
        <ActionBanner result={result} />
        {programs.length ? <UploadCard programs={programs} errors={result && !result.ok ? result.errors : undefined} /> : <Card>Create a program first.</Card>}
        <ListCard
              headings={["", "Name", "Program", "Link target", "Size", "Added", ""]}
              types={["text", "text", "text", "text", "text", "text", "text"]}
              rows={creatives.map((c) => [
                <Thumbnail key="t" size="small" alt={c.name} source={c.imageUrl} />,
                <InlineStack key="n" gap="200">
                  <Text as="span">{c.name}</Text>
                  {c.archived ? <Badge>archived</Badge> : null}
                </InlineStack>,
                c.programName,
                c.linkPath ?? "/",
                c.size,
                formatDate(c.createdAt),
                <InlineStack key="a" gap="200" wrap={false}>
                  <RowAction fields={{ intent: c.archived ? "restore" : "archive", id: c.id }} label={c.archived ? "Restore" : "Archive"} />
                  <RowAction fields={{ intent: "delete", id: c.id }} label="Delete" tone="critical" />
                </InlineStack>,
              ])}
              empty="No creatives yet: upload a banner for a program's partners."
              page={1}
              hasNext={false}
            />
      </BlockStack>
    </Page>
  );
}
