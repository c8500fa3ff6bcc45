/**
 * A rig as a recording keeps it: without the broker password of its `network.mqtt`
 * section. Recordings are handed in, shared and attached to reports; a classroom's
 * password must not travel with them. The config loses the field; the text, kept for
 * people, has the value replaced on its line.
 */
import type { LoadedRig } from "../config/load.js";

export const REMOVED = "(removed from the recording)";

export function withoutSecrets(rig: LoadedRig): LoadedRig {
  const mqtt = rig.config.network.mqtt;
  if (!mqtt || mqtt.password === undefined) return rig;
  const { password: _password, ...rest } = mqtt;
  return {
    ...rig,
    text: rig.text.replace(/^(\s*password\s*:\s*).*$/gm, `$1"${REMOVED}"`),
    config: { ...rig.config, network: { ...rig.config.network, mqtt: rest } },
  };
}
