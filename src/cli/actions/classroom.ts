/** What `orbitrig classroom view | serve | mosquitto-config` do (../commands/classroom.ts). */
import { existsSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join, resolve } from "node:path";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import {
  type ClassCredentials,
  ClassroomSubscriber,
  loadOrCreateCredentials,
  parseBrokerUrl,
  reachableUrls,
  readCredentials,
  rigIds,
  startBroker,
  writeJoinFiles,
  writeMosquittoConfig,
} from "../../network/index.js";
import { isInteractive, startClassroomView } from "../../ui/index.js";
import { startWebServer } from "../../web/index.js";
import { guardOutput } from "../lifecycle.js";
import { usageError } from "../options.js";

export interface ClassOpts {
  class: string;
  dir: string;
}

function credentialsPath(o: ClassOpts): string {
  return resolve(o.dir, `${o.class}.yaml`);
}

/** The address other laptops reach this one at: the first non-loopback IPv4. */
function lanAddress(): string | null {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return null;
}

/** How a stop by each signal exits (128 + its number), as a session's does. */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: ExitCode.interrupted, SIGTERM: 143 };

/**
 * SIGINT or SIGTERM from now on (installed before anything starts, so a signal during the
 * start is not Node's default death); `cancel` removes the handlers on a failed start.
 */
function untilSignal(): { signalled: Promise<string>; cancel(): void } {
  let cancel: () => void = () => undefined;
  const signalled = new Promise<string>((res) => {
    const h = (sig: string) => {
      cancel();
      res(sig);
    };
    cancel = () => {
      process.off("SIGINT", h);
      process.off("SIGTERM", h);
    };
    process.on("SIGINT", h);
    process.on("SIGTERM", h);
  });
  return { signalled, cancel };
}

export interface ViewOptions extends ClassOpts {
  broker: string;
  credentials?: string;
}

/** The teacher's view, until it is quit (exit 0) or signalled (130, 143). */
export async function classroomView(o: ViewOptions): Promise<number> {
  guardOutput([process.stdout, process.stderr]);
  const signal = untilSignal();
  try {
    return await view(o, signal.signalled);
  } finally {
    signal.cancel();
  }
}

async function view(o: ViewOptions, signalled: Promise<string>): Promise<number> {
  // Here, not in the option's parser: parsing it there would load network/ for every command.
  const broker = parseBrokerUrl("--broker", o.broker);
  const path = o.credentials ?? credentialsPath(o);
  if (!existsSync(path))
    throw new OrbitrigError(
      "USAGE",
      `no credentials for class ${o.class} at ${path}: \`orbitrig classroom serve --class ${o.class}\` (or mosquitto-config) writes them; or give --credentials FILE`,
      ExitCode.usage,
    );
  const c = readCredentials(path);
  const opening = ClassroomSubscriber.open({ url: broker, cls: c.class, account: c.teacher });
  const first = await Promise.race([opening, signalled]);
  if (typeof first === "string") {
    void opening.then((s) => s.close()).catch(() => undefined);
    return SIGNAL_EXIT[first] ?? ExitCode.failure;
  }
  const sub = first;
  if (!isInteractive(process.stdout)) {
    await sub.close();
    throw new OrbitrigError(
      "USAGE",
      "the teacher's view needs a terminal (stdout is not one)",
      ExitCode.usage,
    );
  }
  const shown = startClassroomView({ source: sub, send: (t, cmd) => sub.send(t, cmd) });
  const ended = await Promise.race([shown.done.then(() => null), signalled]);
  shown.unmount();
  await sub.close();
  return ended === null ? ExitCode.ok : (SIGNAL_EXIT[ended] ?? ExitCode.failure);
}

export interface ServeOptions extends ClassOpts {
  rigs: string;
  listen: string;
  port: number;
  web?: boolean;
  webPort: number;
}

/** The class's broker (and page) in this process, until a signal; the exit code. */
export async function classroomServe(o: ServeOptions): Promise<number> {
  const path = credentialsPath(o);
  const { credentials: c, created } = loadOrCreateCredentials(path, o.class, rigIds(o.rigs));
  const say = (s: string) => process.stdout.write(`${s}\n`);
  const signal = untilSignal();
  try {
    return await serve(o, c, path, created, say, signal.signalled);
  } finally {
    signal.cancel();
  }
}

async function serve(
  o: ServeOptions,
  c: ClassCredentials,
  path: string,
  created: boolean,
  say: (s: string) => void,
  signalled: Promise<string>,
): Promise<number> {
  const broker = await startBroker({
    credentials: c,
    host: o.listen,
    port: o.port,
    onRefusal: (line) => process.stderr.write(`orbitrig: broker: ${line}\n`),
  });
  const url = reachableUrls(o.listen, lanAddress(), { broker: broker.port }).broker;
  const joinDir = join(o.dir, `${c.class}-join`);
  const files = writeJoinFiles(c, joinDir, url);
  say(
    `class ${c.class}: broker on ${broker.url}${o.listen === "127.0.0.1" ? " (this machine only; --listen 0.0.0.0 lets the class's laptops in)" : ""}`,
  );
  say(`credentials: ${path}${created ? " (new)" : ""}: the teacher's, keep private`);
  say(`each group joins with its own file (hand out one per group, from ${joinDir}/):`);
  for (const [id, f] of files) say(`  ${id}: orbitrig demo --publish ${f}`);
  say(`teacher's view: orbitrig classroom --class ${c.class} --dir ${o.dir} --broker ${url}`);
  const web = o.web
    ? await startWebServer({
        // The page's own subscription stays on this machine, whatever --listen says.
        url:
          o.listen === "0.0.0.0" || o.listen === "::"
            ? `mqtt://127.0.0.1:${broker.port}`
            : broker.url,
        cls: c.class,
        account: c.viewer,
        host: o.listen,
        port: o.webPort,
      })
    : null;
  if (web)
    say(
      `students' page: ${reachableUrls(o.listen, lanAddress(), { broker: broker.port, web: web.port }).page}`,
    );
  say("Ctrl-C stops the broker.");
  const signal = await signalled;
  await web?.close();
  await broker.close();
  say(`stopped by ${signal}: ${web ? "broker and page" : "broker"} closed`);
  return SIGNAL_EXIT[signal] ?? ExitCode.failure;
}

export interface MosquittoOptions extends ClassOpts {
  rigs: string;
  listen: string;
  port: number;
  out?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
}

export function mosquittoConfig(o: MosquittoOptions): void {
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey))
    throw usageError("--tls-cert and --tls-key go together");
  const path = credentialsPath(o);
  const { credentials: c, created } = loadOrCreateCredentials(path, o.class, rigIds(o.rigs));
  const out = o.out ?? join(o.dir, "mosquitto");
  const files = writeMosquittoConfig(out, c, {
    host: o.listen,
    port: o.port,
    ...(o.tlsCert && o.tlsKey
      ? {
          tls: {
            certFile: o.tlsCert,
            keyFile: o.tlsKey,
            ...(o.tlsCa ? { caFile: o.tlsCa } : {}),
          },
        }
      : {}),
  });
  const url = reachableUrls(o.listen, lanAddress(), { broker: o.port }).broker;
  const joins = writeJoinFiles(c, join(o.dir, `${c.class}-join`), url);
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(`class ${c.class}: credentials ${path}${created ? " (new)" : ""}`);
  say(`mosquitto: ${files.configPath} (+ passwd, acl)`);
  say(`run it:   mosquitto -c ${files.configPath}`);
  say(`join files for the groups: ${join(o.dir, `${c.class}-join`)}/ (${joins.size})`);
  say(`teacher's view: orbitrig classroom --class ${c.class} --dir ${o.dir} --broker ${url}`);
}
