"""Time the report of the largest groups, part by part: each workflow, the figures, the HTML
rendering, the PDF, and the total, against the target of the HTML report (under 20 s).

Usage: ``MEGAREGION_DATA=... python benchmarks/bench_report.py [GROUP ...] [--permutations N]
[--no-pdf]`` (default groups: us-chipitts and cn-yreb, the largest US and Chinese groups).

The store is brought up to date first (``_store.ready_store``, not timed). The HTML time is the
whole path of ``megaregion report GROUP --out x.html``: workflows + figures + rendering. The
ratio column is each part's share of the HTML total, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _store import ready_store  # noqa: E402

TARGET_HTML_S = 20.0


def bench(store, group: str, n_perm: int, pdf: bool) -> dict:
    from megaregion.report import write_report
    from megaregion.report.builder import build_report

    data = os.environ.get("MEGAREGION_DATA")
    t0, c0 = time.perf_counter(), time.process_time()
    report = build_report(store, group, lang="en", data_dir=data, n_perm=n_perm)
    with tempfile.TemporaryDirectory() as tmp:
        t1, c1 = time.perf_counter(), time.process_time()
        write_report(report, Path(tmp) / "r.html", "en")
        html_total, html_cpu = time.perf_counter() - t0, time.process_time() - c0
        render, render_cpu = time.perf_counter() - t1, time.process_time() - c1
        pdf_s = None
        if pdf:
            t2, c2 = time.perf_counter(), time.process_time()
            write_report(report, Path(tmp) / "r.pdf", "en")
            pdf_s, pdf_cpu = time.perf_counter() - t2, time.process_time() - c2
    parts = {k.split(":", 1)[1]: (v, report.timings.get("cpu:" + k.split(":", 1)[1], float("nan")))
             for k, v in report.timings.items() if k.startswith("workflow:")}
    parts["figures (build)"] = (report.timings.get("figures", 0.0), float("nan"))
    parts["HTML render (figures drawn)"] = (render, render_cpu)
    print(f"\n{group}  ({n_perm} permutations; wall = elapsed, cpu = this process's processor time)")
    print(f"  {'part':32s} {'wall s':>8s} {'cpu s':>8s} {'share':>7s}")
    for k, (v, c) in parts.items():
        print(f"  {k:32s} {v:8.2f} {c:8.2f} {v / html_total:7.1%}")
    verdict = "OK" if html_total < TARGET_HTML_S else "OVER"
    print(f"  {'HTML total':32s} {html_total:8.2f} {html_cpu:8.2f}   target < {TARGET_HTML_S:.0f} s (wall): {verdict}")
    if pdf_s is not None:
        print(f"  {'PDF (render + WeasyPrint)':32s} {pdf_s:8.2f} {pdf_cpu:8.2f}")
    failed = [r.command for r in report.runs() if not r.ok]
    print(f"  sections that say why they cannot run: {', '.join(failed) or 'none'}")
    return {"group": group, "html": html_total, "pdf": pdf_s}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("groups", nargs="*", default=["us-chipitts", "cn-yreb"])
    ap.add_argument("--permutations", type=int, default=99)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()
    store = ready_store()
    with store:
        for g in args.groups:
            bench(store, g, args.permutations, not args.no_pdf)


if __name__ == "__main__":
    main()
