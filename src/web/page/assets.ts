/**
 * The page's HTML and CSS, shipped inside the package's compiled code. No inline script
 * and nothing from another address: the page works on a classroom network with no
 * internet, and the server's Content-Security-Policy forbids anything else.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>orbitrig classroom</title>
<link rel="stylesheet" href="/uplot.css">
<link rel="stylesheet" href="/style.css">
<script src="/uplot.js" defer></script>
<script src="/app.js" type="module"></script>
</head>
<body>
<header>
  <h1>orbitrig <span id="class"></span></h1>
  <span id="conn" class="conn">connecting…</span>
  <span id="count"></span>
  <button id="projector" type="button" title="large numbers for a projector">Projector</button>
</header>
<main id="rigs"><p class="empty">waiting for the class…</p></main>
<footer>
  <span class="key sunlit">■ sunlit</span> <span class="key penumbra">■ penumbra</span>
  <span class="key umbra">■ eclipse</span> <span class="key marker">▲ node</span>
  · plots: <span class="key power">bench mW</span> <span class="key soc">SoC %</span> <span class="key duty">duty %</span>
  · read-only
</footer>
</body>
</html>
`;

export const PAGE_CSS = `:root { --bg:#10141c; --card:#1a2130; --fg:#e6e9ef; --dim:#8a93a6; --ok:#4cc38a; --warn:#e5b84b; --alarm:#ef5d5d;
  --sunlit:#f4d35e; --penumbra:#b08a2e; --umbra:#2e4a7d; --power:#f4d35e; --soc:#4cc38a; --duty:#6cb4ee; }
* { box-sizing: border-box; }
body { margin:0; font-family: system-ui, sans-serif; background:var(--bg); color:var(--fg); }
header { display:flex; gap:1.2em; align-items:baseline; padding:.6em 1em; border-bottom:1px solid #2a3244; }
h1 { font-size:1.2em; margin:0; } h1 span { color:var(--duty); }
.conn.ok { color:var(--ok); } .conn.bad { color:var(--alarm); }
#count { color:var(--dim); }
button { margin-left:auto; background:#2a3244; color:var(--fg); border:1px solid #3a4460; border-radius:4px; padding:.3em .8em; cursor:pointer; }
main { display:grid; grid-template-columns:repeat(auto-fill, minmax(360px, 1fr)); gap:.8em; padding:.8em; }
.empty { color:var(--dim); }
.card { background:var(--card); border-radius:6px; padding:.6em .7em; }
.card h2 { font-size:1em; margin:0 0 .3em; display:flex; justify-content:space-between; gap:.5em; }
.card h2 .name { overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.link { font-size:.8em; font-weight:normal; }
.link.online { color:var(--ok); } .link.stale { color:var(--warn); } .link.offline { color:var(--alarm); }
.numbers { display:flex; flex-wrap:wrap; gap:.4em 1em; font-variant-numeric:tabular-nums; }
.numbers div { display:flex; flex-direction:column; } .numbers b { font-size:1.15em; white-space:nowrap; }
.numbers small { color:var(--dim); font-size:.75em; }
.strip { position:relative; display:flex; height:10px; margin:.5em 0 .9em; border-radius:2px; overflow:visible; }
.strip .seg { height:100%; } .strip .sunlit { background:var(--sunlit); } .strip .penumbra { background:var(--penumbra); }
.strip .umbra { background:var(--umbra); }
.strip .marker { position:absolute; top:9px; transform:translateX(-50%); color:var(--fg); font-size:10px; line-height:1; }
.plot { margin-top:.2em; }
.meta { color:var(--dim); font-size:.75em; }
footer { color:var(--dim); font-size:.8em; padding:.4em 1em 1em; }
.key.sunlit { color:var(--sunlit); } .key.penumbra { color:var(--penumbra); } .key.umbra { color:var(--umbra); }
.key.power { color:var(--power); } .key.soc { color:var(--soc); } .key.duty { color:var(--duty); }
body.big main { grid-template-columns:repeat(auto-fill, minmax(420px, 1fr)); }
body.big .plot, body.big .meta { display:none; }
body.big .numbers b { font-size:3.2em; } body.big .card h2 { font-size:1.6em; }
.low { color:var(--alarm); }
`;
