"""The rare-earth magnet supply network: cited data, concentration and disruption models.

Modules, one job each:

- :mod:`~goldenage.minerals.network`: the network (nodes, edges) and its structural checks;
- :mod:`~goldenage.minerals.network_yaml`: the user YAML network format;
- :mod:`~goldenage.minerals.tables` and :mod:`~goldenage.minerals.shipped`: the cited CSV
  data of ``data/minerals/`` and the NdFeB network built from it for a year;
- :mod:`~goldenage.minerals.concentration`: HHI and top-country shares;
- :mod:`~goldenage.minerals.lp` and :mod:`~goldenage.minerals.tts`: Simchi-Levi's
  time-to-survive (TTS) and time-to-recover (TTR) linear programs, solved with HiGHS;
- :mod:`~goldenage.minerals.stockpile`: the smallest stockpile that makes TTS >= TTR;
- :mod:`~goldenage.minerals.scenarios`: China's 2025 export controls as scenario files;
- :mod:`~goldenage.minerals.optimise`: the investment MILP.
"""
