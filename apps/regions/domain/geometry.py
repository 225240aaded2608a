"""Measures of region polygons."""

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

# Albers equal-area conic fitted to China (standard parallels 25°N and 47°N).
CHINA_ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"


def region_measures(codes: Sequence[str], geometries: Sequence[BaseGeometry]) -> pd.DataFrame:
    """Area and reference points of lon/lat polygons (EPSG:4326).

    Returns a frame indexed by code with `area_km2` (equal-area projection), `centroid_lon/lat` (area centroid)
    and `label_lon/lat` (a point guaranteed inside the polygon, for labels and clicks).
    """
    series = gpd.GeoSeries(list(geometries), index=list(codes), crs="EPSG:4326")
    projected = series.to_crs(CHINA_ALBERS)
    centroids = projected.centroid.to_crs("EPSG:4326")
    labels = shapely.point_on_surface(series.values)
    return pd.DataFrame(
        {
            "area_km2": projected.area.to_numpy() / 1e6,
            "centroid_lon": centroids.x.to_numpy(),
            "centroid_lat": centroids.y.to_numpy(),
            "label_lon": shapely.get_x(labels),
            "label_lat": shapely.get_y(labels),
        },
        index=pd.Index(list(codes), name="code"),
    )
