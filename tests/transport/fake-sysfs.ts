import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A fake sysfs laid out as Linux does it:
 *   class/tty/ttyACM0 -> devices/.../1-1/1-1:1.0/tty/ttyACM0, device -> ../../../1-1:1.0 (cdc_acm)
 *   class/tty/ttyUSB0 -> devices/.../1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0, device -> ../../../ttyUSB0 (usb-serial)
 * and the USB device directory (1-1, 1-2) holding idVendor, idProduct, manufacturer, serial.
 */
export function fakeSysfs(): string {
  const root = mkdtempSync(join(tmpdir(), "orbitrig-sysfs-"));
  const usb = join(root, "devices/pci0000:00/0000:00:14.0/usb1");
  const classTty = join(root, "class/tty");
  mkdirSync(classTty, { recursive: true });
  const usbDevice = (name: string, ids: Record<string, string>) => {
    mkdirSync(join(usb, name), { recursive: true });
    for (const [k, v] of Object.entries(ids)) writeFileSync(join(usb, name, k), `${v}\n`);
  };
  const acm = (dev: string, tty: string) => {
    const ttyDir = join(usb, dev, `${dev}:1.0`, "tty", tty);
    mkdirSync(ttyDir, { recursive: true });
    symlinkSync(`../../../${dev}:1.0`, join(ttyDir, "device"));
    symlinkSync(ttyDir, join(classTty, tty));
  };
  usbDevice("1-1", {
    idVendor: "2341",
    idProduct: "0043",
    manufacturer: "Arduino (www.arduino.cc)",
    product: "Arduino Uno",
    serial: "85739323830351E0E1A1",
  });
  acm("1-1", "ttyACM0");
  usbDevice("1-3", { idVendor: "0483", idProduct: "5740", manufacturer: "STMicroelectronics" });
  acm("1-3", "ttyACM1");
  usbDevice("1-2", { idVendor: "1A86", idProduct: "7523", product: "USB2.0-Serial" });
  const portDir = join(usb, "1-2", "1-2:1.0", "ttyUSB0");
  const usbTty = join(portDir, "tty", "ttyUSB0");
  mkdirSync(usbTty, { recursive: true });
  symlinkSync("../../../ttyUSB0", join(usbTty, "device"));
  symlinkSync(usbTty, join(classTty, "ttyUSB0"));
  // A platform UART (no USB parent) and a virtual console (no device link).
  const s0 = join(root, "devices/platform/serial8250/tty/ttyS0");
  mkdirSync(s0, { recursive: true });
  symlinkSync("../../../serial8250", join(s0, "device"));
  symlinkSync(s0, join(classTty, "ttyS0"));
  mkdirSync(join(root, "devices/virtual/tty/tty0"), { recursive: true });
  symlinkSync(join(root, "devices/virtual/tty/tty0"), join(classTty, "tty0"));
  return root;
}
