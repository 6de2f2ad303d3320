export interface BenchResult {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
}

export async function measure(name: string, operations: number, run: (i: number) => Promise<unknown>, concurrency = 1): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < operations) await run(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, operations, seconds, perSecond: operations / seconds };
}
