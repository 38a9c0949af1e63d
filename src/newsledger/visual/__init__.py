"""visual: map points, timeline points and figure points → inline SVG (markupsafe.Markup), offline.

Shared by the report (report/) and the web app (web/); neither the map nor the charts load anything
from the network, run scripts or need style attributes, so pages can keep a strict CSP.
"""

from newsledger.visual.charts import FigurePoint, TimelinePoint, figures_over_time, timeline
from newsledger.visual.map import MapPoint, event_map

__all__ = ["FigurePoint", "MapPoint", "TimelinePoint", "event_map", "figures_over_time", "timeline"]
