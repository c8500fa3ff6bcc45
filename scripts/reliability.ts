/**
 * `npm run reliability`: the reliability campaign at full size (tests/reliability/campaign.ts
 * says what runs and how to run one part). Exit 0 when every check held.
 */
import { main } from "../tests/reliability/campaign.js";

process.exitCode = await main(process.argv.slice(2));
