import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { useState } from "react";
import { login } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

function shopError(errors: { shop?: string } | undefined): string | undefined {
  if (!errors?.shop) return undefined;
  return errors.shop === "MISSING_SHOP" ? "Enter your shop domain to log in" : "Enter a domain like your-store.myshopify.com";
}

export const loader = async ({ request }: LoaderFunctionArgs) => ({ error: shopError(await login(request)) });
export const action = async ({ request }: ActionFunctionArgs) => ({ error: shopError(await login(request)) });

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = actionData?.error ?? loaderData.error;
  return (
    <PolarisAppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                Log in to Affiliate Hub
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="your-store.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
