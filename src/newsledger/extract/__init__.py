"""The extract stage: annotated articles → incidents (and claims), each pointing at its evidence span."""

from newsledger.extract.incidents import IncidentExtractor

__all__ = ["IncidentExtractor"]
