// Drives a metis-bpmn HTML review page in headless Chromium like a reviewer: read the legend,
// click the first finding and then the last, hover an element, zoom with the wheel and the
// keys, drag, fit. Prints one JSON line (views are {k, x, y}: zoom and offset of the diagram):
// {findings, legend, states, selected, steps, second: {selected, steps, active}, tip,
//  views: {first, beforeWheel, wheel, wheelAt, plus, minus, drag, fit, fitButton}, fits,
//  print: {transform, toolbar, fitsWidth, listFollows}, errors}
// PRINT_SHOT=FILE.png also saves the page as printed (media print) for a person to look at.
// Usage: node review-page-check.mjs PAGE.html [ELEMENT_ID_TO_HOVER]
import puppeteer from 'puppeteer-core';

const [page_path, hover] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox']});

async function view(page) {
  return page.$eval('#diagram > svg', (svg) => {
    const m = svg.style.transform.match(/translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/);
    return m ? {x: Number(m[1]), y: Number(m[2]), k: Number(m[3])} : null;
  });
}

async function highlighted(page) {
  return {
    selected: await page.$$eval('#diagram .selected', (els) => els.map((e) => e.dataset.elementId)),
    steps: await page.$$eval('#diagram .step-marker', (els) => els.map((e) => e.textContent)),
    active: await page.$$eval('aside li.active', (els) => els.map((e) => e.dataset.index)),
  };
}

try {
  const page = await browser.newPage();
  await page.setViewport({width: 1400, height: 900});
  const errors = [];
  page.on('console', (m) => errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + page_path);
  const report = {errors};
  report.legend = await page.$$eval('.legend li', (els) => els.map((e) => e.textContent.trim()));
  report.states = await page.$$eval('#diagram [data-element-id]', (els) => Object.fromEntries(
    els.map((e) => [e.dataset.elementId, [...e.classList].find((c) => c.startsWith('state-'))])
      .filter(([, state]) => state)));
  const views = {first: await view(page)};
  const items = await page.$$('aside li[data-index]');
  report.findings = items.length;
  if (items.length) {
    await items[0].click();
    Object.assign(report, await highlighted(page));
    await items[items.length - 1].click();
    report.second = await highlighted(page);
    await page.keyboard.press('Escape');
  }
  report.tip = '';
  if (hover) {
    await page.hover(`[data-element-id="${hover}"]`);
    report.tip = await page.$eval('#tip', (e) => e.style.display === 'block' ? e.textContent : '');
  }
  const box = await page.$eval('#diagram', (e) => {
    const r = e.getBoundingClientRect();
    return {left: r.left, top: r.top, width: r.width, height: r.height};
  });
  const at = {x: box.left + box.width / 3, y: box.top + box.height / 3};
  await page.mouse.move(at.x, at.y);
  // Clicking a finding brings its elements into view: the wheel starts from this view.
  views.beforeWheel = await view(page);
  await page.mouse.wheel({deltaY: -200});
  views.wheel = await view(page);
  views.wheelAt = {x: at.x - box.left, y: at.y - box.top};
  await page.keyboard.press('+');
  views.plus = await view(page);
  await page.keyboard.press('-');
  views.minus = await view(page);
  await page.mouse.down();
  await page.mouse.move(at.x + 100, at.y + 50, {steps: 5});
  await page.mouse.up();
  views.drag = await view(page);
  await page.keyboard.press('0');
  views.fit = await view(page);
  report.fits = await page.$eval('#diagram > svg', (svg) => {
    const r = svg.getBoundingClientRect(), v = svg.parentElement.getBoundingClientRect();
    return r.left >= v.left && r.top >= v.top && r.right <= v.right && r.bottom <= v.bottom;
  });
  await page.keyboard.press('+');
  await page.click('#fit');
  views.fitButton = await view(page);
  report.views = views;
  await page.emulateMediaType('print');
  report.print = await page.$eval('#diagram > svg', (svg) => ({
    transform: getComputedStyle(svg).transform,
    toolbar: getComputedStyle(document.querySelector('.toolbar')).display,
    fitsWidth: svg.getBoundingClientRect().width <= document.body.clientWidth,
    listFollows: document.querySelector('aside').getBoundingClientRect().top >=
      svg.getBoundingClientRect().bottom,
  }));
  if (process.env.PRINT_SHOT) { await page.screenshot({path: process.env.PRINT_SHOT, fullPage: true}); }
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
