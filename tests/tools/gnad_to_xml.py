#!/usr/bin/env python3
"""Convert the 10kGNAD CSV (Label;'text') into the project's XML archive format.

Usage: gnad_to_xml.py CSV OUTDIR

Writes OUTDIR/<topic>/gnad-<n>.xml (one <article> each: id, title = first
sentence, topic = label, body = the rest in paragraphs) and OUTDIR.manifest.tsv
with id, topic, path, and a 6-word phrase found in that article only, for known-item tests.
Python standard library only; the data is read, never copied into the repository.
"""
import csv
import os
import re
import sys
from xml.sax.saxutils import escape

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")


def main():
    src, out = sys.argv[1], os.path.normpath(sys.argv[2])
    rows = []
    with open(src, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            if len(row) < 2:
                continue
            label, text = row[0].strip(), ";".join(row[1:]).strip()
            sentences = SENTENCE.split(text)
            title = sentences[0][:300]
            body = sentences[1:] or sentences
            paras = [" ".join(body[i:i + 4]) for i in range(0, len(body), 4)]
            rows.append((n, label, title, paras))
    # A known-item phrase must occur in one article only: count every 6-gram.
    grams = {}
    for _, _, _, paras in rows:
        words = " ".join(paras).split()
        for g in {tuple(words[i:i + 6]) for i in range(len(words) - 5)}:
            grams[g] = grams.get(g, 0) + 1
    with open(out + ".manifest.tsv", "w", encoding="utf-8") as mf:
        mf.write("id\ttopic\tpath\tphrase\tbody\n")
        for n, label, title, paras in rows:
            d = os.path.join(out, label)
            os.makedirs(d, exist_ok=True)
            path = os.path.join(d, "gnad-%04d.xml" % n)
            with open(path, "w", encoding="utf-8") as f:
                f.write('<?xml version="1.0" encoding="UTF-8"?>\n<article id="gnad-%d">\n' % n)
                f.write("  <title>%s</title>\n  <topic>%s</topic>\n  <body>\n" % (escape(title), escape(label)))
                for p in paras:
                    f.write("    <p>%s</p>\n" % escape(p))
                f.write("  </body>\n</article>\n")
            words = " ".join(paras).split()
            phrase = ""
            for i in range(len(words) // 3, max(len(words) - 6, 0)):
                window = words[i:i + 6]
                if grams.get(tuple(window)) == 1 and all(re.fullmatch(r"[^\W\d_]{2,}", w) for w in window):
                    phrase = " ".join(window)
                    break
            mf.write("gnad-%d\t%s\t%s\t%s\t%s\n" % (n, label, path, phrase, " ".join(" ".join(paras).split())))
    print("wrote %d articles to %s" % (len(rows), out), file=sys.stderr)


if __name__ == "__main__":
    main()
