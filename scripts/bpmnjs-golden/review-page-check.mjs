// Drives a metis-bpmn HTML review page in headless Chromium like a reviewer: click the first
// finding, hover an element. Prints one JSON line: {findings, selected, tip, errors}.
// Usage: node review-page-check.mjs PAGE.html ELEMENT_ID_TO_HOVER
import puppeteer from 'puppeteer-core';

const [page_path, hover] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox']});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + page_path);
  const items = await page.$$('aside li[data-index]');
  if (items.length) { await items[0].click(); }
  const selected = await page.$$eval('.selected', (els) => els.map((e) => e.dataset.elementId));
  await page.hover(`[data-element-id="${hover}"]`);
  const tip = await page.$eval('#tip', (e) => e.style.display === 'block' ? e.textContent : '');
  console.log(JSON.stringify({findings: items.length, selected, tip, errors}));
} finally {
  await browser.close();
}
