/**
 * `orbitrig classroom`: the teacher's view of a class (the default), `classroom serve`
 * (the embedded broker, and the students' web page with --web) and `classroom
 * mosquitto-config` (a real broker's config, password file and ACL). docs/network.md.
 */
import type { Command } from "commander";
import { idSchema } from "../../config/schema/network.js";
import type { MosquittoOptions, ServeOptions, ViewOptions } from "../actions/classroom.js";
import { numberIn, type OptionParser, option, usageError } from "../options.js";
import type { RegisterCommand } from "./types.js";

const className: OptionParser<string> = (opt, text) => {
  const r = idSchema.safeParse(text);
  if (!r.success) throw usageError(`${opt}: "${text}": ${r.error.issues[0]?.message}`);
  return text;
};
const port = numberIn({ min: 0, max: 65535, integer: true });

function classOptions(cmd: Command): Command {
  return cmd
    .addOption(
      option("--class <name>", "the class (a topic level)", className).default("classroom"),
    )
    .option("--dir <folder>", "where the class's credentials and join files live", "classroom");
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
  ).action(async (o: ViewOptions) => {
    const { classroomView } = await import("../actions/classroom.js");
    setExitCode(await classroomView(o));
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
  ).action(async (o: ServeOptions) => {
    const { classroomServe } = await import("../actions/classroom.js");
    setExitCode(await classroomServe(o));
  });

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
  ).action(async (o: MosquittoOptions) => {
    const { mosquittoConfig } = await import("../actions/classroom.js");
    mosquittoConfig(o);
  });
};
