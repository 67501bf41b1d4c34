"""Renders the one-cell-per-line sample as some crawlers store a page (issue 18, form 5): the whole body on one
line, paragraphs and table parts separated only by ideographic spaces (U+3000 U+3000), every table's cells run
together with no separator (captions, headers, labels and numbers alike).

    python3 one-line.py guangzhou-2020.zh-Hans.txt > guangzhou-2020.one-line.txt
"""
import re
import sys

lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
parts, table = [], ''
for line in (l.strip() for l in lines[1:]):
    # A paragraph or a section heading stands alone; table rows (本年新收…, 结转… included) run together.
    heading = re.match(r'^[一二三四五六]、', line) and not re.match(r'^[一二三四]、(本年|上年|结转)', line)
    if len(line) > 40 or heading:
        if table:
            parts.append(table)
            table = ''
        parts.append(line)
    else:
        table += line
if table:
    parts.append(table)
sys.stdout.write(lines[0] + '\n' + '\u3000\u3000'.join(parts))
