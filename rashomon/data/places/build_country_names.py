"""Write country_names.csv: every country's name in the languages of issue #12, from CLDR (needs Babel,
which only this build script uses: `pip install babel`).

Source: the Unicode CLDR territory names (CLDR 44, read through Babel). GeoNames' countries file has one
English name per country; news in Russian, Ukrainian, Arabic, Turkish, Azerbaijani and Armenian names
countries in their own language ("Азербайджан", "السودان", "Ermənistan"). Run from the repository root:
`python rashomon/data/places/build_country_names.py`.
"""
from __future__ import annotations

import csv
from pathlib import Path

from babel import Locale

LANGUAGES = ("ru", "uk", "ar", "tr", "az", "hy")


def main() -> None:
    rows = []
    for language in LANGUAGES:
        names = Locale.parse(language).territories
        for iso, name in sorted(names.items()):
            if len(iso) == 2 and iso.isalpha() and iso not in {"ZZ", "EU", "EZ", "UN", "QO"}:
                rows.append((name, iso, language))
    out = Path(__file__).with_name("country_names.csv")
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("# Country names in ru, uk, ar, tr, az, hy from Unicode CLDR 44 (territory names, via Babel);\n"
                "# written by build_country_names.py. iso: ISO 3166 alpha-2.\n")
        writer = csv.writer(f)
        writer.writerow(["alias", "iso", "lang"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
