import { Checkbox, Select, TextField, type SelectOption, type TextFieldProps } from "@shopify/polaris";
import { useState } from "react";

type Errors = Record<string, string> | undefined;

/** A Polaris text field that posts with its form under `name` and shows that field's error. */
export function TextInput(
  props: { name: string; label: string; defaultValue?: string; errors?: Errors } & Partial<Pick<TextFieldProps, "type" | "helpText" | "prefix" | "suffix" | "placeholder" | "multiline" | "autoComplete" | "disabled">>,
) {
  const { name, defaultValue, errors, autoComplete = "off", ...rest } = props;
  const [value, setValue] = useState(defaultValue ?? "");
  return <TextField {...rest} id={name} name={name} value={value} onChange={setValue} error={errors?.[name]} autoComplete={autoComplete} />;
}

export function SelectInput(props: { name: string; label: string; options: SelectOption[]; defaultValue?: string; errors?: Errors; helpText?: string; onChange?: (value: string) => void }) {
  const { name, defaultValue, errors, options, onChange, ...rest } = props;
  const first = options[0];
  const [value, setValue] = useState(defaultValue ?? (typeof first === "string" ? first : (first?.value ?? "")));
  return (
    <Select
      {...rest}
      id={name}
      name={name}
      options={options}
      value={value}
      error={errors?.[name]}
      onChange={(next) => {
        setValue(next);
        onChange?.(next);
      }}
    />
  );
}

/** Posts "on" when checked; absent when not. */
export function CheckboxInput(props: { name: string; label: string; defaultChecked?: boolean; helpText?: string; errors?: Errors }) {
  const [checked, setChecked] = useState(props.defaultChecked ?? false);
  return (
    <Checkbox
      id={props.name}
      name={props.name}
      value="on"
      label={props.label}
      helpText={props.helpText}
      checked={checked}
      onChange={setChecked}
      error={props.errors?.[props.name]}
    />
  );
}
