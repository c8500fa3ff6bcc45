/**
 * A size limit on every MQTT packet a connection sends the embedded broker, checked on the
 * bytes before aedes parses them. aedes (through mqtt-packet) buffers a packet until it is
 * whole, whatever length its header declares (up to 256 MB), before anyone has logged in:
 * any peer that reaches the port could make this process hold hundreds of megabytes.
 *
 * MQTT 3.1.1 §2.2: a packet is one byte of type and flags, then its remaining length as
 * a variable byte integer (7 bits a byte, low group first, at most 4 bytes), then that
 * many bytes.
 */
import type { Socket } from "node:net";
import { Duplex } from "node:stream";

/** Reads packet headers as bytes pass; says when a packet declares more than maxBytes. */
export class PacketSizeCheck {
  private state: "type" | "length" | "body" = "type";
  private length = 0;
  private shift = 0;
  private lengthBytes = 0;
  private bodyLeft = 0;

  constructor(private readonly maxBytes: number) {}

  /** False once a packet declares a remaining length over the limit (or a malformed one). */
  feed(chunk: Uint8Array): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === "body") {
        const n = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= n;
        i += n;
        if (this.bodyLeft === 0) this.state = "type";
        continue;
      }
      const b = chunk[i++]!;
      if (this.state === "type") {
        this.state = "length";
        this.length = 0;
        this.shift = 0;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (b & 0x7f) * 2 ** this.shift;
      this.shift += 7;
      this.lengthBytes++;
      if (this.length > this.maxBytes || (b & 0x80 && this.lengthBytes === 4)) return false;
      if (!(b & 0x80)) {
        this.bodyLeft = this.length;
        this.state = this.length === 0 ? "type" : "body";
      }
    }
    return true;
  }
}

/**
 * The socket as aedes should see it: the same bytes both ways, but the connection is cut
 * as soon as a packet's header declares more than maxBytes.
 */
export function guardPacketSize(socket: Socket, maxBytes: number): Duplex {
  const check = new PacketSizeCheck(maxBytes);
  const guarded: Duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, done) {
      if (socket.write(chunk)) done();
      else socket.once("drain", () => done());
    },
    final(done) {
      socket.end();
      done();
    },
    destroy(error, done) {
      socket.destroy();
      done(error);
    },
  });
  socket.on("data", (chunk: Buffer) => {
    if (!check.feed(chunk)) {
      socket.destroy();
      guarded.destroy();
      return;
    }
    if (!guarded.push(chunk)) socket.pause();
  });
  socket.on("end", () => guarded.push(null));
  socket.on("close", () => guarded.destroy());
  socket.on("error", () => guarded.destroy());
  return guarded;
}
