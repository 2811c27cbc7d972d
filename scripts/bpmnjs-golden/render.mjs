#!/usr/bin/env node
// Golden reference renderings with bpmn-js in headless (system) Chromium.
//
//   node render.mjs OUTDIR INPUT...
//
// INPUT is a .bpmn file or a directory (all *.bpmn in it, not recursive, sorted).
// For every input <name>.bpmn writes
//   OUTDIR/<name>.svg       bpmn-js `saveSVG()` output (the plane that bpmn-js shows first)
//   OUTDIR/<name>.ids.json  sorted ids of the elements bpmn-js drew on that plane
//                           (element registry minus root/plane elements and labels)
// and prints one JSON line per file (timings in ms, import warnings) on stdout.
// One browser is used for all files. No network access: the page is about:blank and the
// viewer bundle is injected from node_modules.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEWER = path.join(here, 'node_modules', 'bpmn-js', 'dist', 'bpmn-viewer.production.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--font-render-hinting=none',
];

function usage(msg) {
  if (msg) process.stderr.write(`render.mjs: ${msg}\n`);
  process.stderr.write('usage: node render.mjs OUTDIR INPUT.bpmn|INPUTDIR ...\n');
  process.exit(2);
}

function collectInputs(args) {
  const files = [];
  for (const arg of args) {
    let st;
    try {
      st = fs.statSync(arg);
    } catch {
      usage(`no such file or directory: ${arg}`);
    }
    if (st.isDirectory()) {
      const names = fs.readdirSync(arg).filter((n) => n.toLowerCase().endsWith('.bpmn')).sort();
      for (const n of names) files.push(path.join(arg, n));
    } else {
      files.push(arg);
    }
  }
  const seen = new Map();
  for (const f of files) {
    const name = path.basename(f).replace(/\.bpmn$/i, '');
    if (seen.has(name) && seen.get(name) !== f) usage(`two inputs map to the same output name ${name}: ${seen.get(name)} ${f}`);
    seen.set(name, f);
  }
  return [...seen.entries()].map(([name, file]) => ({ name, file }));
}

// Decode per the XML declaration: ISO-8859-1/latin1/windows-1252 as latin1, everything else
// as UTF-8 (bpmn-js receives a string either way; it only warns about the declared encoding).
function readXml(file) {
  const buf = fs.readFileSync(file);
  const head = buf.subarray(0, 200).toString('latin1');
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const enc = m ? m[1].toLowerCase() : 'utf-8';
  const latin1 = ['iso-8859-1', 'latin1', 'latin-1', 'iso8859-1', 'windows-1252', 'cp1252'].includes(enc);
  let text = buf.toString(latin1 ? 'latin1' : 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

// diagram-js gives every arrow marker a random id (marker-<25 random chars>). Renumber them
// marker-1, marker-2, ... in order of first appearance so that goldens are byte-reproducible.
function normaliseMarkerIds(svg) {
  const map = new Map();
  return svg.replace(/\bmarker-[0-9a-z]{8,}\b/g, (m) => {
    if (!map.has(m)) map.set(m, `marker-${map.size + 1}`);
    return map.get(m);
  });
}

// Runs inside the page.
async function renderInPage(xml) {
  const t = () => performance.now();
  const container = document.createElement('div');
  container.style.width = '1600px';
  container.style.height = '1200px';
  document.body.appendChild(container);
  const viewer = new window.BpmnJS({ container });
  try {
    const t0 = t();
    let warnings = [];
    let importError = null;
    try {
      const result = await viewer.importXML(xml);
      warnings = (result.warnings || []).map((w) => String(w.message || w));
    } catch (err) {
      importError = String(err && err.message ? err.message : err);
      warnings = ((err && err.warnings) || []).map((w) => String(w.message || w));
    }
    const t1 = t();
    if (importError) {
      return { importError, warnings, importMs: t1 - t0 };
    }
    const { svg } = await viewer.saveSVG();
    const t2 = t();

    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    const activeRoot = canvas.getRootElement();
    const rootOf = (el) => {
      let e = el;
      while (e.parent) e = e.parent;
      return e;
    };
    const drawn = [];
    const otherPlanes = [];
    for (const el of registry.getAll()) {
      if (!el.parent) continue; // root / plane elements
      if (el.type === 'label' || el.labelTarget) continue; // external labels
      (rootOf(el) === activeRoot ? drawn : otherPlanes).push(el.id);
    }
    drawn.sort();
    otherPlanes.sort();
    const t3 = t();
    return {
      svg,
      ids: drawn,
      otherPlaneIds: otherPlanes,
      root: activeRoot.id,
      warnings,
      importMs: t1 - t0,
      saveSvgMs: t2 - t1,
      idsMs: t3 - t2,
    };
  } finally {
    viewer.destroy();
    container.remove();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length < 2 || argv.includes('-h') || argv.includes('--help')) usage();
  const [outDir, ...inputArgs] = argv;
  const inputs = collectInputs(inputArgs);
  if (!inputs.length) usage('no .bpmn inputs');
  if (!fs.existsSync(VIEWER)) usage(`missing ${VIEWER}; run npm ci in ${here}`);
  fs.mkdirSync(outDir, { recursive: true });

  const tStart = performance.now();
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  let failures = 0;
  try {
    const tLaunch = performance.now();
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: VIEWER });
    const tInject = performance.now();
    process.stdout.write(
      JSON.stringify({
        event: 'browser',
        chromium: await browser.version(),
        launchMs: Math.round(tLaunch - tStart),
        injectMs: Math.round(tInject - tLaunch),
      }) + '\n',
    );

    for (const { name, file } of inputs) {
      const f0 = performance.now();
      const xml = readXml(file);
      let res;
      try {
        res = await page.evaluate(renderInPage, xml);
      } catch (err) {
        res = { importError: `page error: ${err && err.message ? err.message : err}`, warnings: [] };
      }
      const line = { file, name };
      if (res.importError) {
        failures += 1;
        Object.assign(line, { ok: false, error: res.importError, warnings: res.warnings });
      } else {
        const svg = normaliseMarkerIds(res.svg);
        fs.writeFileSync(path.join(outDir, `${name}.svg`), svg.endsWith('\n') ? svg : svg + '\n');
        fs.writeFileSync(path.join(outDir, `${name}.ids.json`), JSON.stringify(res.ids, null, 1) + '\n');
        Object.assign(line, {
          ok: true,
          root: res.root,
          elements: res.ids.length,
          otherPlaneElements: res.otherPlaneIds.length,
          importMs: Math.round(res.importMs),
          saveSvgMs: Math.round(res.saveSvgMs),
          idsMs: Math.round(res.idsMs),
          totalMs: Math.round(performance.now() - f0),
          warnings: res.warnings,
        });
        if (res.otherPlaneIds.length) line.otherPlaneIds = res.otherPlaneIds;
      }
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(
    JSON.stringify({ event: 'done', files: inputs.length, failures, wallMs: Math.round(performance.now() - tStart) }) + '\n',
  );
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`render.mjs: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
