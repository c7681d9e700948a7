"""The first page a researcher sees: a cold server to the Graph page drawn, and a click to its panel.

On the real offline build of the shared catalog (602 papers; built into a temporary home
unless ``--home`` names one), in headless chromium, nothing leaving the machine:

- cold start -> drawn: a fresh ``phenomena app`` server process (the command it runs) until the
  Graph page's canvas has its nodes and links, counted in the browser (``network`` nodes and
  ``atlasLinkCount()``, which must equal the links the page's summary line names);
  baseline: a fresh Streamlit server with a one-line hello page until its text shows;
- the same with the browser's cache (a restart: ``phenomena app`` started again on the same port and the
  tab reloaded): a browser context that opened the app once, so Streamlit's frontend comes from its
  HTTP cache; the server is as cold as above; baseline: the hello page the same way;
- click -> panel: a click on a drawn paper until the side panel shows its title and
  "Open paper page", timed on the page's clock (pointerdown to the DOM change);
  baseline: a no-op button on the hello page until its rerun is drawn;
- warm reload -> drawn (the same server, a new tab), for reference.

Each is the median of ``--repeat`` runs (fresh servers for the cold starts), printed with its
ratio to its baseline and the load average (2 shared cores: read ratios, not seconds).
Targets (issue 22): cold -> drawn <= 2.5 s, click -> panel <= 0.5 s.

Run:  python -m benchmarks.bench_first_page [--repeat 3] [--clicks 5] [--home DIR]
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from app.web.launch import APP_SCRIPT, app_command
from benchmarks.bench_graph_view import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("PHENOMENA_CHROMIUM", "/usr/bin/chromium")
README = "awesome-deep-phenomena.README.c4ae61aa.md"
COLD_TARGET_S, CLICK_TARGET_S = 2.5, 0.5

HELLO = textwrap.dedent("""\
    import streamlit as st
    st.session_state.setdefault("runs", 0)
    st.session_state["runs"] += 1
    st.write("hello")
    st.button("again")
    st.write(f"runs: {st.session_state['runs']}")
""")

# Drawn: the component's canvas has nodes and links, and the links are the ones the summary names.
DRAWN_JS = """() => {
    const el = document.querySelector('iframe');
    const win = el && el.contentWindow;
    if (!win || !win.network || !win.atlasLinkCount || !el.contentDocument.body.hasAttribute('data-atlas-ready')) return null;
    const nodes = win.network.body.data.nodes.length, links = win.atlasLinkCount();
    const m = document.body.innerText.match(/Showing [^\\n]* and ([0-9,]+) links/);
    if (!m || !nodes || !links || links !== Number(m[1].replace(/,/g, ''))) return null;
    return {nodes: nodes, links: links};
}"""


def build_home(home: Path) -> None:
    """``phenomena build --offline`` of the shared catalog into ``home`` (what `up.sh` builds offline)."""
    shared = os.environ.get("PHENOMENA_SHARED_DIR")
    readme = (Path(shared) / "data" if shared else ROOT.parent / "shared" / "data") / README
    if not readme.is_file():
        raise SystemExit(f"the shared catalog README is not at {readme}: set PHENOMENA_SHARED_DIR")
    done = subprocess.run([sys.executable, "-m", "app.cli", "build", "--catalog", str(readme), "--offline"],
                          cwd=ROOT, env={**os.environ, "PHENOMENA_HOME": str(home)}, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the offline build failed: {done.stderr.strip().splitlines()[-1:]}")


def start(command: list[str], home: Path) -> tuple[subprocess.Popen, str]:
    """Spawn a server and wait (polling every 20 ms) until it answers its health check."""
    port = int(command[command.index("--server.port") + 1])
    _wait_until_free(port)
    env = {**os.environ, "PHENOMENA_HOME": str(home), "PHENOMENA_STORE": "embedded"}
    proc = subprocess.Popen(command, cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{base}/_stcore/health", timeout=1).text == "ok":
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.02)
    proc.kill()
    raise SystemExit(f"the server did not start: {' '.join(command[:5])}")


def _wait_until_free(port: int, timeout_s: float = 30) -> None:
    """A port reused by the returning-browser runs: the last server may still hold it for a moment."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is no obstacle
            try:
                sock.bind(("127.0.0.1", port))
                return
            except OSError:
                time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def command_for(script: Path, port: int | None = None) -> list[str]:
    """Plain ``streamlit run script`` with the app's flags (no warm-up of the graph: the baseline)."""
    command = app_command(port or _port())
    command[command.index(str(APP_SCRIPT))] = str(script)
    command[2] = "streamlit"
    return command


def new_page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _loopback_only(page)
    return page


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used (Linux /proc): a measure the machine's load
    inflates far less than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cold_hello(browser, script: Path, home: Path, *, port: int | None = None, context=None) -> tuple[float, float]:
    """A fresh hello server until its text shows: in a new browser context, or in ``context`` (see
    :func:`cold_graph`)."""
    page = _page_in(browser, context)
    started = time.perf_counter()
    proc, base = start(command_for(script, port), home)
    try:
        page.goto(base)
        page.get_by_text("runs: 1").wait_for(timeout=60_000)
        return time.perf_counter() - started, cpu_seconds(proc.pid)
    finally:
        page.close()
        stop(proc)


def _page_in(browser, context):
    if context is None:
        return new_page(browser)
    page = context.new_page()
    _loopback_only(page)
    return page


def cold_graph(browser, home: Path, *, port: int | None = None, context=None) -> tuple[float, float, dict]:
    """A fresh server until its Graph page is drawn: in a new browser context (nothing cached), or in
    ``context`` (a returning user's browser: its HTTP cache holds Streamlit's frontend from ``port``)."""
    page = _page_in(browser, context)
    started = time.perf_counter()
    proc, base = start(app_command(port or _port()), home)
    try:
        page.goto(f"{base}/graph")
        drawn = page.wait_for_function(DRAWN_JS, timeout=120_000).json_value()
        return time.perf_counter() - started, cpu_seconds(proc.pid), drawn
    finally:
        page.close()
        stop(proc)


def returning_browser(browser, command: list[str], home: Path, url_path: str, ready) -> object:
    """A browser context that has opened the app once (its HTTP cache filled), as a user's browser is when
    they start ``phenomena app`` again on the same port and reload the tab."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _loopback_only(page)
    proc, base = start(command, home)
    try:
        page.goto(f"{base}{url_path}")
        ready(page)
    finally:
        page.close()
        stop(proc)
    return context


def _loopback_only(page) -> None:
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
               or route.request.url.startswith(("data:", "blob:", "about:")) else route.abort())


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed_click(page, pick_js: str, done_js: str) -> float:
    """Seconds from a click's pointerdown to ``done_js`` holding, both on the page's clock."""
    page.evaluate("""done => {
        window.benchDoneAt = null; window.benchClickAt = null;
        const mark = () => { window.benchClickAt = performance.now(); };
        document.addEventListener('pointerdown', mark, {once: true, capture: true});
        const frame = document.querySelector('iframe');
        if (frame) frame.contentDocument.addEventListener('pointerdown', mark, {once: true, capture: true});
        const check = new Function('return (' + done + ')()');
        new MutationObserver((_, obs) => {
            if (check()) { window.benchDoneAt = performance.now(); obs.disconnect(); }
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""", done_js)
    point = page.evaluate(pick_js)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("() => window.benchDoneAt !== null", timeout=60_000)
    return page.evaluate("() => (window.benchDoneAt - window.benchClickAt) / 1000")


def hello_clicks(browser, script: Path, home: Path, n: int) -> list[float]:
    proc, base = start(command_for(script), home)
    page = new_page(browser)
    try:
        page.goto(base)
        page.get_by_text("runs: 1").wait_for()
        times = []
        for i in range(n):
            button = page.get_by_role("button", name="again")
            pick = ("() => { const b = [...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'again')"
                    ".getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; }")
            button.wait_for()
            times.append(timed_click(page, pick, f"() => document.body.innerText.includes('runs: {i + 2}')"))
        return times
    finally:
        page.close()
        stop(proc)


# The drawn papers, biggest first, that a click at their centre would hit (not a label or another node).
PAPERS_JS = """() => {
    const el = document.querySelector('iframe'), net = el.contentWindow.network;
    const canvas = el.contentDocument.querySelector('#mynetwork canvas').getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const papers = net.body.data.nodes.get({filter: n => String(n.kind || 'paper').toLowerCase() === 'paper'});
    papers.sort((a, b) => (b.size || 0) - (a.size || 0));
    const out = [];
    for (const n of papers) {
        const dom = net.canvasToDOM(net.getPositions([n.id])[n.id]);
        if (dom.x < 5 || dom.y < 5 || dom.x > canvas.width - 5 || dom.y > canvas.height - 5) continue;
        if (net.getNodeAt(dom) !== n.id) continue;
        out.push({id: n.id, x: box.left + canvas.left + dom.x, y: box.top + canvas.top + dom.y});
        if (out.length >= 20) break;
    }
    return out;
}"""


def graph_clicks(browser, home: Path, n: int) -> tuple[list[float], float]:
    """Clicks on ``n`` different papers in a running app, and a warm reload -> drawn before them."""
    proc, base = start(app_command(_port()), home)
    page = new_page(browser)
    try:
        page.goto(f"{base}/graph")  # the server's first page: its caches fill here
        page.wait_for_function(DRAWN_JS, timeout=120_000)
        started = time.perf_counter()
        page.reload()
        page.wait_for_function(DRAWN_JS, timeout=120_000)
        warm = time.perf_counter() - started
        page.locator("iframe").first.scroll_into_view_if_needed()
        papers = page.evaluate(PAPERS_JS)
        if len(papers) < n:
            raise SystemExit(f"only {len(papers)} papers can be clicked in the drawing")
        titles = _titles(home, [p["id"] for p in papers[:n]])
        times = []
        for paper in papers[:n]:
            done = ("() => { const p = document.querySelector('.st-key-graph_panel'); return !!p && "
                    f"p.innerText.includes({_js(titles[paper['id']])}) && p.innerText.includes('Open paper page'); }}")
            times.append(timed_click(page, f"() => ({_js_point(paper)})", done))
        return times, warm
    finally:
        page.close()
        stop(proc)


def _titles(home: Path, ids: list[str]) -> dict[str, str]:
    from graph.model.read import load_graph_model
    from graph.store.embedded.store import EmbeddedStore

    with EmbeddedStore(home / "atlas.lbug", read_only=True) as store:
        graph = load_graph_model(store)
    return {pid: re.sub(r"\s+", " ", graph.papers[pid].title).strip() for pid in ids}


def _js(text: str) -> str:
    import json

    return json.dumps(text)


def _js_point(paper: dict) -> str:
    return f"{{x: {paper['x']}, y: {paper['y']}}}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cold starts of each server")
    parser.add_argument("--clicks", type=int, default=5, help="clicks on different papers (and no-op reruns)")
    parser.add_argument("--home", type=Path, help="a built PHENOMENA_HOME (default: build the offline catalog)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    home = args.home or Path(tempfile.mkdtemp(prefix="bench-first-page-"))
    if not (home / "atlas.lbug").exists():
        started = time.perf_counter()
        build_home(home)
        print(f"offline build of the shared catalog in {time.perf_counter() - started:.1f} s ({home})")
    script = home / "hello_app.py"
    script.write_text(HELLO, encoding="utf-8")
    load_before = os.getloadavg()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        new_page(browser).close()
        hellos, graphs, hello_cpu, graph_cpu = [], [], [], []
        for run in range(args.repeat):  # interleaved, so both see the same load
            seconds, cpu = cold_hello(browser, script, home)
            hellos.append(seconds)
            hello_cpu.append(cpu)
            seconds, cpu, drawn = cold_graph(browser, home)
            graphs.append(seconds)
            graph_cpu.append(cpu)
            print(f"run {run + 1}: cold hello page {hellos[-1]:.2f} s ({hello_cpu[-1]:.2f} s server CPU) · cold Graph "
                  f"page drawn {seconds:.2f} s ({cpu:.2f} s server CPU; {drawn['nodes']} nodes, {drawn['links']} "
                  "links in the browser)")
        # A returning user: the browser has the app's frontend cached from the same port (a restart).
        port = _port()
        hello_ctx = returning_browser(browser, command_for(script, port), home, "/",
                                      lambda page: page.get_by_text("runs: 1").wait_for(timeout=60_000))
        graph_ctx = returning_browser(browser, app_command(port), home, "/graph",
                                      lambda page: page.wait_for_function(DRAWN_JS, timeout=120_000))
        back_hellos, back_graphs = [], []
        for run in range(args.repeat):
            back_hellos.append(cold_hello(browser, script, home, port=port, context=hello_ctx)[0])
            back_graphs.append(cold_graph(browser, home, port=port, context=graph_ctx)[0])
            print(f"run {run + 1}, browser with its cache: cold hello page {back_hellos[-1]:.2f} s · "
                  f"cold Graph page drawn {back_graphs[-1]:.2f} s")
        hello_ctx.close()
        graph_ctx.close()
        noop = hello_clicks(browser, script, home, args.clicks)
        clicks, warm = graph_clicks(browser, home, args.clicks)
        browser.close()
    load_after = os.getloadavg()
    hello, graph = statistics.median(hellos), statistics.median(graphs)
    click, rerun = statistics.median(clicks), statistics.median(noop)
    print("clicks -> panel: " + ", ".join(f"{c * 1000:.0f}" for c in clicks) + " ms; no-op reruns: "
          + ", ".join(f"{c * 1000:.0f}" for c in noop) + " ms")
    print(f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min; 2 cores)")
    print(f"median cold start -> Graph page drawn {graph:.2f} s (target <= {COLD_TARGET_S}) · "
          f"hello page {hello:.2f} s · ratio {graph / hello:.2f}")
    back_hello, back_graph = statistics.median(back_hellos), statistics.median(back_graphs)
    print(f"median cold start -> Graph page drawn, browser with its cache (a restart) {back_graph:.2f} s "
          f"(target <= {COLD_TARGET_S}) · hello page {back_hello:.2f} s · ratio {back_graph / back_hello:.2f}")
    print(f"median server CPU until drawn: Graph page {statistics.median(graph_cpu):.2f} s · hello page "
          f"{statistics.median(hello_cpu):.2f} s · ratio {statistics.median(graph_cpu) / statistics.median(hello_cpu):.2f}")
    print(f"median click -> panel {click * 1000:.0f} ms (target <= {CLICK_TARGET_S * 1000:.0f}) · "
          f"no-op rerun {rerun * 1000:.0f} ms · ratio {click / rerun:.2f}")
    print(f"warm reload -> Graph page drawn {warm:.2f} s")


if __name__ == "__main__":
    main()
