import { Form, useNavigation } from "@remix-run/react";
import { Button } from "@shopify/polaris";

/** A one-button form in a table row: posts `fields` to the page's action. */
export function RowAction({ fields, label, tone }: { fields: Record<string, string>; label: string; tone?: "critical" }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("id") === fields.id;
  return (
    <Form method="post">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button submit size="slim" tone={tone} loading={busy}>
        {label}
      </Button>
    </Form>
  );
}
