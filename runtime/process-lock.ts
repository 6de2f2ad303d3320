import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDataDir } from "./config";

/** Written by the server that owns an embedded PGlite data dir, so the CLI can talk to it instead of opening the dir twice. */
export interface ServerLock {
  pid: number;
  port: number;
  token: string;
}

const lockPath = (dataDir: string) => join(dataDir, "server.lock.json");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock of a live server, or undefined (a stale lock of a dead process, or of `self`, counts as none). */
export function readLiveLock(dataDir: string, self = process.pid): ServerLock | undefined {
  const file = lockPath(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const lock = JSON.parse(readFileSync(file, "utf8")) as ServerLock;
    return lock.pid !== self && isAlive(lock.pid) ? lock : undefined;
  } catch {
    return undefined;
  }
}

export function writeLock(dataDir: string, lock: ServerLock): void {
  ensureDataDir(dataDir);
  writeFileSync(lockPath(dataDir), JSON.stringify(lock), { mode: 0o600 });
}

export function removeLock(dataDir: string): void {
  rmSync(lockPath(dataDir), { force: true });
}
