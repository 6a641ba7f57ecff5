// Opens a mixtape's index.html in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) from disk and checks what a listener would notice: no console errors, no
// request leaving the album folder, every <audio> reporting the duration its track has, every
// image decoded at the size its record states. Saves a full-page screenshot.
// Usage: node check_album_page.js ALBUM_DIR SCREENSHOT.png
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const [albumDir, screenshot] = process.argv.slice(2);
  if (!albumDir || !screenshot) {
    console.error('usage: node check_album_page.js ALBUM_DIR SCREENSHOT.png');
    process.exit(2);
  }
  const root = path.resolve(albumDir);
  const album = JSON.parse(fs.readFileSync(path.join(root, 'album.json'), 'utf8'));
  // Expected durations (by audio file) and picture sizes (by image file), from the records.
  const expectedSeconds = { 'mixtape.ogg': album.mix.seconds };
  const expectedSize = { 'cover.png': [1200, 1200] };
  for (const t of album.tracks) {
    const record = JSON.parse(fs.readFileSync(path.join(root, t.folder, t.folder + '.json'), 'utf8'));
    expectedSeconds[`${t.folder}/${t.folder}.ogg`] = record.duration_seconds;
    for (const f of record.files) {
      if (f.width) expectedSize[`${t.folder}/${f.name}`] = [f.width, f.height];
    }
  }

  const failures = [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const reason = r.failure() && r.failure().errorText;
    // With preload="metadata" Chromium reads a media file's header and cancels the rest of the
    // request: ERR_ABORTED on media is how that looks, not a missing file.
    if (r.resourceType() === 'media' && reason === 'net::ERR_ABORTED') return;
    failures.push(`request failed: ${r.url()} (${reason})`);
  });
  const external = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://') || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort();
  });

  await page.goto('file://' + path.join(root, 'index.html'), { waitUntil: 'load' });

  // Audio: wait for metadata of every player.
  const audios = await page.$$eval('audio', (els) => els.map((e) => e.getAttribute('src')));
  const durations = await page.evaluate(async () => {
    const wait = (a) => new Promise((resolve) => {
      if (a.readyState >= 1) return resolve(a.duration);
      a.addEventListener('loadedmetadata', () => resolve(a.duration), { once: true });
      a.addEventListener('error', () => resolve(-1), { once: true });
      a.load();
      setTimeout(() => resolve(a.readyState >= 1 ? a.duration : -2), 20000);
    });
    return Promise.all([...document.querySelectorAll('audio')].map(wait));
  });
  audios.forEach((src, i) => {
    const d = durations[i];
    const want = expectedSeconds[src];
    if (!(d > 0) || !isFinite(d)) failures.push(`audio ${src}: no duration (${d})`);
    else if (want === undefined) failures.push(`audio ${src}: not a file of the album`);
    else if (Math.abs(d - want) > 0.1) failures.push(`audio ${src}: ${d.toFixed(3)} s, the record says ${want.toFixed(3)} s`);
  });

  // Images: lazy ones load when scrolled to, so visit each, then read its natural size.
  const count = await page.$$eval('img', (els) => els.length);
  for (let i = 0; i < count; ++i) {
    await page.evaluate((k) => document.querySelectorAll('img')[k].scrollIntoView(), i);
    await page.waitForFunction((k) => { const im = document.querySelectorAll('img')[k]; return im.complete; }, i, { timeout: 20000 });
  }
  const images = await page.$$eval('img', (els) => els.map((e) => [e.getAttribute('src'), e.naturalWidth, e.naturalHeight]));
  for (const [src, w, h] of images) {
    const want = expectedSize[src];
    if (!(w > 0 && h > 0)) failures.push(`image ${src}: not decoded`);
    else if (!want) failures.push(`image ${src}: not a picture of the album`);
    else if (w !== want[0] || h !== want[1]) failures.push(`image ${src}: ${w}x${h}, the record says ${want[0]}x${want[1]}`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });
  await browser.close();

  for (const url of external) failures.push(`external request: ${url}`);
  console.log(`${audios.length} audio players, ${images.length} images, ${external.length} external requests; screenshot ${screenshot}`);
  if (failures.length) {
    for (const f of failures) console.error('FAIL ' + f);
    process.exit(1);
  }
  console.log('page OK');
}

main().catch((e) => { console.error(e); process.exit(1); });
