"""Screenshots of the documentation site, and a layout check, in headless Chromium.

Run by hand (not in CI), after a change to the docs' layout::

    python tools/screenshots.py                # builds the site into a temporary folder
    python tools/screenshots.py --site site/   # or checks a site already built

For the home page, a guide, the error catalogue, an API page and the
interpretation register (long test names), at 1280 and 390 pixels wide,
it saves a screenshot (``--out``, default
``screenshots/`` in the current folder) and checks in the browser that:

- no prose scrolls sideways: the page is no wider than the window, and no
  paragraph, list item, heading or table cell runs past the content column
  (code blocks and wide tables may scroll inside their own box: they are
  reported, not failed);
- no inline code is broken mid-word: no line break falls between two
  letters or digits of a word, or before a ``.`` (breaks after ``_``, ``.``,
  ``/``, spaces and brackets are fine, and so is a break before a capital
  that follows a small letter or digit, ``Test|D3|Forty``).

It exits with status 1 if a check fails. It needs Chromium (on Debian:
``apt-get install chromium``) and nothing beyond the standard library: the
check runs as a script injected into a copy of each page, whose result
Chromium writes into the page it dumps.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The pages checked: one of each kind a newcomer meets first.
PAGES = {
    "home": "index.html",
    "guide": "guides/many-sites/index.html",
    "errors": "reference/errors/index.html",
    "api": "reference/api/ithrive.evidence.measures/index.html",
    "register": "interpretation/index.html",
}
WIDTHS = (1280, 390)
HEIGHT = 2000

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
)

#: Runs in the page once it has loaded; writes its findings into the DOM.
CHECK = r"""
<script>
window.addEventListener("load", () => setTimeout(() => {
  const doc = document.documentElement;
  const content = document.querySelector(".md-content__inner") || document.body;
  const box = content.getBoundingClientRect();
  const out = {width: window.innerWidth, page_width: doc.scrollWidth,
               content_width: Math.round(box.width),
               prose: [], breaks: [], code_blocks: 0, code_blocks_scrolling: 0,
               tables: 0, tables_scrolling: 0};
  const name = (el) => el.tagName.toLowerCase() + ": " + el.textContent.trim().slice(0, 60);
  for (const el of content.querySelectorAll("p, li, h1, h2, h3, h4, h5, dt, dd, td, th")) {
    if (el.closest("pre, .highlight")) continue;
    const r = el.getBoundingClientRect();
    const inTable = el.closest(".md-typeset__scrollwrap");
    if (!inTable && (r.right > box.right + 4 || el.scrollWidth > el.clientWidth + 4)) {
      const wide = [...el.querySelectorAll("code, a, img")].filter(
        (c) => c.getBoundingClientRect().right > box.right + 4);
      const edge = wide.length ? wide[0].getBoundingClientRect().right : r.right;
      const what = wide.length ? "  [too wide: " + wide[0].textContent.slice(0, 60) + "]" : "";
      out.prose.push(name(el) + what + " by " + Math.round(edge - box.right) + " px");
    }
  }
  for (const pre of content.querySelectorAll("pre > code")) {
    out.code_blocks += 1;
    if (pre.scrollWidth > pre.clientWidth + 1) out.code_blocks_scrolling += 1;
  }
  for (const wrap of content.querySelectorAll(".md-typeset__table")) {
    out.tables += 1;
    const scroller = wrap.closest(".md-typeset__scrollwrap") || wrap;
    if (scroller.scrollWidth > scroller.clientWidth + 1) out.tables_scrolling += 1;
  }
  for (const code of content.querySelectorAll("code")) {
    if (code.closest("pre")) continue;
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let prevTop = null, prevChar = "";
    const text = code.textContent;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (!rects.length) continue;
        const top = Math.round(rects[0].top);
        const ch = node.data[i];
        const ident = (c) => /\w/.test(c);
        const hump = /[a-z0-9]/.test(prevChar) && /[A-Z]/.test(ch);
        const midWord = ident(prevChar) && prevChar !== "_" && (ident(ch) || ch === ".") && !hump;
        if (prevTop !== null && top > prevTop + 2 && midWord) {
          out.breaks.push(text.slice(0, 80));
        }
        prevTop = top; prevChar = ch;
      }
    }
  }
  parent.postMessage(JSON.stringify(out), "*");
}, 300));
</script>
"""

#: Chromium's headless window is at least 500 pixels wide, so each page is
#: shown in a frame of the exact width; the frame passes the findings up.
FRAME = """<!doctype html>
<html><body style="margin:0">
<iframe src="{src}" style="border:0;width:{width}px;height:{height}px"></iframe>
<script>
window.addEventListener("message", (event) => {{
  const pre = document.createElement("pre");
  pre.id = "ith-layout-check";
  pre.textContent = event.data;
  document.body.appendChild(pre);
}});
</script>
</body></html>
"""


def chromium() -> str:
    """The Chromium command, or exit with a message saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("Chromium not found: install it (Debian: apt-get install chromium)")


def run_browser(args: list[str], profile: Path) -> str:
    """Run headless Chromium with a fresh profile; its standard output."""
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    return done.stdout


def framed(source: Path, src: str, width: int) -> Path:
    """A page next to ``source`` that shows ``src`` in a frame ``width`` pixels wide."""
    frame = source.with_name("_layout_frame.html")
    frame.write_text(FRAME.format(src=src, width=width, height=HEIGHT), "utf-8")
    return frame


def check_page(site: Path, page: str, width: int, profile: Path) -> dict[str, object]:
    """The layout findings for one page at one width."""
    source = site / page
    probe = source.with_name("_layout_check.html")
    text = source.read_text("utf-8")
    probe.write_text(text.replace("</body>", CHECK + "</body>"), "utf-8")
    frame = framed(source, probe.name, width)
    try:
        dom = run_browser(
            [
                f"--window-size={max(width, 500)},{HEIGHT + 50}",
                "--virtual-time-budget=8000",
                "--dump-dom",
                frame.as_uri(),
            ],
            profile,
        )
    finally:
        probe.unlink()
        frame.unlink()
    found = re.search(r'<pre id="ith-layout-check">(.*?)</pre>', dom, re.DOTALL)
    if found is None:
        return {"error": "the check script did not run"}
    result: dict[str, object] = json.loads(found.group(1).replace("&amp;", "&"))
    return result


def screenshot(site: Path, page: str, width: int, path: Path, profile: Path) -> None:
    """Save a screenshot of the top of a page, ``width`` pixels wide."""
    source = site / page
    frame = framed(source, source.name, width)
    try:
        run_browser(
            [
                f"--window-size={max(width, 500)},{HEIGHT}",
                "--virtual-time-budget=8000",
                f"--screenshot={path}",
                frame.as_uri(),
            ],
            profile,
        )
    finally:
        frame.unlink()
    if width < 500:
        try:
            from PIL import Image  # matplotlib's dependency; without it the image keeps a margin
        except ImportError:
            return
        with Image.open(path) as image:
            image.crop((0, 0, width, image.height)).save(path)


def build_site(into: Path) -> Path:
    """Build the documentation (``mkdocs build --strict``) into a folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(into)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return into


def main(argv: list[str] | None = None) -> int:
    """Screenshot and check every page at every width; 1 if a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = False
    with tempfile.TemporaryDirectory() as work:
        site = args.site or build_site(Path(work) / "site")
        for label, page in PAGES.items():
            for width in WIDTHS:
                profile = Path(tempfile.mkdtemp(dir=work))
                shot = args.out / f"{label}-{width}.png"
                screenshot(site, page, width, shot, profile)
                result = check_page(site, page, width, profile)
                bad = (
                    "error" in result
                    or result["prose"]
                    or result["breaks"]
                    or int(str(result["page_width"])) > width
                )
                failed = failed or bool(bad)
                print(f"{'FAIL' if bad else 'ok  '} {label:7} {width:5} px  {shot}")
                for key in (
                    "error",
                    "page_width",
                    "content_width",
                    "code_blocks",
                    "code_blocks_scrolling",
                    "tables",
                    "tables_scrolling",
                ):
                    if key in result:
                        print(f"       {key}: {result[key]}")
                for key in ("prose", "breaks"):
                    for entry in list(result.get(key, []))[:10]:  # type: ignore[call-overload]
                        print(f"       {key}: {entry}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
