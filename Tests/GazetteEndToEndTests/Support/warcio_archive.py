#!/usr/bin/env python3
"""Writes a .warc.gz with the warcio package (PyPI), as Python crawlers write them, for Gazette's container
tests: a response for the sample, a revisit record of the same payload at another URL (warcio's own revisit,
resolved by the payload digest warcio computed), and a 404 response.

    python3 warcio_archive.py SAMPLE.txt OUT.warc.gz
"""
import io
import sys

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sample = open(sys.argv[1], encoding="utf-8").read().encode("gb18030")
with open(sys.argv[2], "wb") as output:
    writer = WARCWriter(output, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=gb18030")], protocol="HTTP/1.1")
    first = writer.create_warc_record("https://example.gov.cn/2020.txt", "response",
                                      payload=io.BytesIO(sample), http_headers=headers)
    writer.write_record(first)
    digest = first.rec_headers.get_header("WARC-Payload-Digest")
    revisit = writer.create_revisit_record("https://example.gov.cn/2020-copy.txt", digest,
                                           "https://example.gov.cn/2020.txt", first.rec_headers.get_header("WARC-Date"),
                                           http_headers=headers)
    writer.write_record(revisit)
    missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.gov.cn/missing", "response",
                                                  payload=io.BytesIO(b"not found"), http_headers=missing))
