"""Renders a plain fixture (one cell per line, or a row's cells on its label's line) as crawlers flatten an
HTML table into text: every cell on a line of its own followed by CELL blank lines, every row's last cell by
ROW blank lines, and the other lines (prose, captions) by OTHER. Consecutive short label lines inside a table
are one header row. With `blank-zeros`, a 0 is written as an empty line (an empty cell).

    python3 one-cell-per-line.py SOURCE CELL ROW OTHER [blank-zeros] > OUTPUT

Made the *.spaced*.txt fixtures (issue 18, form 0): guangzhou-2020.zh-Hans.txt and pingtan-2021.rows.txt
with 2 4 0, and guangzhou-2020.zh-Hans.txt with 2 4 0 blank-zeros.
"""
import re
import sys


def is_number(text):
    return bool(text) and all(c.isdigit() or c in '.万元' for c in text)


def rows_of(lines):
    rows, i = [], 0
    while i < len(lines):
        line = lines[i]
        if '\t' in line or re.search(r' [0-9]', line):
            rows.append(('row', re.split(r'\t| (?=[0-9])', line)))
            i += 1
            continue
        j = i + 1
        while j < len(lines) and is_number(lines[j]):
            j += 1
        if is_number(line):
            rows.append(('row', lines[i:j]))
        elif j > i + 1:
            rows.append(('row', [line] + lines[i + 1:j]))
        else:
            rows.append(('label', [line]))
        i = j
    return rows


def main():
    source, cell_gap, row_gap, other_gap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    blank_zeros = 'blank-zeros' in sys.argv[5:]
    blocks = []
    for kind, cells in rows_of(open(source, encoding='utf-8').read().split('\n')):
        header_cell = kind == 'label' and len(cells[0]) <= 16 and not cells[0].startswith('第') and '、' not in cells[0][:3]
        if header_cell and blocks and blocks[-1][0] == 'header':
            blocks[-1][1].extend(cells)
        else:
            blocks.append(['header' if header_cell else kind, list(cells)])
    out = []
    for kind, cells in blocks:
        if kind == 'label':
            out.append(cells[0])
            out += [''] * other_gap
            continue
        for k, cell in enumerate(cells):
            out.append('' if blank_zeros and cell == '0' else cell)
            out += [''] * (cell_gap if k < len(cells) - 1 else row_gap)
    sys.stdout.write('\n'.join(out))


main()
