"""Resolution as measured evidence: each candidate gets evidence from named rules
(``rules``), weighed by one table (``weights``); the article's context (``article``)
and containers (``containers``) feed the rules; ``resolver`` makes the choices.
"""

from geo.resolution.evidence import Choice, Evidence, Scored, explain
from geo.resolution.groups import Group, group_mentions
from geo.resolution.resolver import resolve_groups
from geo.resolution.rules import DECISIONS, RULE_NAMES

__all__ = ["Choice", "DECISIONS", "Evidence", "Group", "RULE_NAMES", "Scored", "explain", "group_mentions",
           "resolve_groups"]
