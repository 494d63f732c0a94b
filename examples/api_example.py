"""Rashomon from Python: analyze the demo reports, then work with the result in pandas.

Run it from the repository root:  .venv/bin/python examples/api_example.py
(The analysis reads only news files — .txt, .html, .json, … — so this script is not taken for a report.)
"""
import tempfile
from pathlib import Path

import pandas as pd

import rashomon

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)
pd.set_option("display.max_colwidth", 40)

# ## 1. Analyze a folder of reports
# `rashomon.analyze` reads files, folders or globs, annotates them, stores them in a database (a SQLite file
# here, in a temporary folder so the example leaves nothing behind; the default is ./rashomon.db) and compares
# everything stored. The first call loads the spaCy model and the gazetteer, so it takes a few seconds.
examples = Path(__file__).resolve().parent
with tempfile.TemporaryDirectory() as tmp:
    result = rashomon.analyze(examples, db=Path(tmp) / "demo.db")
print(f"{result.analyzed} reports analyzed, {len(result.errors)} rejected")

# ## 2. One DataFrame per table
# `to_pandas()` gives every layer of the rashomon/1 output as a DataFrame: documents, events, times, places,
# actors, framing, facts (one row per outlet's wording of a compared fact), provisions (of agreements) and an
# ACLED-style event table. They join on `doc` (the document id). `result.tables()` gives the same as pyarrow.
frames = result.to_pandas()
for name, frame in frames.items():
    print(f"{name:<11} {len(frame):>4} rows")

# ## 3. Events per PLOVER type, and how sure the reports are of them
# `factuality` says whether the text reports the event as happened, pledged, planned or denied.
events = frames["events"]
print(pd.crosstab(events["event_type"], events["factuality"], margins=True))

# ## 4. Fatalities per outlet
# The ACLED table counts, per event, the low bound of the reported death toll (0 when none is given, ACLED's
# convention). Summed per outlet this shows who reported how many deaths: the same deaths told by several
# outlets are counted once per report, which is the point — the stories are compared, not merged.
acled = frames["acled"]
print(acled.groupby("source", dropna=False)["fatalities"].agg(["count", "sum"]).sort_values("sum", ascending=False))

# ## 5. The ACLED-style table
# The first ACLED columns carry ACLED's own names, so scripts written for ACLED exports run on it unchanged.
print(acled[["event_id_cnty", "event_date", "event_type", "actor1", "actor2", "location", "fatalities",
             "source"]].head(10))

# ## 6. Where the outlets disagree
# Each row of `facts` is one outlet's wording of one fact; the verdict is shared by the values of that fact.
facts = frames["facts"]
print(facts[facts["verdict"] == "conflict"][["story", "aspect", "key", "outlet", "value"]])

# ## 7. Files for other tools
# The same tables as files: `rashomon export --format csv --out folder/` (or parquet) from the shell, or
#     from rashomon.present.export import export
#     export(result.output, "parquet", Path("tables"))   # tables/events.parquet, tables/acled.parquet, …
# DuckDB reads them directly: SELECT source, sum(fatalities) FROM 'tables/acled.parquet' GROUP BY source;
