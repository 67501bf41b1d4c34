#!/usr/bin/env python3
"""The pipeline a user would write without Gazette, timed by gazette-bench on the same corpus.

Per document: detect the encoding with charset_normalizer, parse HTML with lxml (text as one line per
block), convert to simplified Chinese with the opencc package, and read table rows the simple way: a line
that is a label followed by numbers (or a label line followed by lines of numbers) becomes a row. Each
document becomes one JSON line, as Gazette's reports.jsonl does.

    peer.py --jobs N --out FILE LIST_OF_PATHS
Prints one JSON object: documents, failed, seconds (wall clock, after imports and worker start-up).
"""
import argparse
import json
import multiprocessing
import re
import sys
import time

import charset_normalizer
import lxml.html
import opencc

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:万元|元|件|条|个|次|人次)?$")
LABEL_THEN_NUMBERS = re.compile(r"^(\D+?)\s*((?:-?\d+(?:\.\d+)?\s*)+)$")
BLOCKS = {"p", "div", "tr", "li", "h1", "h2", "h3", "h4", "br", "table", "td", "th"}
converter = None


def init_worker():
    global converter
    converter = opencc.OpenCC("t2s")


def text_lines(data):
    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        raise ValueError("undecodable")
    text = str(match)
    head = text[:2048].lower()
    if "<html" in head or "<body" in head or "<p" in head or "<table" in head:
        root = lxml.html.fromstring(text)
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag in BLOCKS:
                element.tail = "\n" + (element.tail or "")
        text = root.text_content()
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse(path):
    with open(path, "rb") as handle:
        data = handle.read()
    lines = [converter.convert(line) for line in text_lines(data)]
    rows, label = [], None
    for line in lines:
        match = LABEL_THEN_NUMBERS.match(line)
        if match:
            rows.append({"label": match.group(1), "values": [float(v) for v in match.group(2).split()]})
            label = None
        elif NUMBER.match(line) and label is not None:
            value = float(re.sub(r"[^\d.\-]", "", line) or 0)
            if rows and rows[-1]["label"] == label:
                rows[-1]["values"].append(value)
            else:
                rows.append({"label": label, "values": [value]})
        else:
            label = line
    return {"source": path, "title": lines[0] if lines else None, "rows": rows}


def safe(path):
    try:
        return json.dumps(parse(path), ensure_ascii=False)
    except Exception as error:  # one bad document never stops the run
        return json.dumps({"source": path, "error": str(error)}, ensure_ascii=False)


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--jobs", type=int, default=1)
    arguments.add_argument("--out", required=True)
    arguments.add_argument("list")
    options = arguments.parse_args()
    with open(options.list, encoding="utf-8") as handle:
        paths = [line.strip() for line in handle if line.strip()]
    failed = 0
    if options.jobs > 1:
        pool = multiprocessing.Pool(options.jobs, initializer=init_worker)
        pool.map(abs, range(options.jobs))  # workers started before the clock
        start = time.perf_counter()
        results = pool.imap(safe, paths, chunksize=16)
    else:
        init_worker()
        start = time.perf_counter()
        results = map(safe, paths)
    with open(options.out, "w", encoding="utf-8") as out:
        for line in results:
            failed += '"error"' in line[:400] and line.startswith('{"source"') and '"rows"' not in line
            out.write(line + "\n")
    seconds = time.perf_counter() - start
    print(json.dumps({"documents": len(paths), "failed": failed, "seconds": seconds}))


if __name__ == "__main__":
    sys.exit(main())
