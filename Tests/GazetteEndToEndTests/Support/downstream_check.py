#!/usr/bin/env python3
"""Loads a Gazette output folder the ways users do (DuckDB, pandas, Python's sqlite3) and prints the sample's
figures, found with plain queries, as one JSON object. Run by GazetteEndToEndTests/DownstreamTests.

    python3 downstream_check.py OUT_FOLDER
"""
import json
import sqlite3
import sys

import duckdb
import pandas

out = sys.argv[1]
figures = {}

# DuckDB straight on the files.
figures["duckdb_applications_received"] = duckdb.sql(f"""
    SELECT agency, year, value FROM read_csv_auto('{out}/cells.csv')
    WHERE "table" = 'applications' AND "row" = 'new' AND "column" = 'total'""").fetchall()
figures["duckdb_cells"] = duckdb.sql(f"SELECT count(*) FROM read_csv_auto('{out}/cells.csv')").fetchall()[0][0]
figures["duckdb_reports"] = duckdb.sql(f"""
    SELECT agency, year, template FROM read_json_auto('{out}/reports.jsonl')""").fetchall()

# pandas.
cells = pandas.read_csv(f"{out}/cells.csv")
withheld = cells[(cells["table"] == "applications") & (cells["row"].str.startswith("outcome.withheld.")) & (cells["column"] == "total")]
figures["pandas_withheld_total"] = float(withheld["value"].sum())
reports = pandas.read_json(f"{out}/reports.jsonl", lines=True)
figures["pandas_failed_checks"] = int(sum(check["ok"] is False for tables in reports["tables"] for table in tables for check in table["checks"]))

# sqlite3.
connection = sqlite3.connect(f"{out}/gazette.sqlite")
figures["sqlite_procurement_amount"] = connection.execute(
    "SELECT value, unit, raw FROM cells WHERE table_key = 'active.item9' AND column_key = 'amount'").fetchone()
figures["sqlite_failed_checks"] = connection.execute("SELECT count(*) FROM checks WHERE ok = 0").fetchone()[0]
figures["sqlite_checks"] = connection.execute("SELECT count(*) FROM checks").fetchone()[0]

print(json.dumps(figures, ensure_ascii=False))
