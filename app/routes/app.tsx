import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Box, InlineStack, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { requireShop } from "../admin/require-shop.server";
import { adminPages } from "../components/admin-nav";
import { shopifyApiKey } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** Served by the app itself (public/): App Bridge's stand-in in demo mode, so the admin works offline. */
const APP_BRIDGE_STUB = "/app-bridge-stub.js";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireShop(request);
  return { apiKey: shopifyApiKey(), demo, shopDomain: shop.domain };
};

function DemoNavigation() {
  const { pathname } = useLocation();
  return (
    <Box background="bg-surface" paddingInline="400" paddingBlock="200" borderBlockEndWidth="025" borderColor="border">
      <InlineStack gap="400" blockAlign="center">
        {adminPages.map((page) => {
          const current = page.url === "/app" ? pathname === "/app" : pathname.startsWith(page.url);
          return (
            <Link key={page.url} to={page.url} prefetch="intent" aria-current={current ? "page" : undefined} style={{ textDecoration: "none" }}>
              <Text as="span" fontWeight={current ? "bold" : "regular"} tone={current ? undefined : "subdued"}>
                {page.label}
              </Text>
            </Link>
          );
        })}
      </InlineStack>
    </Box>
  );
}

export default function AppLayout() {
  const { apiKey, demo, shopDomain } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(demo ? { __APP_BRIDGE_URL: APP_BRIDGE_STUB } : {})}>
      {demo ? (
        <>
          <Banner tone="warning" title="Demo mode">
            <p>
              You are looking at the demo shop {shopDomain} on localhost, without Shopify. Set SHOPIFY_API_KEY and SHOPIFY_API_SECRET to run the app
              inside your Shopify admin.
            </p>
          </Banner>
          <DemoNavigation />
        </>
      ) : (
        <NavMenu>
          {adminPages.map((page) => (
            <Link key={page.url} to={page.url} rel={page.url === "/app" ? "home" : undefined}>
              {page.label}
            </Link>
          ))}
        </NavMenu>
      )}
      <Outlet />
    </AppProvider>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
