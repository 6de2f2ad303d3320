import { BlockStack, InlineStack, Text } from "@shopify/polaris";

export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
  format: (value: number) => string;
  /** Series with the same scale share one maximum (money series), others get their own. */
  scale?: string;
}

const WIDTH = 720;
const HEIGHT = 200;
const PAD = 24;

/** A small dependency-free SVG line chart: one line per series, scaled to its own (or its scale group's) maximum. */
export function LineChart({ labels, series, title }: { labels: string[]; series: ChartSeries[]; title: string }) {
  const x = (i: number) => PAD + (labels.length <= 1 ? 0 : (i * (WIDTH - 2 * PAD)) / (labels.length - 1));
  return (
    <BlockStack gap="200">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} role="img" aria-label={title} style={{ display: "block" }}>
        {[0, 0.5, 1].map((f) => (
          <line key={f} x1={PAD} x2={WIDTH - PAD} y1={PAD + f * (HEIGHT - 2 * PAD)} y2={PAD + f * (HEIGHT - 2 * PAD)} stroke="#e3e3e3" />
        ))}
        {series.map((s) => {
          const group = s.scale ? series.filter((other) => other.scale === s.scale) : [s];
          const max = Math.max(1, ...group.flatMap((g) => g.values));
          const y = (v: number) => HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD);
          const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
          return <polyline key={s.name} points={points} fill="none" stroke={s.color} strokeWidth={2} />;
        })}
        <text x={PAD} y={HEIGHT - 4} fontSize="11" fill="#616161">
          {labels[0]}
        </text>
        <text x={WIDTH - PAD} y={HEIGHT - 4} fontSize="11" fill="#616161" textAnchor="end">
          {labels[labels.length - 1]}
        </text>
      </svg>
      <InlineStack gap="400">
        {series.map((s) => (
          <InlineStack key={s.name} gap="100" blockAlign="center">
            <span style={{ width: 12, height: 3, background: s.color, display: "inline-block" }} />
            <Text as="span" variant="bodySm">
              {s.name}: {s.format(s.values.reduce((a, b) => a + b, 0))} total, peak {s.format(Math.max(0, ...s.values))}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
    </BlockStack>
  );
}
