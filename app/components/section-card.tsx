import { BlockStack, Card, Text } from "@shopify/polaris";

/** A card with a heading over its content. */
export function SectionCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}
