"""Places page: a sortable table of the article's places, and downloads."""

from __future__ import annotations

import json
import re

import streamlit as st

from geo.export import to_csv, to_geojson, to_kml
from pages.shared import current_article, header

article = current_article()
result = article.result
header(article)

rows = [
    {
        "name": rp.name, "type": rp.place.feature_type, "country": rp.place.country_code,
        "lat": round(rp.place.lat, 5), "lon": round(rp.place.lon, 5), "mentions": len(rp.mentions),
        "score": round(rp.score, 2), "source": rp.place.source, "corrected": rp.corrected,
    }
    for rp in result.places if rp.place is not None
]
# st.dataframe shows cells as text (never HTML) and sorts by any column header.
st.dataframe(rows, width="stretch", hide_index=True, key="places.table",
             column_config={"corrected": st.column_config.CheckboxColumn("corrected by you")})

stem = re.sub(r"[^A-Za-z0-9]+", "-", article.title).strip("-").lower()[:60] or "article"
c1, c2, c3 = st.columns(3)
c1.download_button("Download GeoJSON", json.dumps(to_geojson(result, title=article.title), ensure_ascii=False, indent=1),
                   file_name=f"{stem}.geojson", mime="application/geo+json", key="places.geojson")
c2.download_button("Download CSV", to_csv(result), file_name=f"{stem}.csv", mime="text/csv", key="places.csv")
c3.download_button("Download KML", to_kml(result, title=article.title), file_name=f"{stem}.kml",
                   mime="application/vnd.google-earth.kml+xml", key="places.kml")

if result.unresolved:
    st.markdown(f"**Unresolved names** ({len(result.unresolved)})")
    st.dataframe([{"name": rp.name, "mentions": len(rp.mentions), "reason": rp.reason} for rp in result.unresolved],
                 width="stretch", hide_index=True, key="places.unresolved")
