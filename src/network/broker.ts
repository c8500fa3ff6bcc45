/**
 * The embedded broker: aedes in this process, on loopback unless told otherwise, with the
 * class's credentials and the ACL of ./acl.ts. A teacher with one laptop needs nothing
 * else; a real classroom can run Mosquitto with the same rules (./mosquitto.ts).
 */
import { createServer, type Server, type Socket } from "node:net";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { canPublish, canSubscribe, type Role } from "./acl.js";
import { authenticate, type ClassCredentials } from "./credentials.js";
import { guardPacketSize } from "./packet-guard.js";
import { MAX_BROKER_PAYLOAD_BYTES, MAX_PACKET_BYTES } from "./payloads.js";

export interface BrokerOptions {
  credentials: ClassCredentials;
  /** Address to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Port; 0 picks a free one. Default 1883. */
  port?: number;
  /** Told of refused logins and refused topics, one line each. */
  onRefusal?: (line: string) => void;
}

export interface RunningBroker {
  host: string;
  port: number;
  url: string;
  /** Clients connected now. */
  clients(): number;
  close(): Promise<void>;
}

const ID_REJECTED = 2;
const BAD_LOGIN = 4;

/** A host as a URL holds it: an IPv6 one in brackets (RFC 3986), or no client can parse it. */
const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** A broker's URL. */
export function brokerUrl(host: string, port: number): string {
  return `mqtt://${urlHost(host)}:${port}`;
}

/**
 * Where the class reaches what listens on `listen`: a wildcard address (0.0.0.0, ::) is
 * no address to hand out, so this laptop's own (`lan`, or loopback without one).
 */
export function reachableUrls(
  listen: string,
  lan: string | null,
  ports: { broker: number; web?: number },
): { broker: string; page: string | null } {
  const host = listen === "0.0.0.0" || listen === "::" ? (lan ?? "127.0.0.1") : listen;
  return {
    broker: brokerUrl(host, ports.broker),
    page: ports.web === undefined ? null : `http://${urlHost(host)}:${ports.web}/`,
  };
}

export async function startBroker(o: BrokerOptions): Promise<RunningBroker> {
  const c = o.credentials;
  const roles = new WeakMap<Client, { role: Role; user: string }>();
  /** The connected client that holds each client id. */
  const holders = new Map<string, Client>();
  const refuse = o.onRefusal ?? (() => undefined);
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const role = authenticate(c, username, password);
      if (!role) {
        refuse(`refused login of ${username ?? "(no user name)"}: wrong user name or password`);
        const e = new Error("wrong user name or password") as AuthenticateError;
        e.returnCode = BAD_LOGIN;
        done(e, false);
        return;
      }
      // MQTT hands a client id to the newest connection and drops the old one: another
      // account must not take a connected rig's id (the viewer sees its instance) and
      // knock it off. The same account may: that is a rig reconnecting.
      const holder = holders.get(client.id);
      const holderUser = holder ? roles.get(holder)?.user : undefined;
      if (holderUser !== undefined && holderUser !== username) {
        refuse(`refused login of ${username}: client id ${client.id} is in use by ${holderUser}`);
        const e = new Error(`client id ${client.id} is in use`) as AuthenticateError;
        e.returnCode = ID_REJECTED;
        done(e, false);
        return;
      }
      roles.set(client, { role, user: username! });
      done(null, true);
    },
    authorizePublish: (client, packet, done) => {
      const who = client ? roles.get(client) : undefined;
      // The broker's own publishes ($SYS) pass; a client's will is checked as the client's.
      if (!client) return done(null);
      // A rig's 100 MB, retained, would sit in this process and go to every newcomer;
      // aedes has no packet limit of its own.
      if (packet.payload.length > MAX_BROKER_PAYLOAD_BYTES) {
        refuse(
          `refused: ${who?.user ?? client.id} sent ${packet.payload.length} bytes to ${packet.topic} (at most ${MAX_BROKER_PAYLOAD_BYTES})`,
        );
        return done(new Error(`payload over ${MAX_BROKER_PAYLOAD_BYTES} bytes`));
      }
      if (who && canPublish(who.role, c.class, who.user, packet.topic)) return done(null);
      refuse(`refused: ${who?.user ?? client.id} may not publish to ${packet.topic}`);
      // MQTT 3.1.1 has no way to refuse one publish: the connection closes (§3.3.5).
      done(new Error(`not authorized to publish to ${packet.topic}`));
    },
    authorizeSubscribe: (client, sub, done) => {
      const who = roles.get(client);
      if (who && canSubscribe(who.role, c.class, who.user, sub.topic)) return done(null, sub);
      refuse(`refused: ${who?.user ?? client.id} may not read ${sub.topic}`);
      // null: SUBACK 0x80 for this filter; the client stays connected.
      done(null, null);
    },
  });
  broker.on("client", (client) => holders.set(client.id, client));
  broker.on("clientDisconnect", (client) => {
    if (holders.get(client.id) === client) holders.delete(client.id);
  });
  // No Nagle: small messages that answer one another (a desk constellation's reports and
  // assignments, ./desk-lockstep.ts) would each wait ~40 ms for a delayed ACK.
  const server: Server = createServer({ noDelay: true }, (socket) =>
    broker.handle(guardPacketSize(socket, MAX_PACKET_BYTES)),
  );
  const host = o.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new OrbitrigError(
          "IO",
          e.code === "EADDRINUSE"
            ? `port ${o.port ?? 1883} on ${host} is in use (another broker?): give --port`
            : `cannot listen on ${host}:${o.port ?? 1883}: ${e.message}`,
          ExitCode.unavailable,
        ),
      ),
    );
    server.listen(o.port ?? 1883, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : (o.port ?? 1883);
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return {
    host,
    port,
    url: brokerUrl(host, port),
    clients: () => broker.connectedClients,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
