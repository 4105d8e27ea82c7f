// Real Varnish and extra app instances for the front-cache e2e test (e2e/varnish.spec.ts)
// and bench:public: varnishd with varnish/wiredesk.vcl in front of the given app ports, and
// scripts/server.ts instances on a shared database. Processes are stopped by their own PID.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The e2e run's ports: the second app instance and Varnish, next to E2E_PORT's instance. */
export function e2eFrontCachePorts(e2ePort: number): { second: number; varnish: number } {
  return {
    second: Number(process.env.E2E_SECOND_PORT ?? e2ePort + 1000),
    varnish: Number(process.env.E2E_VARNISH_PORT ?? e2ePort + 2000),
  };
}

/** Where scripts/e2e-server.ts leaves its database and secret for the e2e tests that start a second instance. */
export function e2eStateFile(e2ePort: number): string {
  return path.join(os.tmpdir(), `wiredesk-e2e-${e2ePort}.json`);
}

export type E2eState = { databaseUrl: string; nextauthSecret: string; frontCaches: string };

/** varnishd's path, or null when Varnish is not installed (apt-get install varnish varnish-modules). */
export function findVarnishd(): string | null {
  for (const candidate of [process.env.VARNISHD_PATH, "/usr/sbin/varnishd", "/usr/local/sbin/varnishd"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync("sh", ["-c", "command -v varnishd"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child && child.exitCode !== null)
        return reject(new Error(`process exited (${child.exitCode}) before port ${port} opened`));
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} did not open within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export type Varnish = {
  port: number;
  workDir: string;
  stop: () => Promise<void>;
  backendHealth: () => string;
  /** Every request header Varnish sent to an app instance so far (varnishlog's BereqHeader records). */
  backendRequestHeaders: () => string[];
};

/** Starts varnishd on 127.0.0.1:`port` with the shipped VCL and `backendPorts` as its app instances. */
export async function startVarnish({
  port,
  backendPorts,
  memory = "64m",
}: {
  port: number;
  backendPorts: number[];
  memory?: string;
}): Promise<Varnish> {
  const varnishd = findVarnishd();
  if (!varnishd) throw new Error("varnishd is not installed (apt-get install -y varnish varnish-modules)");
  const workDir = await mkdtemp(path.join(os.tmpdir(), "wiredesk-varnish-"));
  // varnishd's worker process drops root for its own user, which must reach this folder.
  await chmod(workDir, 0o755);
  const backends = backendPorts
    .map((p, i) => `backend app${i + 1} {\n  .host = "127.0.0.1";\n  .port = "${p}";\n  .probe = wiredesk_probe;\n}\n`)
    .join("\n");
  const adds = backendPorts.map((_, i) => `  wiredesk.add_backend(app${i + 1});`).join("\n");
  await writeFile(path.join(workDir, "wiredesk-backends.vcl"), `${backends}\nsub wiredesk_add_backends {\n${adds}\n}\n`);
  const name = path.join(workDir, "n");
  const child = spawn(
    varnishd,
    [
      "-F",
      "-a",
      `127.0.0.1:${port}`,
      "-f",
      path.join(ROOT, "varnish/wiredesk.vcl"),
      "-p",
      `vcl_path=${workDir}:${path.join(ROOT, "varnish")}`,
      "-n",
      name,
      "-s",
      `malloc,${memory}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  try {
    await waitForPort(port, 20_000, child);
  } catch (error) {
    await stopChild(child);
    throw new Error(`varnishd did not start: ${String(error)}\n${output}`);
  }
  return {
    port,
    workDir,
    backendHealth: () => {
      try {
        return execFileSync("varnishadm", ["-n", name, "backend.list"], { encoding: "utf8" });
      } catch (error) {
        return String(error);
      }
    },
    backendRequestHeaders: () => {
      const log = execFileSync("varnishlog", ["-n", name, "-d", "-i", "BereqHeader"], { encoding: "utf8", timeout: 10_000 });
      return log
        .split("\n")
        .map((l) => /BereqHeader\s+(.*)$/.exec(l)?.[1] ?? "")
        .filter(Boolean);
    },
    stop: async () => {
      await stopChild(child);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export type AppInstance = { port: number; stop: () => Promise<void> };

/** Starts scripts/server.ts (the production server with its in-process cache) on `port`, on an already migrated database. */
export async function startAppInstance({
  port,
  env,
}: {
  port: number;
  env: Record<string, string | undefined>;
}): Promise<AppInstance> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      "./scripts/register-hooks.mjs",
      "scripts/server.ts",
      "--port",
      String(port),
      "--hostname",
      "localhost",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, NEXTAUTH_URL: `http://localhost:${port}`, ...env, NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  await waitForPort(port, 60_000, child);
  return { port, stop: () => stopChild(child) };
}

/** Waits until varnishadm reports every backend healthy. */
export async function waitForHealthyBackends(varnish: Varnish, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = varnish.backendHealth();
    const healthy = list.split("\n").filter((l) => /^boot\.app\d+\s/.test(l) && /\bhealthy\b/.test(l)).length;
    if (healthy >= count) return;
    if (Date.now() > deadline) throw new Error(`Varnish backends not healthy:\n${list}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
