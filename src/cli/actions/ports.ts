/** What `orbitrig ports` does (its options: ../commands/ports.ts). */
import {
  type AutoPortChoice,
  chooseAutoPort,
  listPorts,
  type PortListing,
} from "../../transport/discovery.js";

export interface PortsOptions {
  json?: boolean;
  sysfsRoot?: string;
  sysfsOnly?: boolean;
}

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

export async function ports(opts: PortsOptions): Promise<void> {
  const listing = await listPorts({
    ...(opts.sysfsRoot ? { sysfsRoot: opts.sysfsRoot } : {}),
    ...(opts.sysfsOnly || opts.sysfsRoot ? { serialportList: null } : {}),
  });
  process.stdout.write(
    opts.json ? `${JSON.stringify(portsJson(listing), null, 2)}\n` : formatPorts(listing),
  );
}
