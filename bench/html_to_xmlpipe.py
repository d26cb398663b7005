#!/usr/bin/env python3
"""The HTML-to-text converter that feeds Sphinx's `indexer` in bench/compare.sh.

Walks DIR for *.html / *.htm files (sorted, the same files news-index and
omindex get) and writes a Sphinx xmlpipe2 stream on stdout: per page the
<title>, the visible text of <main> (of <body> when a page has no <main>;
<script>, <style>, <nav>, <header>, <footer> and <aside> dropped), and three
attributes for facets: region, topic (string) and published (Unix time).
Python stdlib only, deliberately simple: a converter a user would write.

Usage: html_to_xmlpipe.py DIR > stream.xml
With XMLPIPE_RUSAGE=FILE it writes its own CPU seconds and peak memory (KB)
there at the end: Sphinx's indexer does not wait for it, so /usr/bin/time
around the indexer misses them.
"""
import datetime
import html.parser
import os
import resource
import sys
from xml.sax.saxutils import escape

SKIP = {"script", "style", "nav", "header", "footer", "aside", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.main, self.body = [], [], []
        self.meta = {}
        self.stack = []  # open non-void elements
        self.skip = 0
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("name") or a.get("property")
            if key and "content" in a:
                self.meta.setdefault(key, a["content"] or "")
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in SKIP:
            self.skip += 1
        if tag == "main":
            self.in_main += 1
        if tag in ("p", "div", "li", "h1", "h2", "h3", "br", "td"):
            self._text(" ")

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            t = self.stack.pop()
            if t in SKIP:
                self.skip -= 1
            if t == "main":
                self.in_main -= 1
            if t == tag:
                break
        self._text(" ")

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title.append(data)
        else:
            self._text(data)

    def _text(self, data):
        if self.skip or "head" in self.stack:
            return
        (self.main if self.in_main else self.body).append(data)


def unix_time(day):
    try:
        d = datetime.date.fromisoformat(day[:10])
    except ValueError:
        return 0
    return int(datetime.datetime(d.year, d.month, d.day, tzinfo=datetime.timezone.utc).timestamp())


def clean(parts):
    return escape(" ".join(" ".join(parts).split()))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    files = []
    for root, dirs, names in os.walk(sys.argv[1]):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [os.path.join(root, n) for n in names if n.endswith((".html", ".htm"))]
    files.sort()
    out = sys.stdout
    out.write('<?xml version="1.0" encoding="utf-8"?>\n<sphinx:docset>\n<sphinx:schema>\n'
              '<sphinx:field name="title"/>\n<sphinx:field name="content"/>\n'
              '<sphinx:attr name="region" type="string"/>\n<sphinx:attr name="topic" type="string"/>\n'
              '<sphinx:attr name="published" type="timestamp"/>\n</sphinx:schema>\n')
    for docid, path in enumerate(files, 1):
        with open(path, "rb") as f:
            raw = f.read()
        p = Page()
        p.feed(raw.decode("utf-8", "replace"))
        p.close()
        text = p.main if p.main else p.body
        out.write(f'<sphinx:document id="{docid}">\n<title>{clean(p.title)}</title>\n'
                  f'<content>{clean(text)}</content>\n'
                  f'<region>{escape(p.meta.get("region", ""))}</region>\n'
                  f'<topic>{escape(p.meta.get("topic", ""))}</topic>\n'
                  f'<published>{unix_time(p.meta.get("article:published_time", ""))}</published>\n'
                  '</sphinx:document>\n')
    out.write("</sphinx:docset>\n")
    out.flush()
    if os.environ.get("XMLPIPE_RUSAGE"):
        r = resource.getrusage(resource.RUSAGE_SELF)
        with open(os.environ["XMLPIPE_RUSAGE"], "w") as f:
            f.write(f"{r.ru_utime + r.ru_stime:.2f} {r.ru_maxrss}\n")


if __name__ == "__main__":
    main()
