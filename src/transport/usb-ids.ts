/**
 * USB vendor:product ids of Arduino-class serial devices, to mark likely boards.
 * Sources: the Arduino AVR core's boards.txt (vid.N/pid.N entries for uno, mega, leonardo,
 * nano every), the USB ID repository (usb-ids.gowdy.us / linux-usb.org usb.ids) for the
 * USB-serial bridges found on clones.
 */

export interface UsbIdEntry {
  vendorId: string;
  /** null: any product of this vendor. */
  productId: string | null;
  name: string;
  /** "arduino": an Arduino board itself; "bridge": a USB-serial chip that clones use. */
  kind: "arduino" | "bridge";
}

export const ARDUINO_CLASS_USB_IDS: readonly UsbIdEntry[] = [
  { vendorId: "2341", productId: "0043", name: "Arduino Uno (ATmega16U2)", kind: "arduino" },
  { vendorId: "2341", productId: "0001", name: "Arduino Uno (ATmega8U2)", kind: "arduino" },
  { vendorId: "2341", productId: "0243", name: "Arduino Uno R3 (ATmega16U2)", kind: "arduino" },
  { vendorId: "2341", productId: "0042", name: "Arduino Mega 2560 R3", kind: "arduino" },
  { vendorId: "2341", productId: "0010", name: "Arduino Mega 2560", kind: "arduino" },
  { vendorId: "2341", productId: "8036", name: "Arduino Leonardo", kind: "arduino" },
  { vendorId: "2341", productId: "0058", name: "Arduino Nano Every", kind: "arduino" },
  { vendorId: "2341", productId: "0069", name: "Arduino Uno R4 Minima", kind: "arduino" },
  { vendorId: "2341", productId: null, name: "Arduino (other)", kind: "arduino" },
  { vendorId: "2a03", productId: "0043", name: "Arduino Uno (arduino.org)", kind: "arduino" },
  { vendorId: "2a03", productId: null, name: "Arduino (arduino.org, other)", kind: "arduino" },
  {
    vendorId: "1a86",
    productId: "7523",
    name: "CH340 USB-serial (Uno/Nano clone)",
    kind: "bridge",
  },
  { vendorId: "1a86", productId: "55d4", name: "CH9102 USB-serial (clone)", kind: "bridge" },
  {
    vendorId: "0403",
    productId: "6001",
    name: "FTDI FT232R USB-serial (Nano, Duemilanove)",
    kind: "bridge",
  },
  { vendorId: "0403", productId: "6015", name: "FTDI FT231X USB-serial", kind: "bridge" },
  { vendorId: "10c4", productId: "ea60", name: "Silicon Labs CP210x USB-serial", kind: "bridge" },
  { vendorId: "067b", productId: "2303", name: "Prolific PL2303 USB-serial", kind: "bridge" },
];

/** Finds the entry for a vendor/product pair (hex, any case); exact product first. */
export function lookupUsbId(
  vendorId: string | undefined,
  productId: string | undefined,
): UsbIdEntry | undefined {
  if (!vendorId) return undefined;
  const v = vendorId.toLowerCase();
  const p = productId?.toLowerCase();
  return (
    ARDUINO_CLASS_USB_IDS.find((e) => e.vendorId === v && e.productId === p) ??
    ARDUINO_CLASS_USB_IDS.find((e) => e.vendorId === v && e.productId === null)
  );
}
