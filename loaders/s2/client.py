"""The one door to the Semantic Scholar API: pacing, retries, cache, request count.

A thin client on ``httpx`` + ``tenacity`` rather than the ``semanticscholar``
package, because that package (0.12) drops the ``null`` entries of a batch
answer (so results cannot be mapped to ids by position), retries only 429 with
a fixed 5-60 s wait and ignores ``Retry-After``, does not retry 5xx or
timeouts (a 502 silently becomes ``{}``, a 504 HTML body crashes in
``r.json()``), opens a new connection per request with no hook to count
requests, has no cache and no pacing, and logs request headers (the API key)
at DEBUG level.

Every request goes through :meth:`S2Client.request`, which

* answers from the on-disk cache when it can (0 requests on a warm cache),
* keeps to ``requests_per_second`` (1/s with a key, 1 per 3 s without),
* retries 429 (``Retry-After`` honoured up to ``max_wait`` seconds, shown as a
  countdown line on stderr, else exponential backoff with jitter), 5xx,
  timeouts, resets and malformed bodies a bounded number of times,
* gives every request one deadline for connect + headers + body (``timeout``),
  reads at most ``max_answer_bytes`` of an answer, and stops asking once the
  client's total time (``deadline``, e.g. one build's) is used up
  (:mod:`loaders.s2.transfer`),
* maps failures to :class:`graph.errors.SourceUnreachable` (offline) or
  :class:`graph.errors.SourceError` (anything else), with one-line messages
  that never carry the API key.
"""
from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from typing import Any, Callable

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from graph.errors import ConfigError, SourceError, SourceUnreachable
from graph.redact import redact_url
from loaders.s2.cache import ResponseCache, request_key
from loaders.s2.transfer import AnswerTooLarge, DeadlinePassed, countdown, exchange

__all__ = ["S2Client", "S2NotFound", "DEFAULT_API_URL", "RATE_WITH_KEY", "RATE_WITHOUT_KEY"]

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.semanticscholar.org"
# The documented pace for a key is 1 request/s across endpoints.  Without a key
# requests share one public pool that answers 429 readily; one request every
# 3 s keeps a full catalog build (a handful of batch calls) quick while
# leaving room for everyone else, and 429s are retried anyway.
RATE_WITH_KEY = 1.0
RATE_WITHOUT_KEY = 1.0 / 3.0
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 300.0  # never wait longer than this on a server's word
MAX_WAIT = 60.0  # the default cap on one Retry-After wait (--max-wait)
MAX_ANSWER_BYTES = 32 * 1024 * 1024  # the API caps answers near 10 MB; past this an answer is refused
Check = Callable[[Any], "str | None"]  # None when an answer has the expected shape
OFFLINE_HINT = "building without citations; run `phenomena build` again when online"


class S2NotFound(SourceError):
    """404: the API does not know the paper (or no title matched)."""


class _Transient(Exception):
    """A failure worth another try; ``retry_after`` is the server's wish in seconds."""

    def __init__(self, message: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


def _retry_after_seconds(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _error_text(response) -> str:
    """The API's own words: ``{"error": ...}`` (application) or ``{"message": ...}`` (gateway)."""
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        return response.reason or f"HTTP {response.status}"
    if isinstance(data, dict):
        text = data.get("error") or data.get("message")
        if isinstance(text, str) and text:
            return " ".join(text.split())[:200]
    return response.reason or f"HTTP {response.status}"


class S2Client:
    """HTTP client for the Academic Graph API; ``requests_made`` counts what went on the wire.

    Parameters
    ----------
    base_url : the part before ``/graph/v1`` (``S2_API_URL``).
    api_key : sent as ``x-api-key``; only ever from settings, never logged.
    requests_per_second : pace; ``None`` picks 1/s with a key, 1/3 s without.
    cache_dir : folder of the response cache; ``None`` disables caching.
    ttl_days : age after which a cached answer is fetched again.
    refresh : ignore cached answers (but still store the new ones).
    timeout : seconds one try may take, connect + headers + whole body (connect alone is capped at 10 s).
    max_wait : longest wait on a ``Retry-After`` (seconds); a longer wish is cut to it.
    max_answer_bytes : largest answer read; a larger one is refused while it streams.
    deadline : seconds this client may spend in all (e.g. one build); afterwards every request
        not in the cache fails at once with a one-line :class:`SourceError`.
    max_retries : extra attempts after a 429, 5xx, timeout, reset or malformed body.
    backoff, max_backoff : first and largest exponential-backoff wait in seconds.
    sleep : the sleep function (tests pass a fast one).
    seed : seed of the jitter, for reproducible waits.
    offline : never touch the network; answer from the cache only (a miss
        raises :class:`SourceUnreachable`), so ``--offline`` builds keep the
        citations an earlier online build cached.

    Example (against a local server)::

        with S2Client("http://127.0.0.1:8000", cache_dir=tmp, requests_per_second=100) as client:
            papers = client.request("POST", "/graph/v1/paper/batch",
                                    {"fields": "title"}, {"ids": ["ARXIV:2201.02177"]})
    """

    def __init__(self, base_url: str = DEFAULT_API_URL, api_key: str | None = None,
                 requests_per_second: float | None = None, cache_dir=None, ttl_days: float = 30.0,
                 refresh: bool = False, timeout: float = 60.0, max_retries: int = 5,
                 backoff: float = 2.0, max_backoff: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep, seed: int | None = None,
                 offline: bool = False, max_wait: float = MAX_WAIT, max_answer_bytes: int = MAX_ANSWER_BYTES,
                 deadline: float | None = None):
        if requests_per_second is None:
            requests_per_second = RATE_WITH_KEY if api_key else RATE_WITHOUT_KEY
        if requests_per_second <= 0:
            raise ConfigError("S2_REQUESTS_PER_SECOND must be a positive number: fix it in the environment or .env")
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"S2_API_URL={redact_url(base_url)!r} is not an http(s) URL: "
                              "fix it in the environment or .env")
        self.base_url = base_url.rstrip("/")
        self.public_url = redact_url(self.base_url)  # the one fit for messages: no user:password
        self.min_interval = 1.0 / float(requests_per_second)
        self.cache = ResponseCache(cache_dir, ttl_days) if cache_dir is not None else None
        self.refresh = refresh
        self.offline = offline
        self.max_retries = max(0, int(max_retries))
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.requests_made = 0
        self.cache_hits = 0
        self.waits: list[float] = []  # backoff waits taken, for reports and tests
        if max_wait < 0 or timeout <= 0 or (deadline is not None and deadline <= 0):
            raise ConfigError("the Semantic Scholar timeout and deadline must be positive and --max-wait "
                              "not negative: fix the option")
        self.timeout = float(timeout)
        self.max_wait = float(max_wait)
        self.max_answer_bytes = int(max_answer_bytes)
        self.deadline = deadline
        self._ends_at = None if deadline is None else time.monotonic() + deadline
        self._socket: list = [None]  # the one connection's socket (loaders.s2.transfer)
        self._sleep = sleep
        self._last_failure, self._asked_wait = "", None  # what the countdown line says
        self._rng = random.Random(seed)
        self._next_slot = 0.0
        headers = {"User-Agent": "phenomena-atlas (+https://github.com/MinghuiChen43/awesome-deep-phenomena)"}
        if api_key:
            headers["x-api-key"] = api_key
        self._http = httpx.Client(
            base_url=self.base_url, headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),  # one request at a time
        )

    def __repr__(self) -> str:  # no key here, ever
        return f"S2Client({self.public_url!r}, requests_made={self.requests_made})"

    def __enter__(self) -> "S2Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- public -------------------------------------------------------------
    def get(self, path: str, params: dict | None = None, check: Check | None = None) -> Any:
        return self.request("GET", path, params, check=check)

    def post(self, path: str, params: dict | None = None, body: Any = None, check: Check | None = None) -> Any:
        return self.request("POST", path, params, body, check=check)

    def request(self, method: str, path: str, params: dict | None = None, body: Any = None,
                check: Check | None = None) -> Any:
        """The JSON answer of one request, from the cache or the API.

        ``check(data)`` returns ``None`` when the answer has the expected
        shape, else what is wrong: such an answer is retried like a malformed
        body and never cached.  Raises :class:`S2NotFound` on 404 (cached too:
        "unknown" is an answer), :class:`SourceUnreachable` when the host
        cannot be reached, and :class:`SourceError` for everything else that
        retries did not fix.
        """
        key = request_key(method, path, params, body)
        if self.cache is not None and not self.refresh:
            hit = self.cache.get(key)
            if hit is not None and (hit[0] != 200 or check is None or check(hit[1]) is None):
                self.cache_hits += 1
                return self._answer(*hit)
        if self.offline:
            raise SourceUnreachable(
                f"Semantic Scholar answer not cached and --offline forbids the network ({method} {path}): "
                f"{OFFLINE_HINT}")
        if self._ends_at is not None and time.monotonic() > self._ends_at:
            raise SourceError(f"Semantic Scholar: the {self.deadline:g} s this run may spend asking is used up "
                              f"({method} {path} not sent): run again to continue (finished requests are cached)")
        status, data = self._send_with_retries(method, path, params, body, check)
        if self.cache is not None:
            try:
                self.cache.put(key, status, data)
            except OSError as exc:  # the build goes on; only resuming is lost
                log.warning("cannot write the Semantic Scholar cache in %s (%s)", self.cache.directory, exc)
        return self._answer(status, data)

    # -- internals ----------------------------------------------------------
    @staticmethod
    def _answer(status: int, data: Any) -> Any:
        if status == 404:
            raise S2NotFound(f"Semantic Scholar does not know it ({data})")
        return data

    def _pace(self) -> None:
        now = time.monotonic()
        if self._next_slot > now:
            self._sleep(self._next_slot - now)
            now = time.monotonic()
        self._next_slot = max(now, self._next_slot) + self.min_interval

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            wait = min(exc.retry_after, MAX_RETRY_AFTER, self.max_wait)
        else:  # exponential with "equal jitter": half fixed, half random
            ceiling = min(self.max_backoff, self.backoff * 2 ** (state.attempt_number - 1))
            wait = ceiling / 2 + self._rng.uniform(0, ceiling / 2)
        if self._ends_at is not None:  # never sleep past the run's deadline
            wait = max(0.0, min(wait, self._ends_at - time.monotonic()))
        self.waits.append(wait)
        log.info("Semantic Scholar: %s; retrying in %.1f s", exc, wait)
        return wait

    def _retry_sleep(self, seconds: float) -> None:
        """Short backoffs sleep quietly; a wait of 2 s or more, or one cut short by --max-wait, is a
        countdown line on stderr."""
        asked = self._asked_wait
        if seconds < 2 and not (asked is not None and asked > seconds):
            self._sleep(seconds)
            return
        why = (f"asked to wait {asked:.0f} s, waiting at most {self.max_wait:.0f} (--max-wait)"
               if asked is not None and asked > seconds else "retrying")
        countdown(seconds, f"{self._last_failure}; {why}", sleep=self._sleep)

    def _send_with_retries(self, method, path, params, body, check) -> tuple[int, Any]:
        retrying = Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            sleep=self._retry_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._send_once(method, path, params, body, check)
        except _Transient as exc:
            tries = self.max_retries + 1
            if exc.status == 429:
                raise SourceError(
                    f"Semantic Scholar kept answering 429 Too Many Requests ({tries} tries on {path}): "
                    "set S2_API_KEY or lower S2_REQUESTS_PER_SECOND, then run again (finished requests are cached)"
                ) from exc
            raise SourceError(
                f"Semantic Scholar failed on {method} {path} after {tries} tries ({redact_url(str(exc))}): "
                "run again later (finished requests are cached)"
            ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_once(self, method, path, params, body, check) -> tuple[int, Any]:
        try:
            return self._send_one_try(method, path, params, body, check)
        except _Transient as exc:  # for the countdown line
            self._last_failure, self._asked_wait = str(exc), exc.retry_after
            raise

    def _send_one_try(self, method, path, params, body, check) -> tuple[int, Any]:
        self._pace()
        self.requests_made += 1
        try:
            response = exchange(self._http, method, path, params=params, body=body, deadline_s=self.timeout,
                                max_bytes=self.max_answer_bytes, current_socket=self._socket)
        except DeadlinePassed as exc:
            raise _Transient(f"no whole answer within {self.timeout:g} s") from exc
        except AnswerTooLarge as exc:
            size = f"{exc.size / 2**20:.0f} MB" if exc.exact else f"over {self.max_answer_bytes / 2**20:.0f} MB"
            raise SourceError(f"Semantic Scholar's answer to {method} {path} is {size}, more than the "
                              f"{self.max_answer_bytes / 2**20:.0f} MB this client reads; skipped") from None
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            reason = redact_url(str(exc).splitlines()[0]) if str(exc) else type(exc).__name__
            raise SourceUnreachable(
                f"Semantic Scholar is unreachable at {self.public_url} ({reason}): {OFFLINE_HINT}"
            ) from exc
        except httpx.TimeoutException as exc:
            raise _Transient(f"no answer within the timeout ({type(exc).__name__})") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.DecodingError) as exc:
            raise _Transient(f"connection broken ({type(exc).__name__}: {redact_url(str(exc))})") from exc
        except httpx.HTTPError as exc:  # anything else httpx can raise (redirect loops, ...)
            raise SourceError(f"Semantic Scholar request {method} {path} failed ({type(exc).__name__}: {redact_url(str(exc))})") from exc

        status = response.status
        if status in RETRY_STATUSES:
            retry_after = _retry_after_seconds(response.headers.get("retry-after"), time.time())
            raise _Transient(f"HTTP {status} {_error_text(response)}", retry_after, status)
        if status == 404:
            return 404, _error_text(response)
        if status in (401, 403):
            raise SourceError(
                f"Semantic Scholar refused the request (HTTP {status} {_error_text(response)}): "
                "check S2_API_KEY, or unset it to use the public pool"
            )
        if status != 200:
            raise SourceError(f"Semantic Scholar rejected {method} {path} (HTTP {status} {_error_text(response)})")
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type:
            raise _Transient(f"answer is {content_type or 'untyped'}, not JSON", status=status)
        try:
            data = json.loads(response.content)
        except ValueError as exc:
            raise _Transient(f"malformed JSON body ({len(response.content)} bytes)", status=status) from exc
        except RecursionError:  # e.g. 10,000 nested lists: no field of the API is nested like that
            raise SourceError(f"Semantic Scholar sent an unexpected value nested too deep to read in its answer "
                              f"to {method} {path}; skipped") from None
        problem = check(data) if check else None
        if problem:
            raise _Transient(f"unexpected answer: {problem}", status=status)
        return 200, data
