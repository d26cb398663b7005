// The click beacon in a real browser: with statistics on, opening a hit
// sends one POST /api/click with the query and the hit's rank, the link goes
// straight to the article (no redirect through the search), and nothing is
// stored in the browser (no cookie, no local storage).
//
// Environment: as browser.test.mjs (NEWS_BIN_DIR, NEWS_CORPUS_DIR, CHROMIUM).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const binDir = process.env.NEWS_BIN_DIR;
const corpus = process.env.NEWS_CORPUS_DIR;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--lang=de-DE"];

let work, server, base, statsDb;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "news-klick-"));
  const db = path.join(work, "news.db");
  statsDb = path.join(work, "stats.db");
  execFileSync(path.join(binDir, "news-index"), ["-q", "build", "--source", corpus, "--db", db], { stdio: ["ignore", "ignore", "inherit"] });
  base = await new Promise((resolve, reject) => {
    server = spawn(path.join(binDir, "news-searchd"),
                   ["--db", db, "--listen", "127.0.0.1:0", "--threads", "2", "--stats-db", statsDb, "--stats-min-count", "1"],
                   { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    const timer = setTimeout(() => reject(new Error("news-searchd did not start: " + log)), 20000);
    server.stderr.on("data", (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on("exit", (code) => reject(new Error(`news-searchd exited with ${code}: ${log}`)));
  });
});

after(() => {
  if (server && server.exitCode === null) server.kill("SIGTERM");
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("opening a hit sends one beacon with query and rank, and stores nothing in the browser", { timeout: 120000 }, async () => {
  const profile = fs.mkdtempSync(path.join(work, "profile-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: flags, locale: "de-DE", viewport: { width: 1280, height: 900 },
  });
  try {
    // The articles are on other sites: answer them here instead of the internet.
    await browser.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>Artikel</title>" }));
    const page = browser.pages()[0] || (await browser.newPage());
    const beacons = [];
    page.on("request", (r) => { if (r.url().endsWith("/api/click")) beacons.push(r); });
    await page.goto(base + "/?q=Metropolregion");
    const links = page.locator("ol.treffer-liste > li h2 a");
    assert.ok((await links.count()) >= 2, "at least two hits with links");
    const href = await links.nth(1).getAttribute("href");
    await Promise.all([page.waitForURL(href), links.nth(1).click()]);
    await page.waitForTimeout(500);
    assert.equal(beacons.length, 1);
    assert.equal(beacons[0].method(), "POST");
    assert.equal(new URLSearchParams(beacons[0].postData()).get("q"), "Metropolregion");
    assert.equal(new URLSearchParams(beacons[0].postData()).get("r"), "2");
    assert.equal(page.url(), href);  // straight to the article, no redirect
    assert.deepEqual(await browser.cookies(), []);
    await page.goto(base + "/?q=Metropolregion");
    assert.equal(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length), 0);
    // Counted: news-searchd writes once a second.
    await page.waitForTimeout(1500);
    const report = JSON.parse(execFileSync(path.join(binDir, "news-search"),
                                           ["stats", "--stats-db", statsDb, "--format", "json"]).toString());
    assert.equal(report.click_through_by_rank.find((r) => r.rank === 2).clicks, 1);
  } finally {
    await browser.close();
  }
});
