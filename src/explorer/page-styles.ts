/** The explorer page's stylesheet, inlined into the page. */
export const PAGE_STYLES = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1f2328; }
body { display: grid; grid-template-rows: auto 1fr auto; }
header { display: flex; gap: 10px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; flex-wrap: wrap; }
header h1 { font-size: 14px; margin: 0 8px 0 0; font-weight: 600; }
header input { font: inherit; padding: 3px 6px; border: 1px solid #d0d7de; border-radius: 4px; }
#search { width: 220px; }
#outputs { width: 200px; }
#hops { width: 48px; }
button { font: inherit; padding: 3px 10px; border: 1px solid #d0d7de; border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: #eef1f4; }
#visible-count { color: #57606a; margin-left: auto; }
.search-box { position: relative; }
#search-results { position: absolute; top: 28px; left: 0; z-index: 5; background: #fff; border: 1px solid #d0d7de; border-radius: 4px; max-height: 60vh; overflow: auto; min-width: 260px; }
#search-results:empty { display: none; }
#search-results ul { list-style: none; margin: 0; padding: 4px 0; }
#search-results li a { display: block; padding: 2px 10px; }
#search-results .none { margin: 6px 10px; }
main { display: grid; grid-template-columns: 1fr 380px; min-height: 0; }
canvas { width: 100%; height: 100%; display: block; cursor: grab; background: #fff; }
aside { border-left: 1px solid #d0d7de; overflow: auto; padding: 8px 12px; }
aside h2 { font-size: 15px; margin: 6px 0; word-break: break-all; }
aside h3 { font-size: 12px; margin: 12px 0 4px; color: #57606a; text-transform: uppercase; letter-spacing: .03em; }
aside ul, aside ol { margin: 0; padding-left: 18px; }
.facts { border-collapse: collapse; width: 100%; }
.facts th { text-align: left; vertical-align: top; color: #57606a; font-weight: normal; padding: 2px 8px 2px 0; white-space: nowrap; }
.facts td { padding: 2px 0; word-break: break-word; }
pre.code { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 8px; overflow: auto; font-size: 12px; max-height: 40vh; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
.hint { color: #57606a; }
.error { color: #c62828; }
.hop { color: #57606a; font-size: 11px; }
.status-ok { color: #2e7d32; font-weight: 600; }
.status-cached { color: #1565c0; font-weight: 600; }
.status-failed { color: #c62828; font-weight: 600; }
.status-skipped, .status-running { color: #6e7781; font-weight: 600; }
#legend { display: flex; flex-wrap: wrap; gap: 12px; padding: 4px 10px; border-top: 1px solid #d0d7de; font-size: 11px; color: #57606a; }
#legend i { display: inline-block; width: 14px; height: 10px; border: 2px solid; border-radius: 3px; margin-right: 4px; vertical-align: middle; }
`;
