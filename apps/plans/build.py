"""Builds the shipped compilation of declared priorities (fixtures/demo/plans/) from the raw files
(../shared/data/raw/declared_priorities/): the rows copied as compiled, with a manifest recording each raw
file's checksum, the compilation's own description of its sources and caveats, and what each column is.
Run by `manage.py build_demo_data`; nothing at run time reads the raw files."""

import hashlib
import json
import shutil
from pathlib import Path

RAW = "declared_priorities"
CITATION = "31个省（区、市）和15个主要城市规划中列出的重点产业汇编（“十四五”规划纲要、产业规划、未来产业行动方案、政府工作报告，逐条注明来源）"
CAVEAT = (
    "Coverage is uneven: emerging industries for all 31 provinces (some lists partial), future industries "
    "for 18 provinces with a 14th-FYP-era list, several city chain lists partial. A region or industry missing "
    "here may simply not have been found: absence is unknown, not 'not declared'. Each row's confidence says how "
    "far to trust it."
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_plans(source: Path, target: Path) -> dict:
    folder = source / RAW
    target.mkdir(parents=True, exist_ok=True)
    declared, stated = folder / "declared_priorities.csv", folder / "aggregates.csv"
    shutil.copyfile(declared, target / "declared_priorities.csv")
    shutil.copyfile(stated, target / "stated_counts.csv")
    rows = sum(1 for _ in declared.open(encoding="utf-8")) - 1
    manifest = {
        "about": "Declared priorities shipped with Yindi, copied by `manage.py build_demo_data` (apps/plans/build.py) "
        "from the compilation in data/raw/declared_priorities/ (its README.md describes how it was made); "
        "`manage.py load_demo_data` loads them through the declared-priorities upload.",
        "declared": {
            "file": "declared_priorities.csv",
            "citation": CITATION,
            "rows": rows,
            "caveat": CAVEAT,
            "raw_files": {f"{RAW}/declared_priorities.csv": _sha256(declared)},
            "sha256": _sha256(target / "declared_priorities.csv"),
        },
        "stated": {
            "file": "stated_counts.csv",
            "citation": "来源自行给出的地区数统计（新闻报道、智库评论）",
            "raw_files": {f"{RAW}/aggregates.csv": _sha256(stated)},
        },
    }
    (target / "DATA_NOTICE.md").write_text(
        "# Data notice: declared priorities\n\n"
        f"- declared_priorities.csv ({rows} rows): {CITATION}. Source page and confidence on every row.\n"
        f"- Caveat: {CAVEAT}\n"
        "- stated_counts.csv: counts of regions stated by the sources themselves, each with its source and how "
        "reliable it is.\n"
        "- Collected from: the public pages named in each row's `source` column (see data/raw/declared_priorities/"
        "README.md); the wording of plans is quoted as published.\n",
        encoding="utf-8",
    )
    (target / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest
