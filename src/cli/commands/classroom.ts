/**
 * `orbitrig classroom`: the teacher's view of a class (the default), `classroom serve`
 * (the embedded broker, and the students' web page with --web) and `classroom
 * mosquitto-config` (a real broker's config, password file and ACL). docs/network.md.
 */
import { existsSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { idSchema } from "../../config/schema/network.js";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import {
  ClassroomSubscriber,
  loadOrCreateCredentials,
  readCredentials,
  rigIds,
  startBroker,
  writeJoinFiles,
  writeMosquittoConfig,
} from "../../network/index.js";
import { isInteractive, startClassroomView } from "../../ui/index.js";
import { startWebServer } from "../../web/index.js";
import { guardOutput } from "../lifecycle.js";
import { numberIn, type OptionParser, option, usageError } from "../options.js";
import type { RegisterCommand } from "./types.js";

const className: OptionParser<string> = (opt, text) => {
  const r = idSchema.safeParse(text);
  if (!r.success) throw usageError(`${opt}: "${text}": ${r.error.issues[0]?.message}`);
  return text;
};
const port = numberIn({ min: 0, max: 65535, integer: true });

interface ClassOpts {
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

function joinHost(listen: string): string {
  if (listen === "0.0.0.0" || listen === "::") return lanAddress() ?? "127.0.0.1";
  return listen;
}

function classOptions(cmd: Command): Command {
  return cmd
    .addOption(
      option("--class <name>", "the class (a topic level)", className).default("classroom"),
    )
    .option("--dir <folder>", "where the class's credentials and join files live", "classroom");
}

/** Waits for SIGINT or SIGTERM (the broker runs until then). */
function untilSignal(): Promise<string> {
  return new Promise((res) => {
    const h = (sig: string) => {
      process.off("SIGINT", h);
      process.off("SIGTERM", h);
      res(sig);
    };
    process.on("SIGINT", h);
    process.on("SIGTERM", h);
  });
}

export const register: RegisterCommand = (program, setExitCode) => {
  const classroom = program
    .command("classroom")
    .description("a class of rigs on MQTT: the teacher's view, the broker, the students' page");

  classOptions(
    classroom
      .command("view", { isDefault: true })
      .description("the teacher's view: every rig of the class, live; keys send commands")
      .option("--broker <url>", "the class's broker", "mqtt://127.0.0.1:1883")
      .option("--credentials <file>", "the class's credentials (default: DIR/CLASS.yaml)"),
  ).action(async (o: ClassOpts & { broker: string; credentials?: string }) => {
    guardOutput([process.stdout, process.stderr]);
    const path = o.credentials ?? credentialsPath(o);
    if (!existsSync(path))
      throw new OrbitrigError(
        "USAGE",
        `no credentials for class ${o.class} at ${path}: \`orbitrig classroom serve --class ${o.class}\` (or mosquitto-config) writes them; or give --credentials FILE`,
        ExitCode.usage,
      );
    const c = readCredentials(path);
    const sub = await ClassroomSubscriber.open({ url: o.broker, cls: c.class, account: c.teacher });
    if (!isInteractive(process.stdout)) {
      await sub.close();
      throw new OrbitrigError(
        "USAGE",
        "the teacher's view needs a terminal (stdout is not one)",
        ExitCode.usage,
      );
    }
    const view = startClassroomView({ source: sub, send: (t, cmd) => sub.send(t, cmd) });
    await Promise.race([view.done, untilSignal()]);
    view.unmount();
    await sub.close();
  });

  classOptions(
    classroom
      .command("serve")
      .description("run the class's broker in this process (and the students' web page with --web)")
      .option("--rigs <n|ids>", "rig accounts when the class is new: a count or desk-a,desk-b", "8")
      .option("--listen <addr>", "address to listen on (0.0.0.0: every network)", "127.0.0.1")
      .addOption(option("--port <n>", "broker port", port).default(1883))
      .option("--web", "serve the students' page too")
      .addOption(option("--web-port <n>", "the page's port", port).default(8080)),
  ).action(
    async (
      o: ClassOpts & { rigs: string; listen: string; port: number; web?: boolean; webPort: number },
    ) => {
      const path = credentialsPath(o);
      const { credentials: c, created } = loadOrCreateCredentials(path, o.class, rigIds(o.rigs));
      const say = (s: string) => process.stdout.write(`${s}\n`);
      const broker = await startBroker({
        credentials: c,
        host: o.listen,
        port: o.port,
        onRefusal: (line) => process.stderr.write(`orbitrig: broker: ${line}\n`),
      });
      const url = `mqtt://${joinHost(o.listen)}:${broker.port}`;
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
      if (web) say(`students' page: ${web.url}`);
      say("Ctrl-C stops the broker.");
      await untilSignal();
      await web?.close();
      await broker.close();
      setExitCode(ExitCode.ok);
    },
  );

  classOptions(
    classroom
      .command("mosquitto-config")
      .description("write a Mosquitto config, password file and ACL for a class (docs/network.md)")
      .option("--rigs <n|ids>", "rig accounts when the class is new: a count or desk-a,desk-b", "8")
      .option("--listen <addr>", "address Mosquitto listens on", "127.0.0.1")
      .addOption(option("--port <n>", "broker port", port).default(1883))
      .option(
        "--out <folder>",
        "where to write mosquitto.conf, passwd and acl (default: DIR/mosquitto)",
      )
      .option("--tls-cert <file>", "a TLS listener on 8883 with this certificate (PEM)")
      .option("--tls-key <file>", "its private key (PEM)")
      .option("--tls-ca <file>", "the CA that signed it, for clients that check"),
  ).action(
    (
      o: ClassOpts & {
        rigs: string;
        listen: string;
        port: number;
        out?: string;
        tlsCert?: string;
        tlsKey?: string;
        tlsCa?: string;
      },
    ) => {
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
      const url = `mqtt://${joinHost(o.listen)}:${o.port}`;
      const joins = writeJoinFiles(c, join(o.dir, `${c.class}-join`), url);
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say(`class ${c.class}: credentials ${path}${created ? " (new)" : ""}`);
      say(`mosquitto: ${files.configPath} (+ passwd, acl)`);
      say(`run it:   mosquitto -c ${files.configPath}`);
      say(`join files for the groups: ${join(o.dir, `${c.class}-join`)}/ (${joins.size})`);
      say(`teacher's view: orbitrig classroom --class ${c.class} --dir ${o.dir} --broker ${url}`);
    },
  );
};
