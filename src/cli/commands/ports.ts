/**
 * `orbitrig ports`: lists serial ports and marks the likely Arduino-class boards, and
 * says which one `--port auto` would choose. On Linux without udevadm the list comes
 * from sysfs (src/transport/discovery.ts). Computing (listPorts, chooseAutoPort) is apart
 * from printing (formatPorts).
 */
import { Option } from "commander";
import {
  type AutoPortChoice,
  chooseAutoPort,
  listPorts,
  type PortListing,
} from "../../transport/discovery.js";
import type { RegisterCommand } from "./types.js";

function autoChoice(listing: PortListing): AutoPortChoice | { error: string } {
  try {
    return chooseAutoPort(listing.ports);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The human-readable listing. Pure. */
export function formatPorts(listing: PortListing): string {
  const rows = listing.ports.map((p) => [
    p.likelyBoard ? "*" : " ",
    p.path,
    p.vendorId ? `${p.vendorId}:${p.productId ?? "????"}` : "-",
    p.match?.name ??
      ([p.manufacturer, p.product].filter(Boolean).join(" ") ||
        (p.vendorId ? "USB device" : "not USB")),
    p.serialNumber ?? "",
  ]);
  const header = [" ", "PORT", "USB ID", "DEVICE", "SERIAL"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const lines = all.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  if (listing.ports.length === 0) lines.splice(0, lines.length, "no serial ports found");
  const out = [...lines, ""];
  const choice = autoChoice(listing);
  out.push("error" in choice ? choice.error : `--port auto ${choice.reason}`);
  out.push("* = Arduino-class USB device (by vendor:product id)");
  if (listing.source === "sysfs") out.push(`(listed from sysfs: ${listing.fallbackReason})`);
  return `${out.join("\n")}\n`;
}

/** The --json listing. Pure. */
export function portsJson(listing: PortListing): object {
  const choice = autoChoice(listing);
  return {
    source: listing.source,
    fallbackReason: listing.fallbackReason,
    ports: listing.ports,
    auto:
      "error" in choice
        ? { path: null, reason: choice.error }
        : { path: choice.port.path, reason: choice.reason },
  };
}

export const register: RegisterCommand = (program) => {
  program
    .command("ports")
    .description("list serial ports and mark the likely Arduino-class boards")
    .option("--json", "print JSON instead of a table")
    .addOption(new Option("--sysfs-root <dir>", "read this sysfs tree (for tests)").hideHelp())
    .addOption(new Option("--sysfs-only", "skip serialport's lister").hideHelp())
    .action(async (opts: { json?: boolean; sysfsRoot?: string; sysfsOnly?: boolean }) => {
      const listing = await listPorts({
        ...(opts.sysfsRoot ? { sysfsRoot: opts.sysfsRoot } : {}),
        ...(opts.sysfsOnly || opts.sysfsRoot ? { serialportList: null } : {}),
      });
      process.stdout.write(
        opts.json ? `${JSON.stringify(portsJson(listing), null, 2)}\n` : formatPorts(listing),
      );
    });
};
