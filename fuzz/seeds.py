#!/usr/bin/env python3
"""Write the seed corpus of one fuzz target into a directory (scripts/fuzz).

Seeds come from corpus/, from the inputs the unit tests use (the string
literals of their sources) and, where ../shared is present, from the
extraction development pages; nothing is copied into the repository.
"""

import argparse
import hashlib
import json
import pathlib
import re
import subprocess
import sys

RAW = re.compile(r'R"([^(\s]{0,16})\((.*?)\)\1"', re.S)
PLAIN = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
ESCAPES = {"n": b"\n", "t": b"\t", "r": b"\r", "0": b"\0", '"': b'"', "\\": b"\\", "'": b"'", "?": b"?",
           "a": b"\a", "b": b"\b", "f": b"\f", "v": b"\v"}


def unescape(s: str) -> bytes:
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c != "\\" or i + 1 == len(s):
            out += c.encode()
            i += 1
            continue
        e = s[i + 1]
        if e == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", s[i + 2:])
            if m:
                out.append(int(m.group(0), 16))
                i += 2 + len(m.group(0))
                continue
        out += ESCAPES.get(e, e.encode())
        i += 2
    return bytes(out)


def literals(path: pathlib.Path):
    """The string literals of a C++ source, raw and plain."""
    text = path.read_text(encoding="utf-8")
    for m in RAW.finditer(text):
        yield m.group(2).encode()
    for m in PLAIN.finditer(RAW.sub("", text)):
        yield unescape(m.group(1))


def files(root: pathlib.Path, *patterns):
    for pattern in patterns:
        yield from (p for p in sorted(root.glob(pattern)) if p.is_file())


def seeds_html(repo, shared, _):
    for p in files(repo / "corpus/html", "**/*.html", "**/*.htm"):
        yield p.read_bytes()
    for p in files(repo / "indexer", "html_*_test.cpp", "file_reader_test.cpp"):
        yield from (s for s in literals(p) if b"<" in s)
    pages = shared / "data/extraction-dev/pages"
    if pages.is_dir():
        yield from (p.read_bytes() for p in files(pages, "*"))


def seeds_xml(repo, _shared, _):
    for p in files(repo / "corpus", "xml/*.xml", "feeds/*"):
        yield p.read_bytes()
    for p in files(repo / "indexer", "xml_reader_test.cpp", "file_reader_test.cpp", "indexer_test.cpp"):
        yield from (s for s in literals(p) if s.lstrip().startswith(b"<"))


def seeds_dates(repo, _shared, _):
    for p in files(repo / "indexer", "dates_test.cpp"):
        yield from literals(p)
    # Date lines as pages and feeds write them.
    for p in files(repo / "corpus", "**/*.html", "**/*.xml", "**/*.rss", "**/*.atom"):
        text = p.read_bytes()
        for m in re.finditer(rb"(?:datetime|content)=\"([^\"]{6,40})\"|<(?:date|pubDate|published|updated)>([^<]{6,40})<", text):
            yield m.group(1) or m.group(2)


def seeds_query(repo, _shared, _):
    filters = [b"", b"\nregion=Rhein-Neckar", b"\ntopic=Verkehr\nsort=date", b"\nfrom=2024-01-01\nto=2024-12-31",
               b"\nlimit=3\noffset=2\nexplain=1", b"\nfacets=0\nsnippets=0\ncollapse=0\nrecency=1"]
    queries = set()
    for line in (repo / "tests/relevance/queries.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            queries.add(line.split("\t")[0].encode())
    for p in files(repo / "searcher", "query_builder_test.cpp", "searcher_test.cpp"):
        queries.update(s for s in literals(p) if 0 < len(s) < 200 and b"\n" not in s)
    for m in re.finditer(r"`([^`\n]+)`", (repo / "docs/query-language.md").read_text(encoding="utf-8")):
        queries.add(m.group(1).encode())
    for i, q in enumerate(sorted(queries)):
        yield q + filters[i % len(filters)]
    yield b"\nlike=corpus/xml/ikm-tagungen.xml#1"


def seeds_params(repo, _shared, _):
    for p in files(repo / "web", "params_test.cpp", "url_test.cpp", "cgi_test.cpp", "api_test.cpp"):
        yield from (s for s in literals(p) if b"=" in s or b"%" in s)


def seeds_stored(repo, _shared, news_index):
    for p in files(repo, "searcher/stored_article_test.cpp", "schema/document_data_test.cpp"):
        yield from (s for s in literals(p) if s.startswith(b"{"))
    if not news_index:
        return
    # The data the indexer stores: the article's JSON without the body, a newline, the body.
    for p in files(repo / "corpus", "**/*.html", "**/*.xml", "**/*.rss", "**/*.atom"):
        run = subprocess.run([news_index, "inspect", "--format", "json", str(p)], capture_output=True)
        if run.returncode != 0:
            continue
        out = json.loads(run.stdout)
        for a in out if isinstance(out, list) else [out]:
            body = a.pop("body", "")
            yield json.dumps(a, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" + body.encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("target", choices=["html", "xml", "dates", "query", "params", "stored"])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--news-index", help="news-index executable (stored: the corpus's document data)")
    args = ap.parse_args()
    repo = pathlib.Path(__file__).resolve().parent.parent
    shared = repo.parent / "shared"
    args.out.mkdir(parents=True, exist_ok=True)
    count = 0
    for seed in globals()["seeds_" + args.target](repo, shared, args.news_index):
        if seed:
            (args.out / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
            count += 1
    print(f"{args.target}: {count} seeds in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
