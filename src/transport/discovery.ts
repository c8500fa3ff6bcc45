/**
 * Port discovery. serialport's SerialPort.list() asks udevadm on Linux, which is missing
 * in containers and minimal distros (`spawn udevadm ENOENT`, serialport issue #2185), so
 * on Linux we fall back to sysfs: /sys/class/tty/<name>/device leads to the USB
 * interface, whose parent device directory holds idVendor, idProduct, manufacturer,
 * product and serial (Linux ABI: Documentation/ABI/stable/sysfs-bus-usb).
 */
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { SerialPort } from "serialport";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { lookupUsbId, type UsbIdEntry } from "./usb-ids.js";

export interface PortCandidate {
  path: string;
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  /** The Arduino-class table entry that matched, or null. */
  match: UsbIdEntry | null;
  likelyBoard: boolean;
}

export interface PortListing {
  ports: PortCandidate[];
  /** Where the list came from. */
  source: "serialport" | "sysfs";
  /** Why serialport's own listing was not used, when it failed. */
  fallbackReason: string | null;
}

export interface ListPortsOptions {
  /** Root of sysfs (tests pass a fake tree). Default "/sys". */
  sysfsRoot?: string;
  /** Where device nodes live. Default "/dev". */
  devRoot?: string;
  /** serialport's lister; tests replace it. Pass null to go straight to sysfs. */
  serialportList?: (() => Promise<SerialportPortInfo[]>) | null;
}

/** The fields of serialport's PortInfo we use. */
export interface SerialportPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** Device names that are serial ports (as serialport's Linux lister filters them). */
const SERIAL_NAME = /^(ttyS|ttyACM|ttyUSB|ttyAMA|ttyO|ttyXRUSB|ttyTHS|ttymxc|rfcomm)\d+$/;

function candidate(
  path: string,
  fields: Omit<PortCandidate, "path" | "match" | "likelyBoard">,
): PortCandidate {
  const match = lookupUsbId(fields.vendorId ?? undefined, fields.productId ?? undefined) ?? null;
  return { path, ...fields, match, likelyBoard: match !== null };
}

async function readTrimmed(path: string): Promise<string | null> {
  try {
    const s = (await readFile(path, "utf8")).trim();
    return s === "" ? null : s;
  } catch {
    return null;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Walks up from the tty's device directory to the USB device that has idVendor. */
async function usbParent(deviceDir: string, sysfsRoot: string): Promise<string | null> {
  let dir = deviceDir;
  for (let i = 0; i < 6 && dir.startsWith(sysfsRoot) && dir !== sysfsRoot; i++) {
    if (await exists(join(dir, "idVendor"))) return dir;
    dir = dirname(dir);
  }
  return null;
}

/** Lists serial ports from sysfs alone. Pure IO on the given roots; never spawns. */
export async function listPortsFromSysfs(
  sysfsRoot = "/sys",
  devRoot = "/dev",
): Promise<PortCandidate[]> {
  const root = await realpath(sysfsRoot).catch(() => sysfsRoot);
  let names: string[];
  try {
    names = await readdir(join(root, "class", "tty"));
  } catch {
    return [];
  }
  const out: PortCandidate[] = [];
  for (const name of names.filter((n) => SERIAL_NAME.test(n)).sort(naturalCompare)) {
    let deviceDir: string;
    try {
      deviceDir = await realpath(join(root, "class", "tty", name, "device"));
    } catch {
      continue; // virtual terminals and ptys have no device
    }
    const usb = await usbParent(deviceDir, root);
    const read = (f: string) => (usb ? readTrimmed(join(usb, f)) : Promise.resolve(null));
    out.push(
      candidate(join(devRoot, name), {
        vendorId: (await read("idVendor"))?.toLowerCase() ?? null,
        productId: (await read("idProduct"))?.toLowerCase() ?? null,
        manufacturer: await read("manufacturer"),
        product: await read("product"),
        serialNumber: await read("serial"),
      }),
    );
  }
  return out;
}

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function fromSerialport(info: SerialportPortInfo): PortCandidate {
  return candidate(info.path, {
    vendorId: info.vendorId?.toLowerCase() ?? null,
    productId: info.productId?.toLowerCase() ?? null,
    manufacturer: info.manufacturer ?? null,
    product: null,
    serialNumber: info.serialNumber ?? null,
  });
}

/** Lists serial ports: serialport's lister first, sysfs when it fails (or on request). */
export async function listPorts(options: ListPortsOptions = {}): Promise<PortListing> {
  const lister =
    options.serialportList === undefined ? () => SerialPort.list() : options.serialportList;
  let fallbackReason: string | null = "serialport listing disabled";
  if (lister) {
    try {
      const ports = (await lister()).map(fromSerialport);
      return { ports, source: "serialport", fallbackReason: null };
    } catch (e) {
      fallbackReason = `serialport could not list ports (${(e as Error).message})`;
    }
  }
  const ports = await listPortsFromSysfs(options.sysfsRoot, options.devRoot);
  return { ports, source: "sysfs", fallbackReason };
}

export interface AutoPortChoice {
  port: PortCandidate;
  /** One sentence for the user: which port and why. */
  reason: string;
}

/**
 * Picks the port for `--port auto`: an Arduino board before a USB-serial bridge, then the
 * first by path. Throws PORT_NOT_FOUND naming what was seen when nothing looks like a board.
 */
export function chooseAutoPort(ports: readonly PortCandidate[]): AutoPortChoice {
  const likely = ports.filter((p) => p.likelyBoard);
  const ranked = [
    ...likely.filter((p) => p.match?.kind === "arduino"),
    ...likely.filter((p) => p.match?.kind === "bridge"),
  ];
  const port = ranked[0];
  if (!port) {
    const seen =
      ports.length === 0 ? "no serial ports at all" : `only ${ports.map((p) => p.path).join(", ")}`;
    throw new OrbitrigError(
      "PORT_NOT_FOUND",
      `--port auto found no Arduino-class USB serial device (${seen}); plug the board in or pass --port /dev/...`,
      ExitCode.unavailable,
    );
  }
  const ids = `${port.vendorId}:${port.productId}`;
  const others =
    ranked.length > 1
      ? `; ${ranked.length - 1} other candidate(s): ${ranked
          .slice(1)
          .map((p) => p.path)
          .join(", ")}`
      : "";
  return { port, reason: `chose ${port.path}: USB ${ids} is ${port.match?.name}${others}` };
}

/** Resolves a rig's `port:` value ("auto" or a path) to a device path. */
export async function resolvePort(
  port: string,
  options: ListPortsOptions = {},
): Promise<{ path: string; reason: string }> {
  if (port !== "auto") return { path: port, reason: `using ${port} as given` };
  const listing = await listPorts(options);
  const choice = chooseAutoPort(listing.ports);
  const via = listing.source === "sysfs" ? ` (found through sysfs: ${listing.fallbackReason})` : "";
  return { path: choice.port.path, reason: `${choice.reason}${via}` };
}
