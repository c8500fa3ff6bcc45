/**
 * React picks its development or production build from NODE_ENV when it is first loaded,
 * and the development build makes every dashboard render about twice as costly
 * (bench/dashboard.ts). The CLI never sets NODE_ENV, so default it here, before ink and
 * React load (./index.ts imports this module first). An explicit NODE_ENV still wins.
 * The CLI's entry point (bin/orbitrig.js) is the better home for this; until then, here.
 */
process.env.NODE_ENV ??= "production";
