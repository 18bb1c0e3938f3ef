"""
Settings for ``make bench``: the production settings, served on plain HTTP on localhost (all
load comes from one address, so the intake's limits are raised), plus a bare view to measure
every endpoint against.
"""

from fbss.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
