// Drives the echo server's page in headless Chromium (Debian's, through puppeteer-core), as a person would:
// open the page, wait until its WebSocket is connected, type a line, press Enter, and wait for the echo.
//   node page-test.js URL USER_DATA_DIR
// Prints OK and exits 0, or says what failed and exits 1.
const puppeteer = require('puppeteer-core');

const url = process.argv[2];
const userDataDir = process.argv[3];
const line = 'hello from Chromium ✓';

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url, { timeout: 20000 });
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('connected'),
      { timeout: 20000 });
    await page.type('#text', line);
    await page.keyboard.press('Enter');
    await page.waitForFunction((l) => document.getElementById('log').textContent.includes('echo: ' + l),
      { timeout: 20000 }, line);
    console.log('OK');
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.log('FAILED: ' + e.message);
  process.exit(1);
});
