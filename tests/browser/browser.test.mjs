// The search page in a real browser: Debian's headless Chromium driven by
// playwright-core against news-searchd on a loopback port. A person types a
// query, submits, sees results, narrows by a facet and pages on; once with
// JavaScript (search-as-you-type completions) and once without.
//
// Environment: NEWS_BIN_DIR (news-index, news-searchd), NEWS_CORPUS_DIR,
// NEWS_ARTIFACTS_DIR (results.png goes there), CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const binDir = process.env.NEWS_BIN_DIR;
const corpus = process.env.NEWS_CORPUS_DIR;
const artifacts = process.env.NEWS_ARTIFACTS_DIR || path.join(os.tmpdir(), "news-browser-artifacts");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--lang=de-DE"];

let work, server, base;

/** Start news-searchd on a port of its choosing; resolve with the base URL from its log. */
function startServer(db) {
  return new Promise((resolve, reject) => {
    server = spawn(path.join(binDir, "news-searchd"), ["--db", db, "--listen", "127.0.0.1:0", "--threads", "4"],
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
}

/** A fresh browser profile in the work directory. */
async function launch(options = {}) {
  const profile = fs.mkdtempSync(path.join(work, "profile-"));
  return chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: flags, locale: "de-DE", viewport: { width: 1280, height: 900 },
    ...options,
  });
}

before(async () => {
  assert.ok(binDir && corpus, "NEWS_BIN_DIR and NEWS_CORPUS_DIR must be set");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "news-browser-"));
  const db = path.join(work, "news.db");
  execFileSync(path.join(binDir, "news-index"), ["-q", "build", "--source", corpus, "--db", db], { stdio: ["ignore", "ignore", "inherit"] });
  base = await startServer(db);
  fs.mkdirSync(artifacts, { recursive: true });
});

after(() => {
  if (server && server.exitCode === null) server.kill("SIGTERM");
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The hit titles of the current page. */
const hitTitles = (page) => page.locator("ol.treffer-liste > li h2").allTextContents();

test("type, complete, submit, narrow by a facet, page on (with JavaScript)", { timeout: 120000 }, async () => {
  const browser = await launch();
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    // Two hits a page so that the small corpus has several pages.
    await page.goto(base + "/?size=2");
    assert.equal(await page.locator("html").getAttribute("lang"), "de");
    const box = page.getByLabel("Suche im Archiv");
    await box.click();
    await box.pressSequentially("Metropolreg", { delay: 40 });
    // Search-as-you-type: completions arrive in the datalist.
    await page.waitForFunction(() => document.querySelectorAll("#q-vorschlaege option").length > 0);
    const completions = await page.locator("#q-vorschlaege option").evaluateAll((os) => os.map((o) => o.value));
    assert.ok(completions.some((c) => c.toLowerCase().startsWith("metropolregion")), completions.join(", "));
    await box.fill("Metropolregion");
    await Promise.all([page.waitForURL(/[?&]q=Metropolregion/), box.press("Enter")]);

    // Results: a heading with the count, three hits with highlighted snippets.
    await assert.doesNotReject(page.locator("h1", { hasText: "Treffer für „Metropolregion“" }).waitFor());
    assert.equal((await hitTitles(page)).length, 2);
    assert.ok((await page.locator("ol.treffer-liste mark").count()) > 0);

    // Narrow by the most frequent region: the URL carries it, the facet is marked active, every hit has it.
    const facet = page.locator("aside .facette", { hasText: "Region" }).locator("a").first();
    const region = (await facet.textContent()).replace(/\s*\(\d+\)\s*$/, "").trim();
    await Promise.all([page.waitForURL(/region=/), facet.click()]);
    await assert.doesNotReject(page.locator("aside a.aktiv", { hasText: region }).waitFor());
    const metas = await page.locator("ol.treffer-liste .meta").allTextContents();
    assert.ok(metas.length > 0 && metas.every((m) => m.includes(region)), metas.join(" | "));
    const heading = await page.locator("h1").textContent();
    const total = Number(heading.match(/^([\d.]+) Treffer/)[1].replace(/\./g, ""));
    assert.ok(total > 2, `need a second page, got ${total} hits for ${region}`);

    // Page on: the second page starts at hit 3 and shares no hit with the first.
    const first = await hitTitles(page);
    await Promise.all([page.waitForURL(/page=2/), page.getByRole("link", { name: "Weiter ›" }).click()]);
    assert.equal(await page.locator("ol.treffer-liste").getAttribute("start"), "3");
    const second = await hitTitles(page);
    assert.ok(second.length > 0 && second.every((t) => !first.includes(t)));
    assert.equal(await page.locator("nav.seiten a[aria-current=page]").textContent(), "2");

    await page.screenshot({ path: path.join(artifacts, "results.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(artifacts, "results-phone.png"), fullPage: true });
  } finally {
    await browser.close();
  }
});

test("the same search works without JavaScript, and hostile input stays text", { timeout: 120000 }, async () => {
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    await page.goto(base + "/");
    await page.getByLabel("Suche im Archiv").fill("Wasserstoff");
    await Promise.all([page.waitForURL(/q=Wasserstoff/), page.getByRole("button", { name: "Suchen" }).click()]);
    assert.ok((await hitTitles(page)).length > 0);
    const topic = page.locator("aside .facette", { hasText: "Thema" }).locator("a").first();
    await Promise.all([page.waitForURL(/topic=/), topic.click()]);
    assert.ok((await hitTitles(page)).length > 0);
    // Remove the filter again from the list of active filters.
    await Promise.all([page.waitForURL((u) => !u.search.includes("topic=")),
                       page.locator(".aktive-filter a").first().click()]);

    // A misspelling offers the correction; a search without hits explains what to try.
    await page.goto(base + "/?q=" + encodeURIComponent("Fachkräftesicherng"));
    await assert.doesNotReject(page.locator(".meinten a", { hasText: "Fachkräftesicherung" }).waitFor());

    const evil = '<img src=x onerror="document.title=\'pwned\'">';
    await page.goto(base + "/?q=" + encodeURIComponent(evil));
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.getByLabel("Suche im Archiv").inputValue(), evil);
    assert.notEqual(await page.title(), "pwned");
  } finally {
    await browser.close();
  }
});
