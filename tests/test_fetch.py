"""Downloading official CBP files (megaregion.io.fetch) from a local HTTP server; no internet."""

from __future__ import annotations

import functools
import http.server
import socket
import threading

import pooch
import pytest

from megaregion.errors import MegaregionError
from megaregion.io.census_cbp import read_cbp_file, write_sample_cbp
from megaregion.io.fetch import (CBP_URL_ENV, DEFAULT_CBP_URL, CachedFileChangedError,
                                 DownloadError, cbp_url, fetch_cbp, read_registry)


class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def do_GET(self):  # noqa: N802 - http.server naming
        self.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def server(tmp_path):
    """A local HTTP server serving ``<tmp>/www`` laid out like the Census datasets folder."""
    root = tmp_path / "www"
    (root / "2019").mkdir(parents=True)
    write_sample_cbp(root / "2019" / "cbp19co.zip", level="county", year=2019)
    requests: list[str] = []
    handler = type("Handler", (_Handler,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root, requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_pattern(monkeypatch):
    monkeypatch.delenv(CBP_URL_ENV, raising=False)
    assert cbp_url(2019) == f"{DEFAULT_CBP_URL}/2019/cbp19co.zip"
    assert cbp_url(2005, "metro") == f"{DEFAULT_CBP_URL}/2005/cbp05msa.zip"
    monkeypatch.setenv(CBP_URL_ENV, "http://mirror.example/cbp/")
    assert cbp_url(2019) == "http://mirror.example/cbp/2019/cbp19co.zip"
    with pytest.raises(ValueError):
        cbp_url(2019, "state")


def test_download_cache_hash_and_read(server, tmp_path):
    base, root, requests = server
    cache = tmp_path / "cache"
    [path] = fetch_cbp([2019], level="county", cache_dir=cache, base_url=base)
    assert path == cache / "cbp19co.zip" and path.is_file()
    assert requests == ["/2019/cbp19co.zip"]
    assert path.read_bytes() == (root / "2019" / "cbp19co.zip").read_bytes()
    # hash recorded in the manifest next to the files
    assert read_registry(cache) == {"cbp19co.zip": pooch.file_hash(str(path), alg="sha256")}
    assert "cbp19co.zip " in (cache / "registry.txt").read_text()

    # second call: served from the cache, the server is not asked again
    again = fetch_cbp(2019, cache_dir=cache, base_url=base, progress=False)
    assert again == [path] and len(requests) == 1

    batch = read_cbp_file(path)
    assert batch.dataset == "census/cbp19co"
    df = batch.tables["activity"].to_pandas()
    assert (df.region_id == "us:01001").any() and set(df.year) == {2019}


def test_env_var_base_url(server, tmp_path, monkeypatch):
    base, _root, requests = server
    monkeypatch.setenv(CBP_URL_ENV, base)
    [path] = fetch_cbp([2019], cache_dir=tmp_path / "c2", progress=False)
    assert path.is_file() and requests == ["/2019/cbp19co.zip"]


def test_changed_cached_file_is_refused(server, tmp_path):
    base, _root, requests = server
    cache = tmp_path / "cache"
    [path] = fetch_cbp([2019], cache_dir=cache, base_url=base, progress=False)
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(CachedFileChangedError) as err:
        fetch_cbp([2019], cache_dir=cache, base_url=base, progress=False)
    msg = str(err.value)
    assert "cbp19co.zip" in msg and "changed" in msg and "registry.txt" in msg
    assert "\n" not in msg and len(requests) == 1


def test_redownload_checked_against_recorded_hash(server, tmp_path):
    base, root, _requests = server
    cache = tmp_path / "cache"
    [path] = fetch_cbp([2019], cache_dir=cache, base_url=base, progress=False)
    path.unlink()  # user deletes the file; the server now has a revised one
    write_sample_cbp(root / "2019" / "cbp19co.zip", level="county", year=2018)
    with pytest.raises(CachedFileChangedError, match="no longer matches"):
        fetch_cbp([2019], cache_dir=cache, base_url=base, progress=False)


def test_file_placed_by_hand_is_used_without_network(tmp_path):
    cache = tmp_path / "cache"
    write_sample_cbp(cache / "cbp19msa.zip", level="metro", year=2019)
    [path] = fetch_cbp([2019], level="metro", cache_dir=cache,
                       base_url="http://127.0.0.1:9/never-contacted")
    assert path == cache / "cbp19msa.zip"
    assert "cbp19msa.zip" in read_registry(cache)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_gives_one_line_advice(tmp_path):
    base = f"http://127.0.0.1:{_closed_port()}"
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError) as err:
        fetch_cbp([2019], cache_dir=cache, base_url=base, progress=False)
    assert isinstance(err.value, MegaregionError)
    msg = str(err.value)
    assert "\n" not in msg
    assert f"{base}/2019/cbp19co.zip" in msg and "cannot be reached" in msg
    assert str(cache / "cbp19co.zip") in msg and "by hand" in msg
    assert not (cache / "cbp19co.zip").exists()


def test_missing_year_on_server(server, tmp_path):
    base, _root, _requests = server
    with pytest.raises(DownloadError, match="HTTP 404"):
        fetch_cbp([2020], cache_dir=tmp_path / "cache", base_url=base, progress=False)


def test_rich_progress_bar_when_tqdm_is_missing(server, tmp_path, monkeypatch):
    import sys

    from megaregion.io import fetch

    monkeypatch.setitem(sys.modules, "tqdm", None)  # "import tqdm" now fails
    bar = fetch._progressbar(True, "cbp19co.zip")
    assert isinstance(bar, fetch.RichProgressBar)
    assert fetch._progressbar(False, "x") is False
    base, _root, requests = server
    [path] = fetch_cbp([2019], cache_dir=tmp_path / "cache", base_url=base, progress=True)
    assert path.is_file() and requests == ["/2019/cbp19co.zip"]


def test_cli_fetch_downloads_and_imports(server, tmp_path, monkeypatch, capsys):
    """`megaregion data fetch cbp --years 2019 --level county` through the real download path."""
    from megaregion.cli.app import main
    from megaregion.store import Store

    base, _, requests = server
    monkeypatch.setenv(CBP_URL_ENV, base)
    store = tmp_path / "s.duckdb"
    try:
        main(["--store", str(store), "data", "fetch", "cbp", "--years", "2019", "--level", "county",
              "--cache", str(tmp_path / "cache")])
    except SystemExit as exc:
        assert exc.code in (0, None)
    assert requests == ["/2019/cbp19co.zip"]
    assert "census/cbp19co" in capsys.readouterr().out
    with Store(store) as s:
        n = s.con.execute("SELECT count(*) FROM activity WHERE source = 'census/cbp19co'").fetchone()[0]
    assert n > 0


def test_cli_fetch_unreachable_is_one_line(tmp_path, monkeypatch, capsys):
    from megaregion.cli.app import main

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv(CBP_URL_ENV, f"http://127.0.0.1:{port}")
    with pytest.raises(SystemExit) as exc:
        main(["--store", str(tmp_path / "s.duckdb"), "data", "fetch", "cbp", "--years", "2019",
              "--cache", str(tmp_path / "cache")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "cbp19co.zip" in err and "Traceback" not in err
