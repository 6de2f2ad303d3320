import { BlockStack, Box, Pagination } from "@shopify/polaris";
import { useLocation } from "@remix-run/react";

/** Previous / next links that keep the list's filters and change ?page (or `param`, for a second list on the page). */
export function ListPagination({ page, hasNext, param = "page" }: { page: number; hasNext: boolean; param?: string }) {
  const location = useLocation();
  const to = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(target));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <Pagination
      hasPrevious={page > 1}
      previousURL={page > 1 ? to(page - 1) : undefined}
      hasNext={hasNext}
      nextURL={hasNext ? to(page + 1) : undefined}
      label={`Page ${page}`}
    />
  );
}

/** The pagination row under a list. */
export function ListFooter({ page, hasNext, param }: { page: number; hasNext: boolean; param?: string }) {
  return (
    <Box padding="400">
      <BlockStack inlineAlign="center">
        <ListPagination page={page} hasNext={hasNext} param={param} />
      </BlockStack>
    </Box>
  );
}
