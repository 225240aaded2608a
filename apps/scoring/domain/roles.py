"""Region roles and innovation-mode mix, computed from pillar scores relative to the other regions of the
same level, never from names: change the data and the role changes.

Rule (percentiles within the level, 0 = lowest, 1 = highest):
- innovation pioneer (`pioneer`): science-and-education resources in the top fifth (≥ 0.8) and innovation
  output in the upper 40 % (≥ 0.6): regions whose science base stands out and already produces;
- main force (`main_force`): otherwise, industrial foundation in the upper 40 % and the composite in the upper
  half, or the composite in the top quarter: regions whose industrial base stands out;
- characteristic support (`characteristic`): all others.

Innovation-mode mix (shares summing to 1): original innovation (0→1) follows science-and-education resources,
engineering innovation (1→100) the mean of industrial foundation and enterprise ecosystem, application
innovation (100→N) the mean of application scenarios and market and industrial foundation.
"""

import numpy as np
import pandas as pd

from .percentiles import percentile

PIONEER, MAIN_FORCE, CHARACTERISTIC = "pioneer", "main_force", "characteristic"
PIONEER_SCIENCE, PIONEER_OUTPUT = 0.8, 0.6
MAIN_INDUSTRY, MAIN_COMPOSITE, MAIN_COMPOSITE_ALONE = 0.6, 0.5, 0.75


def assign_roles(pillars: pd.DataFrame, composite: pd.Series) -> pd.Series:
    """`pillars`: regions × pillar codes (science_education, industrial_foundation, innovation_output, ...);
    `composite`: the composite score per region. Returns the role per region."""
    science = percentile(pillars["science_education"])
    output = percentile(pillars["innovation_output"])
    industry = percentile(pillars["industrial_foundation"])
    overall = percentile(composite)
    pioneer = (science >= PIONEER_SCIENCE) & (output >= PIONEER_OUTPUT)
    main = ~pioneer & (((industry >= MAIN_INDUSTRY) & (overall >= MAIN_COMPOSITE)) | (overall >= MAIN_COMPOSITE_ALONE))
    roles = pd.Series(CHARACTERISTIC, index=pillars.index)
    roles[main] = MAIN_FORCE
    roles[pioneer] = PIONEER
    return roles


def innovation_modes(pillars: pd.DataFrame) -> pd.DataFrame:
    """Shares of original (0→1), engineering (1→100) and application (100→N) innovation per region."""
    raw = pd.DataFrame(
        {
            "original": pillars["science_education"],
            "engineering": (pillars["industrial_foundation"] + pillars["enterprise_ecosystem"]) / 2,
            "application": (pillars["scenarios_market"] + pillars["industrial_foundation"]) / 2,
        },
        index=pillars.index,
    ).clip(lower=0)
    totals = raw.sum(axis=1).replace(0, np.nan)
    return raw.div(totals, axis=0).fillna(1 / 3)
