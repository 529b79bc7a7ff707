"""Copy Leaflet and leaflet.markercluster from the npm registry into static/vendor/.

Run once at development time (needs `npm` on PATH); the result is committed so the
app never fetches JavaScript from a CDN at run time:

    python tools/vendor_leaflet.py

Only the files a browser needs are kept (minified JS, CSS, marker images) plus each
package's licence file, because they are third-party files redistributed with the app.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "static" / "vendor"

# (npm spec, target folder, {path inside the package: path under the target folder})
PACKAGES = [
    (
        "leaflet@1.9.4",
        "leaflet",
        {
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            "dist/images/layers.png": "images/layers.png",
            "dist/images/layers-2x.png": "images/layers-2x.png",
            "dist/images/marker-icon.png": "images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "images/marker-shadow.png",
            "LICENSE": "LICENSE",
        },
    ),
    (
        "leaflet.markercluster@1.5.3",
        "leaflet.markercluster",
        {
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
            "MIT-LICENCE.txt": "LICENSE",
        },
    ),
]


def _pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True, text=True
    )
    tgz = workdir / out.stdout.strip().splitlines()[-1]
    dest = workdir / tgz.stem
    with tarfile.open(tgz) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for spec, folder, files in PACKAGES:
            pkg = _pack(spec, Path(tmp))
            target = VENDOR / folder
            if target.exists():
                shutil.rmtree(target)
            for src, dst in files.items():
                out = target / dst
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pkg / src, out)
            print(f"{spec} -> {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
