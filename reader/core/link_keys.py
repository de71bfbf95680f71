"""URL normalisation: when two links in different digests point at the same page.

Web links (`http`, `https`, or a bare `example.com/page`) become a scheme-less key:

- the scheme goes (http and https are the same page), and so do user info and the default ports;
- the host is lower-cased, its trailing dot and any leading `www.` dropped (`www.com` stays);
- trailing slashes go (`example.com/a/` is `example.com/a`); percent escapes are upper-cased;
- tracking parameters go (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `mc_eid`, `ref`, ...); the others
  stay, in their order (order can matter to a site);
- the fragment goes (it points inside the same page), except client-side routes (`#/...`, `#!...`),
  which name pages of their own.

Other schemes (`mailto:`, `ftp:`) keep their text with the scheme lower-cased (`mailto:` all of it).
Relative references are kept as written but never indexed: without their base they say nothing.
`normalize_url` never raises and is idempotent.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit

MAX_URL_LENGTH = 8192  # longer "links" (data blobs) are not indexed
WEB_SCHEMES = frozenset({"http", "https"})
NOT_INDEXED_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "about", "blob"})
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ck_subscriber_id",
        "vero_id",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "__s",
        "_ga",
        "_gl",
    }
)
TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = ("", "80", "443")

# Most links need no parsing: http(s), a plain dotted host, no port, query, fragment or escapes.
# `_web` gives the same key for them (a test holds the two together); this is 5x faster.
_SIMPLE_WEB = re.compile(
    r"https?://(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(/[a-z0-9._~!$'()*+,;=:@/-]*)?", re.IGNORECASE
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# `example.com/x`, `//example.com:8080`, `[::1]/x`: a dotted or [IPv6] host (no user info), then a
# path, query, fragment or the end.
_BARE_HOST = re.compile(
    r"(?://)?(?:\[[0-9a-z:.%]+\]|[^\s/?#@:.\[\]]+(?:\.[^\s/?#@:.\[\]]+)+\.*)(?::\d*)?(?=[/?#]|$)",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s/]+$")
_HOST_PORT = re.compile(
    r"(?P<host>\[[0-9a-z:.%]+\]|[^\s/?#@:\[\]]*[^\s/?#@:\[\].][^\s/?#@:\[\]]*)(?::(?P<port>\d*))?",
    re.IGNORECASE,
)
_ESCAPE = re.compile(r"%[0-9a-f]{2}", re.IGNORECASE)


def normalize_url(url: str) -> str:
    """The comparison key of `url` (see the module doc); '' for an empty or non-text one."""
    return _normalize(url.strip() if isinstance(url, str) else "")[0]


def link_key(url: str) -> str | None:
    """The key under which `url` is indexed, or None for a link not worth comparing (empty,
    relative, `javascript:`/`data:`/`file:`, longer than MAX_URL_LENGTH)."""
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        return None
    key, indexed = _normalize(url.strip())
    return key if indexed and key else None


def _normalize(text: str) -> tuple[str, bool]:
    """(key, whether such a link is indexed)."""
    if not text:
        return "", False
    simple = _SIMPLE_WEB.fullmatch(text)
    if simple is not None and not simple.group(1).lower().startswith("www."):
        return simple.group(1).lower() + (simple.group(2) or "").rstrip("/"), True
    return _normalize_parsed(text)


def _normalize_parsed(text: str) -> tuple[str, bool]:
    """`_normalize` the long way, for every link (the short way is for plain web links)."""
    match = _SCHEME.match(text)
    scheme = match.group(1).lower() if match else ""
    try:
        if scheme in WEB_SCHEMES:
            return _web(text, scheme)
        if _BARE_HOST.match(text):
            return _web("http://" + text.lstrip("/"), "http")
    except ValueError:  # urlsplit refuses it (a broken [IPv6] host, NFKC tricks): keep it whole
        return text, False
    if not scheme:
        return text, False  # relative
    rest = text[len(scheme) :]
    if scheme == "mailto":
        return scheme + rest.lower(), True
    return scheme + rest, scheme not in NOT_INDEXED_SCHEMES


def _web(text: str, scheme: str) -> tuple[str, bool]:
    parts = urlsplit(text)
    hostport = _HOST_PORT.fullmatch(parts.netloc.rpartition("@")[2])
    if hostport is None:  # no host, or not one a browser would go to: keep it as written
        return scheme + text[len(scheme) :], False
    host = hostport.group("host").lower().rstrip(".")
    while host.startswith("www.") and "." in host[4:]:
        host = host[4:]
    port = hostport.group("port") or ""
    path = _ESCAPE.sub(_upper, _TRAILING.sub("", parts.path))
    key = host + (f":{port}" if port not in _DEFAULT_PORTS else "") + path
    query = _clean_query(parts.query)
    if query:
        key += "?" + query
    fragment = parts.fragment.strip()
    if fragment.startswith(("/", "!")) and fragment.strip("/!"):
        key += "#" + fragment
    return key, _BARE_HOST.match(key) is not None  # not `localhost`: the same name elsewhere is another host


def _clean_query(query: str) -> str:
    kept = []
    for parameter in query.split("&"):
        parameter = parameter.strip()
        if parameter and not is_tracking_parameter(parameter.partition("=")[0]):
            kept.append(_ESCAPE.sub(_upper, parameter))
    return "&".join(kept)


def is_tracking_parameter(name: str) -> bool:
    """True for a query parameter that only says where a click came from."""
    name = unquote_plus(name).strip().lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _upper(match: re.Match[str]) -> str:
    return match.group(0).upper()
