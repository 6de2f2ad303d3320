import { Box, Card, DataTable, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { ListFooter } from "./list-pagination";

/** A card with optional filters, a table (or an empty message) and pagination. */
export function ListCard(props: {
  filters?: ReactNode;
  headings: string[];
  types: Array<"text" | "numeric">;
  rows: ReactNode[][];
  empty: string;
  page: number;
  hasNext: boolean;
  /** The query parameter of its page number, when the page has two lists. */
  pageParam?: string;
}) {
  return (
    <Card padding="0">
      {props.filters && <Box padding="400">{props.filters}</Box>}
      {props.rows.length === 0 ? (
        <Box padding="400">
          <Text as="p" tone="subdued">
            {props.empty}
          </Text>
        </Box>
      ) : (
        <DataTable columnContentTypes={props.types} headings={props.headings} rows={props.rows} />
      )}
      <ListFooter page={props.page} hasNext={props.hasNext} param={props.pageParam} />
    </Card>
  );
}
