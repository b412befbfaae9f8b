/**
 * The playground in headless Chromium: the page loads with no external request, a SQLi request
 * against the default rules renders a trace with the matching rule open, and lint findings
 * appear in the editor's gutter at their line. A screenshot of the trace is kept in a temp dir.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialRules } from '../../cli/commands/playground.ts';
import { inCI } from '../../core/testing.ts';
import { DEFAULT_REQUEST } from './page.ts';
import { startPlayground, type Playground } from './server.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (inCI) throw new Error(`${CHROMIUM} is missing in CI (.ci/run installs Debian's chromium)`);
  console.warn(`skipping the playground browser test: ${CHROMIUM} is not installed`);
}

describe.runIf(haveChromium)('playground in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waf-playground-'));
  let pg: Playground;
  beforeAll(async () => {
    const init = initialRules(undefined);
    pg = await startPlayground({ port: 0, virtualPath: init.virtualPath, initial: { rules: init.text, request: DEFAULT_REQUEST, pl: 1, source: init.source } });
  });
  afterAll(async () => {
    await pg.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('submits a SQLi request against the default rules and finds 142100 in the trace', async () => {
    // launch() gives the browser a fresh temporary profile (user-data dir) of its own.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(pg.url)) external.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pg.url);
      expect(await page.inputValue('#rules')).toContain('id:142100');
      await page.fill('#request', "GET /?user=admin'%20OR%201=1--%20- HTTP/1.1\nHost: localhost\nUser-Agent: curl/8.5.0\nAccept: */*\n");
      await page.selectOption('#pl', '1');
      await page.click('#run');
      const rule = page.locator('details[data-rule="142100"]');
      await rule.waitFor({ timeout: 20_000 });
      expect(await rule.getAttribute('open')).not.toBeNull();
      expect(await rule.innerText()).toMatch(/libinjection fingerprint/);
      expect(await rule.innerText()).toContain('ARGS:user');
      expect(await page.locator('.verdict').innerText()).toMatch(/403 by rule 149110/);
      const shot = join(dir, 'playground.png');
      await page.screenshot({ path: shot, fullPage: false });
      expect(statSync(shot).size).toBeGreaterThan(10_000);

      // A misspelt transformation: the linter's finding is marked at its line in the gutter.
      // Appended in the page rather than typed: Playwright's fill of ~150 KB is needlessly slow.
      const rules = await page.inputValue('#rules');
      await page.$eval('#rules', (el, text) => {
        const ta = el as unknown as { value: string; dispatchEvent(e: unknown): boolean };
        ta.value = text;
        ta.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event('input'));
      }, `${rules}\nSecRule ARGS "@rx x" "id:199999,phase:2,pass,t:lowercsae"\n`);
      await page.click('#run');
      const mark = page.locator('#gutter .error');
      await mark.waitFor({ timeout: 20_000 });
      expect(Number(await mark.first().innerText())).toBe(rules.split('\n').length + 1);
      expect(await page.locator('#diagnostics li.error').first().innerText()).toMatch(/lowercsae/);
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
