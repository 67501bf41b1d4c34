"""Renders a plain fixture (one cell per line, or a row's cells on its label's line) as some provinces print
their tables (issue 18, form 1): each row on one line, its label followed by its non-zero values run together,
a row of zeros as its label alone; header rows and other lines as they are.

    python3 dropped-blanks.py SOURCE > OUTPUT

Made guangzhou-2020.dropped-blanks.txt (from guangzhou-2020.zh-Hans.txt) and pingtan-2021.dropped-blanks.txt
(from pingtan-2021.rows.txt).
"""
import re
import sys


def is_number(text):
    return bool(text) and all(c.isdigit() or c in '.万元' for c in text)


def main():
    lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        cells = re.split(r'\t| (?=[0-9])', line)
        if len(cells) > 1 and all(is_number(c) for c in cells[1:]):
            out.append(cells[0] + ''.join(c for c in cells[1:] if c != '0'))
            i += 1
            continue
        j = i + 1
        while j < len(lines) and is_number(lines[j]):
            j += 1
        if j > i + 1 and not is_number(line):
            out.append(line + ''.join(v for v in lines[i + 1:j] if v != '0'))
        else:
            out.extend(lines[i:j])
        i = j
    sys.stdout.write('\n'.join(out))


main()
