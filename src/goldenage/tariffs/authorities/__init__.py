"""One small rule module per legal authority that can add duty to a Japanese good.

Each module exposes ``apply(stack)``: it reads the parameters and scope lists in force
(through ``stack.law``), records a :class:`~goldenage.tariffs.authorities.base.Decision`
saying whether and why it applied, and adds its duty components. The order in which
:mod:`goldenage.tariffs.stacking` calls them is the precedence the instruments set.
"""
