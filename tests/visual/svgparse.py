"""Reading back the SVG the visual module writes: it must be well-formed XML, so ElementTree parses it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def find_all(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(f"{SVG}{tag}"))


def subpaths(d: str) -> list[list[tuple[float, float]]]:
    """The points of each subpath of path data made of M, implicit line-tos and Z."""
    return [
        [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", part)]
        for part in d.split("M")
        if part
    ]
