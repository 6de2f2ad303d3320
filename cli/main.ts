import { runCliFromEnvironment } from "./run-from-environment";

const result = await runCliFromEnvironment(process.argv.slice(2), process.env);
for (const line of result.stdout) process.stdout.write(`${line}\n`);
for (const line of result.stderr) process.stderr.write(`${line}\n`);
process.exitCode = result.exitCode;
