/** The students' web page (served by orbitrig; docs/network.md). */
export { type PageClass, type PageRig, pageClass } from "./bridge.js";
export { type RunningWeb, startWebServer, type WebOptions } from "./server.js";
