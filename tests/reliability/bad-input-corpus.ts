/**
 * The bad-input corpus: malformed rig files, malformed recordings and bad port paths, each
 * with the command it is given to, the one line orbitrig must answer and its exit code
 * (docs/cli.md's codes: 2 a usage or input mistake, 66 no input, 69 unavailable, 74 IO).
 * ./bad-input.ts writes the files and runs the built CLI on each.
 */

export interface BadInput {
  name: string;
  group: "rig" | "recording" | "port";
  /** Files to write in the case's folder: name -> text (or bytes). */
  files: Record<string, string | Buffer>;
  /** The command line, with {dir} for the case's folder. */
  args: string[];
  exit: number;
  /** What the one line must say (after "orbitrig: "). */
  message: RegExp;
}

/** A valid emulated rig, one field a line, so mistakes have line numbers. */
export const GOOD_RIG = [
  "name: corpus rig", // 1
  "board:", // 2
  "  kind: emulated", // 3
  "  profile: uno-ina219", // 4
  "  rateHz: 20", // 5
  "calibration:", // 6
  "  shuntOhms: 0.1", // 7
  "  maxCurrentA: 0.4", // 8
  "  fullSunBenchMw: 692.8", // 9
  "orbit:", // 10
  "  preset: starlink", // 11
  "  timeScale: 30", // 12
  "scheduler:", // 13
  "  policy: predictive", // 14
  "safety:", // 15
  "  watchdogMs: 3000", // 16
  "recording:", // 17
  "  flushMs: 500", // 18
];

/** GOOD_RIG with lines replaced (1-based; null removes the line) and lines added at the end. */
function rig(edits: Record<number, string | null> = {}, extra: string[] = []): string {
  const lines = GOOD_RIG.flatMap((l, i) => {
    const e = edits[i + 1];
    return e === undefined ? [l] : e === null ? [] : [e];
  });
  return `${[...lines, ...extra].join("\n")}\n`;
}

const RUN = ["run", "--rig", "{dir}/rig.yaml", "--headless", "--duration", "1s", "--no-record"];

function rigCase(name: string, text: string | Buffer, message: RegExp, exit = 2): BadInput {
  return { name, group: "rig", files: { "rig.yaml": text }, args: RUN, exit, message };
}

const aliasBomb = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ...Array.from({ length: 9 }, (_, i) => {
    const p = String.fromCharCode(97 + i);
    const n = String.fromCharCode(98 + i);
    return `${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]`;
  }),
  "name: bomb",
].join("\n");

export const RIG_CASES: BadInput[] = [
  rigCase("empty file", "", /rig\.yaml.*empty/i),
  rigCase("only a comment", "# nothing here\n", /rig\.yaml.*empty/i),
  rigCase("a list, not a mapping", "- a\n- b\n", /rig\.yaml/),
  rigCase("a plain string", "hello\n", /rig\.yaml/),
  rigCase("unterminated bracket", rig({ 11: "  preset: [starlink" }), /rig\.yaml:11/),
  rigCase("unterminated quote", rig({ 1: 'name: "corpus rig' }), /rig\.yaml:1\b/),
  rigCase("a tab for indent", rig({ 5: "\trateHz: 20" }), /rig\.yaml:5/),
  rigCase("duplicate key", rig({ 5: "  rateHz: 20\n  rateHz: 30" }), /rig\.yaml:6/),
  // The YAML library reports the mapping the stray indent is nested into.
  rigCase("bad indentation", rig({ 5: "     rateHz: 20" }), /rig\.yaml:4 /),
  rigCase("YAML alias bomb", aliasBomb, /rig\.yaml:2/),
  rigCase("binary garbage", Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a]), /rig\.yaml/),
  rigCase("a UTF-16 file", Buffer.from(`\ufeff${rig()}`, "utf16le"), /rig\.yaml/),
  rigCase(
    "over the size limit",
    rig({}, [`description: ${"x".repeat(300 * 1024)}`]),
    /rig\.yaml.*(large|KiB|size)/i,
  ),
  rigCase(
    "unknown top-level key",
    rig({}, ["orbitt:", "  preset: starlink"]),
    /rig\.yaml:19.*orbitt/,
  ),
  rigCase("unknown board key", rig({ 5: "  rateHzz: 20" }), /rig\.yaml:5.*rateHzz/),
  rigCase("board.kind unknown", rig({ 3: "  kind: wifi" }), /rig\.yaml:3.*board\.kind/),
  rigCase("board.kind a number", rig({ 3: "  kind: 3" }), /rig\.yaml:3.*board\.kind/),
  rigCase("rateHz zero", rig({ 5: "  rateHz: 0" }), /rig\.yaml:5.*rateHz/),
  rigCase("rateHz negative", rig({ 5: "  rateHz: -5" }), /rig\.yaml:5.*rateHz/),
  rigCase("rateHz a fraction", rig({ 5: "  rateHz: 2.5" }), /rig\.yaml:5.*rateHz/),
  rigCase("rateHz over the firmware's limit", rig({ 5: "  rateHz: 150" }), /rig\.yaml:5.*rateHz/),
  rigCase("rateHz a string", rig({ 5: "  rateHz: fast" }), /rig\.yaml:5.*rateHz/),
  rigCase("rateHz infinite", rig({ 5: "  rateHz: .inf" }), /rig\.yaml:5.*rateHz/),
  rigCase("rateHz not a number", rig({ 5: "  rateHz: .nan" }), /rig\.yaml:5.*rateHz/),
  rigCase("profile unknown", rig({ 4: "  profile: no-such-board" }), /no-such-board/, 2),
  rigCase("profile with a path", rig({ 4: "  profile: ../../etc/passwd" }), /etc\/passwd/, 2),
  rigCase("shuntOhms zero", rig({ 7: "  shuntOhms: 0" }), /rig\.yaml:7.*shuntOhms/),
  rigCase("maxCurrentA negative", rig({ 8: "  maxCurrentA: -1" }), /rig\.yaml:8.*maxCurrentA/),
  rigCase("calibration the INA219 cannot do", rig({ 8: "  maxCurrentA: 400" }), /rig\.yaml:8/),
  rigCase("fullSunBenchMw a string", rig({ 9: "  fullSunBenchMw: bright" }), /rig\.yaml:9/),
  rigCase(
    "fullSunBenchMw not measured yet",
    rig({ 9: "  fullSunBenchMw: null" }),
    /rig\.yaml:9 calibration\.fullSunBenchMw: not measured yet; run `orbitrig doctor/,
  ),
  rigCase("orbit preset unknown", rig({ 11: "  preset: moon" }), /rig\.yaml:11.*preset/),
  rigCase("altitude inside the Earth", rig({ 11: "  altitudeKm: 1" }), /rig\.yaml:11.*altitudeKm/),
  rigCase("timeScale zero", rig({ 12: "  timeScale: 0" }), /rig\.yaml:12.*timeScale/),
  rigCase("timeScale negative", rig({ 12: "  timeScale: -30" }), /rig\.yaml:12.*timeScale/),
  rigCase("policy unknown", rig({ 14: "  policy: yolo" }), /rig\.yaml:14.*policy/),
  rigCase("watchdog zero", rig({ 16: "  watchdogMs: 0" }), /rig\.yaml:16.*watchdogMs/),
  rigCase("watchdog a list", rig({ 16: "  watchdogMs: [3000]" }), /rig\.yaml:16.*watchdogMs/),
  rigCase("flushMs over its limit", rig({ 18: "  flushMs: 60000" }), /rig\.yaml:18.*flushMs/),
  rigCase(
    "section a scalar",
    rig({ 6: "calibration: 7", 7: null, 8: null, 9: null }),
    /rig\.yaml:6.*calibration/,
  ),
  rigCase("name a mapping", rig({ 1: "name: {a: 1}" }), /rig\.yaml:1.*name/),
  rigCase(
    "duplicate INA219 addresses",
    rig({}, [
      "bench:",
      "  inas:",
      "    - address: 0x40",
      "      branch: array",
      "    - address: 0x40",
      "      branch: load",
    ]),
    /rig\.yaml:23/,
  ),
  rigCase(
    "a desk rig without board.kind",
    rig({ 3: null, 4: "  port: /dev/ttyACM0" }),
    /rig\.yaml.*board\.kind/,
  ),
  rigCase(
    "a serial rig at a wrong baud",
    rig({ 3: "  kind: serial", 4: "  baud: 9600" }),
    /rig\.yaml:4.*baud/,
  ),
  rigCase("a YAML merge of nothing", rig({}, ["<<: *nothing"]), /rig\.yaml:19/),
  {
    name: "a folder given as the rig",
    group: "rig",
    files: { "rig.yaml/inside": "x" },
    args: RUN,
    exit: 2,
    message: /rig\.yaml: is a folder, not a rig file/,
  },
  {
    name: "a rig file that does not exist",
    group: "rig",
    files: {},
    args: RUN,
    exit: 2,
    message: /rig\.yaml: cannot read rig file \(no such file\)/,
  },
];

/** A small valid recording: the fixture's header, events and first frames, and its footer. */
export function goodRecording(fixture: string): string {
  const lines = fixture.split("\n");
  const footer = lines.filter((l) => l.startsWith('{"type":"footer"')).at(-1) ?? "";
  return `${[...lines.slice(0, 40), footer].join("\n")}\n`;
}

const EXPORT = ["export", "{dir}/r.ndjson", "--csv", "{dir}/out.csv"];

function recCase(
  name: string,
  make: (good: string) => string | Buffer,
  message: RegExp,
  exit = 2,
): (good: string) => BadInput {
  return (good) => ({
    name,
    group: "recording",
    files: { "r.ndjson": make(good) },
    args: EXPORT,
    exit,
    message,
  });
}

const header = (good: string) => good.slice(0, good.indexOf("\n"));
const body = (good: string) => good.slice(good.indexOf("\n") + 1);
const withHeader = (good: string, edit: (h: Record<string, unknown>) => void) => {
  const h = JSON.parse(header(good)) as Record<string, unknown>;
  edit(h);
  return `${JSON.stringify(h)}\n${body(good)}`;
};

const RECORDING_ITEMS: (((good: string) => BadInput) | BadInput)[] = [
  recCase("empty file", () => "", /r\.ndjson.*empty/i),
  recCase("blank lines only", () => "\n\n\n", /r\.ndjson/),
  recCase("header cut short", (g) => header(g).slice(0, 200), /r\.ndjson/),
  recCase("header not JSON", (g) => `{type: header}\n${body(g)}`, /r\.ndjson:1/),
  recCase(
    "header of another format",
    (g) =>
      withHeader(g, (h) => {
        h.format = "csv-ish";
      }),
    /r\.ndjson.*format/i,
  ),
  recCase(
    "header of a future version",
    (g) =>
      withHeader(g, (h) => {
        h.version = 99;
      }),
    /r\.ndjson.*version/i,
  ),
  recCase("header a JSON array", (g) => `[1,2,3]\n${body(g)}`, /r\.ndjson:1/),
  recCase("no header, frames first", (g) => body(g), /r\.ndjson:1/),
  recCase(
    "header line over the readers' limit",
    (g) =>
      withHeader(g, (h) => {
        h.pad = "x".repeat(5 * 2 ** 20);
      }),
    /r\.ndjson.*(MiB|limit|long)/i,
  ),
  recCase(
    "binary garbage",
    () => Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0x00, 0x0a]),
    /r\.ndjson/,
  ),
  recCase("a UTF-16 file", (g) => Buffer.from(`\ufeff${g}`, "utf16le"), /r\.ndjson/),
  recCase("a rig file given as a recording", () => `${GOOD_RIG.join("\n")}\n`, /r\.ndjson:1/),
  recCase("a CSV file given as a recording", () => "hostMs,busV\n1,2\n", /r\.ndjson:1/),
  recCase("NUL bytes where the header should be", () => Buffer.alloc(4096), /r\.ndjson/),
  recCase("a JSON string for a header", (g) => `"header"\n${body(g)}`, /r\.ndjson:1/),
  {
    name: "a folder given as a recording",
    group: "recording",
    files: { "r.ndjson/inside.ndjson": "x" },
    args: EXPORT,
    exit: 2,
    message: /r\.ndjson: is a folder, not a recording/,
  },
  {
    name: "a recording that does not exist",
    group: "recording",
    files: {},
    args: EXPORT,
    exit: 2,
    message: /r\.ndjson: cannot read recording \(no such file\)/,
  },
  {
    name: "/dev/zero as a recording",
    group: "recording",
    files: {},
    args: ["export", "/dev/zero", "--csv", "{dir}/out.csv"],
    exit: 2,
    message: /\/dev\/zero/,
  },
  {
    name: "/dev/null as a recording",
    group: "recording",
    files: {},
    args: ["export", "/dev/null", "--csv", "{dir}/out.csv"],
    exit: 2,
    message: /\/dev\/null/,
  },
  {
    name: "a system file given as a recording",
    group: "recording",
    files: {},
    args: ["export", "/etc/shadow", "--csv", "{dir}/out.csv"],
    exit: 2,
    message: /\/etc\/shadow/,
  },
];

export const RECORDING_CASES: ((good: string) => BadInput)[] = RECORDING_ITEMS.map((c) =>
  typeof c === "function" ? c : () => c,
);

const DESK = rig({ 3: "  kind: serial", 4: "  profile: uno-ina219" });
const runOn = (port: string) => [
  "run",
  "--rig",
  "{dir}/desk.yaml",
  "--port",
  port,
  "--headless",
  "--duration",
  "1s",
  "--no-record",
];

function portCase(name: string, port: string, message: RegExp, exit = 69): BadInput {
  return {
    name,
    group: "port",
    files: { "desk.yaml": DESK, "file.txt": "x" },
    args: runOn(port),
    exit,
    message,
  };
}

export const PORT_CASES: BadInput[] = [
  portCase("a port that does not exist", "/dev/ttyDOESNOTEXIST", /ttyDOESNOTEXIST/),
  portCase("a folder", "/tmp", /\/tmp/),
  portCase("a regular file", "{dir}/file.txt", /file\.txt/),
  portCase("/dev/null, not a tty", "/dev/null", /\/dev\/null/),
  portCase("/dev/zero, not a tty", "/dev/zero", /\/dev\/zero/),
  portCase("an empty path", "", /--port: expected a serial port path/, 2),
  portCase("a Windows name", "COM3", /COM3/),
  portCase("a relative name", "ttyUSB0", /ttyUSB0/),
  portCase("a procfs file", "/proc/self/status", /\/proc\/self\/status/),
  portCase("a path with a line break", "/dev/tty\nUSB0", /cannot open \/dev\/tty\\u000aUSB0/),
  portCase("a very long path", `/dev/${"x".repeat(5000)}`, /cannot open \/dev\/x+/),
  portCase("auto with no board attached", "auto", /--port auto found no Arduino-class/),
];
