"""Build examples/corpus/wire.warc.gz from the HTML pages in examples/warc-src/.

Each page becomes one WARC "response" record holding a full HTTP response,
with the target URI listed in examples/warc-src/urls.json (a Baltic Wire URL).
Run from anywhere:  python examples/build_warc.py
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc-src"
OUT = HERE / "corpus" / "wire.warc.gz"

# Fixed capture dates keep the archive byte-stable apart from record ids.
CAPTURED = {
    "wire-stakhanov.html": "2023-04-12T09:14:03Z",
    "wire-kreminna.html": "2023-01-27T06:40:51Z",
    "wire-penalties-law.html": "2022-09-25T11:02:17Z",
}


def main() -> None:
    urls: dict[str, str] = json.loads((SRC / "urls.json").read_text(encoding="utf-8"))
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name, url in urls.items():
            payload = (SRC / name).read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(payload))),
                    ("Server", "nginx"),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(payload),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": CAPTURED.get(name, "2023-04-12T00:00:00Z")},
            )
            writer.write_record(record)
    print(f"wrote {len(urls)} records to {OUT}")


if __name__ == "__main__":
    main()
