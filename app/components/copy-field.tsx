import { Button, TextField } from "@shopify/polaris";
import { useState } from "react";

/** A read-only value with a Copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <TextField
      label={label}
      labelHidden
      value={value}
      readOnly
      autoComplete="off"
      connectedRight={
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      }
    />
  );
}
