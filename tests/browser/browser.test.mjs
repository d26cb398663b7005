// The search page in a real browser: Debian's headless Chromium driven by
// playwright-core against news-searchd on a loopback port. A person types a
// query, submits, sees results, narrows by a facet and pages on; once with
// JavaScript (completions as an ARIA combobox, results while typing) and once
// without. Every state of the page is audited with axe-core (WCAG 2.1 AA) at
// three widths and photographed, the keyboard walk reaches every control with
// a visible focus, the timeline filters, the Suchtipps examples search, and
// the page's weight is printed.
//
// Environment: NEWS_BIN_DIR (news-index, news-searchd), NEWS_CORPUS_DIR,
// NEWS_ARTIFACTS_DIR (screenshots go there), NEWS_AXE_DIR (axe-core installed
// by run.sh; without it the audit is skipped), NEWS_DOCS_DIR (accessibility.md),
// CHROMIUM (default /usr/bin/chromium).
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
const docsDir = process.env.NEWS_DOCS_DIR || path.join(import.meta.dirname || ".", "../../docs");
const axeFile = process.env.NEWS_AXE_DIR ? path.join(process.env.NEWS_AXE_DIR, "node_modules/axe-core/axe.min.js") : "";
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--lang=de-DE"];

/** The WCAG 2.1 A and AA rules of axe-core; no rule is disabled. */
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const widths = [{ name: "desktop", width: 1280, height: 900 }, { name: "390px", width: 390, height: 844 },
                { name: "320px", width: 320, height: 640 }];
/** Most pages of the audit; the weight limit of one search (HTML + CSS + JS). */
const maxPageBytes = 100 * 1024;

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

/** The browser's first page; `problems` collects Content-Security-Policy violations and script errors. */
async function firstPage(browser) {
  const page = browser.pages()[0] || (await browser.newPage());
  page.problems = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) page.problems.push("CSP violation: " + m.text());
  });
  page.on("pageerror", (e) => page.problems.push("script error: " + e.message));
  return page;
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
/** The number in "12 Treffer für …", or -1. */
async function hitCount(page) {
  const h1 = await page.locator("main h1").textContent();
  const m = h1.match(/^(?:etwa )?([\d.]+) Treffer/);
  return m ? Number(m[1].replace(/\./g, "")) : -1;
}

/** Type into the search box and wait for the results of what was typed (search.js). */
async function typeAndWait(page, text) {
  const box = page.getByLabel("Suche im Archiv");
  await box.click();
  await box.pressSequentially(text, { delay: 40 });
  await page.waitForFunction((t) => document.querySelector("#suche-status").textContent.includes("„" + t + "“") &&
                                    !document.querySelector("main[aria-busy]"), text);
}

// The states of the page that are audited; `name` is how docs/accessibility.md lists them.
const states = [
  { id: "start", name: "Startseite ohne Suche", url: "/" },
  { id: "treffer", name: "Trefferliste", url: "/?q=Metropolregion" },
  { id: "keine-treffer", name: "Keine Treffer", url: "/?q=Quallenzuchtbetrieb" },
  { id: "meinten-sie", name: "Meinten Sie", url: "/?q=" + encodeURIComponent("Fachkräftesicherng") + "&correct=0" },
  { id: "korrigiert", name: "Ergebnisse der Korrektur", url: "/?q=" + encodeURIComponent("Fachkräftesicherng") },
  { id: "filter", name: "Filter gesetzt", url: "/?q=Metropolregion&region=Mitteldeutschland&topic=" + encodeURIComponent("Fachkräfte") },
  { id: "fehler", name: "Fehlermeldung", url: "/?q=Hafen&from=2024-13-45" },
  { id: "seite-2", name: "Seite 2", url: "/?q=Metropolregion&size=3&page=2" },
  { id: "zeitleiste", name: "Zeitleiste mit Zeitraum", url: "/?q=Metropolregion&from=2024-01-01&to=2024-12-31",
    prepare: async (page) => page.locator(".zeitleiste-tabelle summary").click() },
  { id: "suchtipps", name: "Suchtipps", url: "/suchtipps" },
  { id: "beim-tippen", name: "Ergebnisse beim Tippen", url: "/",
    prepare: async (page) => {
      await typeAndWait(page, "Wasserstoff");
      await page.waitForSelector("#q-vorschlaege:not([hidden])", { timeout: 5000 }).catch(() => {});
    } },
];

test("type, complete, submit, narrow by a facet, page on (with JavaScript)", { timeout: 120000 }, async () => {
  const browser = await launch();
  try {
    const page = await firstPage(browser);
    // Two hits a page so that the small corpus has several pages.
    await page.goto(base + "/?size=2");
    assert.equal(await page.locator("html").getAttribute("lang"), "de");
    const box = page.getByLabel("Suche im Archiv");
    assert.equal(await box.getAttribute("role"), "combobox");
    await box.click();
    await box.pressSequentially("Metropolreg", { delay: 40 });
    // Completions: a listbox the box controls, its options reached with the arrow keys.
    await page.waitForSelector("#q-vorschlaege [role=option]");
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    assert.equal(await box.getAttribute("aria-controls"), "q-vorschlaege");
    const completions = await page.locator("#q-vorschlaege [role=option]").allTextContents();
    assert.ok(completions.some((c) => c.toLowerCase().startsWith("metropolregion")), completions.join(", "));
    await box.press("ArrowDown");
    const first = await page.locator("#q-vorschlaege [role=option]").first().getAttribute("id");
    assert.equal(await box.getAttribute("aria-activedescendant"), first);
    assert.equal(await page.locator("#" + first).getAttribute("aria-selected"), "true");
    if (completions.length > 1) {
      await box.press("ArrowDown");
      assert.notEqual(await box.getAttribute("aria-activedescendant"), first);
      await box.press("ArrowUp");
      assert.equal(await box.getAttribute("aria-activedescendant"), first);
    }
    assert.ok(await box.evaluate((e) => e === document.activeElement), "focus stays in the box");
    await box.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    assert.equal(await box.getAttribute("aria-activedescendant"), null);
    // Enter on an option takes it and searches.
    await box.press("ArrowDown");
    const taken = await page.locator("#" + (await box.getAttribute("aria-activedescendant"))).textContent();
    await Promise.all([page.waitForEvent("load"), box.press("Enter")]);
    assert.equal(new URL(page.url()).searchParams.get("q"), taken);
    await box.fill("Metropolregion");
    await Promise.all([page.waitForEvent("load"), box.press("Enter")]);
    assert.equal(new URL(page.url()).searchParams.get("q"), "Metropolregion");

    // Results: a heading with the count, two hits with highlighted snippets, German dates.
    await assert.doesNotReject(page.locator("h1", { hasText: "Treffer für „Metropolregion“" }).waitFor());
    assert.equal((await hitTitles(page)).length, 2);
    assert.ok((await page.locator("ol.treffer-liste mark").count()) > 0);
    const dates = await page.locator("ol.treffer-liste time").allTextContents();
    assert.ok(dates.length > 0 && dates.every((d) => /^\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}$/.test(d)), dates.join(", "));

    // Narrow by the most frequent region: the URL carries it, the facet is marked active, every hit has it.
    const facet = page.locator("aside .facette", { hasText: "Region" }).locator("a").first();
    const region = (await facet.textContent()).replace(/\s*\(\d+\)\s*$/, "").trim();
    await Promise.all([page.waitForURL(/region=/), facet.click()]);
    await assert.doesNotReject(page.locator("aside a.aktiv", { hasText: region }).waitFor());
    const metas = await page.locator("ol.treffer-liste .meta").allTextContents();
    assert.ok(metas.length > 0 && metas.every((m) => m.includes(region)), metas.join(" | "));
    const total = await hitCount(page);
    assert.ok(total > 2, `need a second page, got ${total} hits for ${region}`);

    // Page on: the second page starts at hit 3 and shares no hit with the first.
    const firstHits = await hitTitles(page);
    await Promise.all([page.waitForURL(/page=2/), page.getByRole("link", { name: "Weiter ›" }).click()]);
    assert.equal(await page.locator("ol.treffer-liste").getAttribute("start"), "3");
    const second = await hitTitles(page);
    assert.ok(second.length > 0 && second.every((t) => !firstHits.includes(t)));
    assert.equal(await page.locator("nav.seiten a[aria-current=page]").textContent(), "2");
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

test("results while typing: debounced, announced, URL in step, back button, no jump", { timeout: 120000 }, async () => {
  const browser = await launch();
  try {
    const page = await firstPage(browser);
    await page.goto(base + "/");
    const pageRequests = [];
    page.on("request", (r) => { if (new URL(r.url()).pathname === "/" && r.resourceType() === "fetch") pageRequests.push(r.url()); });
    const box = page.getByLabel("Suche im Archiv");
    const before = await box.boundingBox();
    // One request per pause, not per key: eleven keystrokes at once are one search.
    await box.evaluate((e) => {
      for (const c of "Wasserstoff") { e.value += c; e.dispatchEvent(new Event("input", { bubbles: true })); }
    });
    await page.waitForFunction(() => document.querySelector("#suche-status").textContent.includes("„Wasserstoff“"));
    assert.equal(pageRequests.length, 1, pageRequests.join(" "));
    await box.fill("");
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Suche im Nachrichtenarchiv");
    await typeAndWait(page, "Wasserstoff");
    assert.match(await page.locator("#suche-status").textContent(), /^\d+ Treffer für „Wasserstoff“$/);
    assert.equal(new URL(page.url()).searchParams.get("q"), "Wasserstoff");
    assert.ok((await hitTitles(page)).length > 0);
    assert.ok((await page.locator(".zeitleiste svg").count()) === 1, "the timeline comes with the results");
    assert.deepEqual(await box.boundingBox(), before, "the search box does not move when results arrive");
    assert.ok(await box.evaluate((e) => e === document.activeElement), "focus stays in the box");
    // A quick correction replaces the entry of this run of typing (no entry per word).
    await box.press("End");
    await box.pressSequentially(" Hamburg", { delay: 30 });
    await page.waitForFunction(() => document.querySelector("#suche-status").textContent.includes("Hamburg"));
    assert.equal(new URL(page.url()).searchParams.get("q"), "Wasserstoff Hamburg");
    const shared = page.url();
    const hits = await hitTitles(page);

    // Back: the start page again, and the box empty.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Suche im Nachrichtenarchiv");
    assert.equal(new URL(page.url()).search, "");
    assert.equal(await box.inputValue(), "");
    // Forward, and the shared link in a fresh tab: the same hits.
    await page.goForward();
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent.includes("Hamburg"));
    const other = await browser.newPage();
    await other.goto(shared);
    assert.deepEqual(await hitTitles(other), hits);
    await other.close();
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

test("results while typing: a newer search cancels the one in flight", { timeout: 60000 }, async () => {
  const browser = await launch();
  try {
    const page = await firstPage(browser);
    await page.goto(base + "/");
    // A slow server: every search takes 2 s, so the first one is still in flight when typing goes on
    // (600 ms left 100 ms of margin: on a loaded CI machine the first search ended before the next began).
    await page.route((u) => u.pathname === "/" && u.search.includes("q="), async (route) => {
      await new Promise((r) => setTimeout(r, 2000));
      await route.continue().catch(() => {});  // aborted meanwhile
    });
    const aborted = [];
    page.on("requestfailed", (r) => { if (r.resourceType() === "fetch") aborted.push(r.url() + " " + r.failure().errorText); });
    const box = page.getByLabel("Suche im Archiv");
    await box.click();
    await box.pressSequentially("Wasser", { delay: 20 });
    await page.waitForTimeout(400);  // past the pause: the search for "Wasser" has started
    await box.pressSequentially("stoff", { delay: 20 });
    await page.waitForFunction(() => document.querySelector("#suche-status").textContent.includes("„Wasserstoff“"));
    // (On a slow machine the pause may come earlier, after "Wasse": any earlier search counts.)
    assert.ok(aborted.some((a) => /\/\?q=W\w* net::ERR_ABORTED$/.test(a) && !a.includes("q=Wasserstoff ")), aborted.join(" | "));
    // The aborted search never showed: the results are those of the last words.
    assert.equal(await page.locator("main h1").textContent(), await page.locator("#suche-status").textContent());
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

test("the timeline: bars filter to their period, the filter shows on it, months when close", { timeout: 120000 }, async () => {
  for (const javaScriptEnabled of [true, false]) {
    const browser = await launch({ javaScriptEnabled });
    try {
      const page = await firstPage(browser);
      await page.goto(base + "/?q=Metropolregion");
      await assert.doesNotReject(page.locator("#zeitleiste-titel", { hasText: "Treffer nach Jahren" }).waitFor());
      const bar = page.locator(".zeitleiste svg a").last();
      const label = await bar.getAttribute("aria-label");
      const year = label.match(/^(\d{4}): ([\d.]+) Treffer/);
      assert.ok(year, label);
      assert.equal(await bar.locator("title").textContent(), `${year[1]}: ${year[2]} Treffer`);
      await Promise.all([page.waitForURL(new RegExp(`from=${year[1]}-01-01&to=${year[1]}-12-31`)), bar.click()]);
      const dates = await page.locator("ol.treffer-liste time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")));
      assert.ok(dates.length > 0 && dates.every((d) => d.startsWith(year[1])), dates.join(", "));
      assert.equal(await page.locator(".zeitleiste svg a[aria-current=true]").count(), 1);
      await assert.doesNotReject(page.locator(".zeitleiste-filter", { hasText: `01.01.${year[1]} – 31.12.${year[1]}` }).waitFor());
      // The table says the same as the bars.
      const rows = await page.locator(".zeitleiste-tabelle tbody tr").count();
      assert.equal(rows, await page.locator(".zeitleiste svg a").count() + (await page.locator(".zeitleiste-tabelle td", { hasText: /^0$/ }).count()));
      // The active bar's link removes the filter again.
      await Promise.all([page.waitForURL((u) => !u.search.includes("from=")), page.locator(".zeitleiste svg a[aria-current=true]").click()]);
      assert.deepEqual(page.problems, []);
    } finally {
      await browser.close();
    }
  }
  const browser = await launch();
  try {
    const page = await firstPage(browser);
    await page.goto(base + "/?q=Photonik");  // two articles a few months apart
    await assert.doesNotReject(page.locator("#zeitleiste-titel", { hasText: "Treffer nach Monaten" }).waitFor());
    assert.match(await page.locator(".zeitleiste svg a").first().getAttribute("aria-label"), /^(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}: /);
    await page.goto(base + "/?topic=Verkehr");  // browse mode: filters only
    assert.ok((await page.locator(".zeitleiste svg a").count()) > 0);
    // It prints, and scales with the page.
    await page.emulateMedia({ media: "print" });
    assert.ok((await page.locator(".zeitleiste svg").boundingBox()).height > 0);
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 320, height: 640 });
    const svg = await page.locator(".zeitleiste svg").boundingBox();
    assert.ok(svg.width > 200 && svg.width <= 320, JSON.stringify(svg));
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

test("the same search works without JavaScript, and hostile input stays text", { timeout: 120000 }, async () => {
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = await firstPage(browser);
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
    // Dates typed the German way.
    await page.getByLabel("Erschienen ab").fill("01.01.2022");
    await page.getByLabel("Erschienen bis").fill("31.12.2022");
    await Promise.all([page.waitForURL(/from=01.01.2022/), page.getByRole("button", { name: "Anwenden" }).click()]);
    const dates = await page.locator("ol.treffer-liste time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")));
    assert.ok(dates.length > 0 && dates.every((d) => d.startsWith("2022")), dates.join(", "));
    assert.equal(await page.getByLabel("Erschienen ab").inputValue(), "01.01.2022");

    // A misspelling offers the correction; a search without hits explains what to try.
    await page.goto(base + "/?q=" + encodeURIComponent("Fachkräftesicherng") + "&correct=0");
    await assert.doesNotReject(page.locator(".meinten a", { hasText: "Fachkräftesicherung" }).waitFor());

    const evil = '<img src=x onerror="document.title=\'pwned\'">';
    await page.goto(base + "/?q=" + encodeURIComponent(evil));
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.getByLabel("Suche im Archiv").inputValue(), evil);
    assert.notEqual(await page.title(), "pwned");
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

test("every Suchtipps example searches and finds something", { timeout: 120000 }, async () => {
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = await firstPage(browser);
    await page.goto(base + "/");
    await Promise.all([page.waitForURL(/\/suchtipps$/), page.locator("#q-hinweis a", { hasText: "Suchtipps" }).click()]);
    const examples = await page.locator("a.beispiel").evaluateAll((as) => as.map((a) => [a.textContent, a.href]));
    assert.ok(examples.length >= 10, `${examples.length} examples`);
    for (const [text, href] of examples) {
      const response = await page.goto(href);
      assert.equal(response.status(), 200, text);
      const n = await hitCount(page);
      assert.ok(n > 0, `example ${text}: ${await page.locator("main h1").textContent()}`);
      console.log(`Suchtipps example ${text}: ${n} Treffer`);
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

test("security headers, no inline script or style, robots, page weight", { timeout: 120000 }, async () => {
  const browser = await launch();
  try {
    const page = await firstPage(browser);
    const bytes = { html: 0, css: 0, js: 0 }, reading = [];
    page.on("response", (r) => {
      const type = r.request().resourceType();
      const kind = type === "document" ? "html" : type === "stylesheet" ? "css" : type === "script" ? "js" : null;
      if (kind) reading.push(r.body().then((b) => { bytes[kind] += b.length; }));
    });
    const response = await page.goto(base + "/?q=Metropolregion");
    await page.waitForLoadState("networkidle");
    await Promise.all(reading);
    page.removeAllListeners("response");
    const csp = response.headers()["content-security-policy"];
    assert.ok(csp && /script-src 'self'/.test(csp) && /style-src 'self'/.test(csp), csp);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), csp);
    const total = bytes.html + bytes.css + bytes.js;
    console.log(`page weight of a search: HTML ${bytes.html} B, CSS ${bytes.css} B, JS ${bytes.js} B, total ${total} B`);
    assert.ok(total <= maxPageBytes, `page weight ${total} B > ${maxPageBytes} B`);
    assert.equal(await page.locator('meta[name=robots][content=noindex]').count(), 1);
    await page.goto(base + "/");
    assert.equal(await page.locator('meta[name=robots]').count(), 0, "the start page may be indexed");
    const tips = await page.goto(base + "/suchtipps");
    assert.ok(!/unsafe-inline/.test(tips.headers()["content-security-policy"]));
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

/** Headings in order: one h1 first, no level skipped going down. */
async function checkHeadings(page, where) {
  const levels = await page.locator("h1, h2, h3, h4, h5, h6").evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  assert.equal(levels[0], 1, `${where}: first heading ${levels}`);
  assert.equal(levels.filter((l) => l === 1).length, 1, `${where}: one h1 (${levels})`);
  for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `${where}: headings ${levels}`);
}

/** No inline script, no style attribute, no event handler attribute (the CSP would block them). */
async function checkNoInline(page, where) {
  const inline = await page.evaluate(() => {
    const out = [];
    document.querySelectorAll("script:not([src]), style, [style]").forEach((e) => out.push(e.outerHTML.slice(0, 80)));
    document.querySelectorAll("*").forEach((e) => {
      for (const a of e.attributes) if (/^on/i.test(a.name)) out.push(e.tagName + " " + a.name);
    });
    return out;
  });
  assert.deepEqual(inline, [], where);
}

test("accessibility: axe-core finds no WCAG 2.1 AA violation in any state at any width", { timeout: 400000 }, async (t) => {
  const doc = fs.readFileSync(path.join(docsDir, "accessibility.md"), "utf8");
  for (const s of states) assert.ok(doc.includes(s.name), `docs/accessibility.md lists the audited state „${s.name}“`);
  const axe = axeFile && fs.existsSync(axeFile) ? fs.readFileSync(axeFile, "utf8") : null;
  if (!axe) console.log("SKIPPED: needs axe-core from npm (the audit; the checks below run without it)");
  const browser = await launch();
  const summary = [];
  try {
    const page = await firstPage(browser);
    for (const w of widths) {
      await page.setViewportSize({ width: w.width, height: w.height });
      for (const s of states) {
        const where = `${s.name} at ${w.name}`;
        await page.goto(base + s.url);
        if (s.prepare) await s.prepare(page);
        assert.equal(await page.locator("html").getAttribute("lang"), "de", where);
        await checkHeadings(page, where);
        await checkNoInline(page, where);
        // Reflow (WCAG 1.4.10): nothing wider than the window, even at 320 CSS pixels (= 1280 at 400 %).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${where}: ${overflow} px wider than the window`);
        if (w.name !== "320px")
          await page.screenshot({ path: path.join(artifacts, `${s.id}-${w.name}.png`), fullPage: true });
        if (s.id === "treffer" && w.name === "desktop")
          await page.screenshot({ path: path.join(artifacts, "screenshot.png") });  // README's docs/screenshot.png
        if (!axe) continue;
        // Evaluated through the DevTools protocol: the page's CSP does not apply to the audit's own script.
        await page.evaluate(axe);
        const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags },
                                                                          resultTypes: ["violations"] }), wcagTags);
        const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ` +
                                                        v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
        summary.push(`${where}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
        assert.deepEqual(violations, [], where);
      }
    }
    if (axe) {
      // The audit can fail: an image without text and a field without label on the same page are found.
      await page.evaluate(() => document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="x.png"><input type="text">'));
      const broken = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), wcagTags);
      const ids = broken.violations.map((v) => v.id);
      assert.ok(ids.includes("image-alt") && ids.includes("label"), ids.join(", "));
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
  console.log(summary.join("\n"));
  if (!axe) t.skip("SKIPPED: needs axe-core from npm");
});

test("keyboard only: every control reachable by Tab, with a visible focus", { timeout: 120000 }, async () => {
  const browser = await launch();
  try {
    const page = await firstPage(browser);
    for (const url of ["/?q=Metropolregion&region=Mitteldeutschland&size=3", "/", "/suchtipps"]) {
      await page.goto(base + url);
      // The timeline's table open (its links too), then the walk starts at the top of the page.
      await page.evaluate(() => { for (const d of document.querySelectorAll("details")) d.open = true; });
      await page.mouse.click(1, 1);
      const controls = await page.evaluate(() => {
        const all = document.querySelectorAll("a[href], button, input:not([type=hidden]), summary, select, textarea");
        return [...all].filter((e) => e.getClientRects().length > 0 || e.closest("svg")).length;
      });
      const seen = new Set();
      let first = null;
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(() => {
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          const all = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), summary, select, textarea")];
          const cs = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          return { index: all.indexOf(e), text: (e.getAttribute("aria-label") || e.textContent || e.name || "").trim().slice(0, 40),
                   outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
                   onScreen: r.width > 0 && r.height > 0 && r.left >= 0 };
        });
        if (!f) break;  // past the last control
        if (f.index === first) break;
        if (first === null) {
          first = f.index;
          assert.equal(f.text, "Zum Inhalt springen", `${url}: the first Tab reaches the skip link`);
        }
        assert.ok(f.outline, `${url}: no visible focus on „${f.text}“`);
        assert.ok(f.onScreen, `${url}: focused „${f.text}“ is not on screen`);
        seen.add(f.index);
      }
      assert.equal(seen.size, controls, `${url}: ${seen.size} of ${controls} controls reached by Tab`);
      console.log(`keyboard walk ${url}: ${seen.size} controls, each with a visible focus`);
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});
