"""A member's role on a map, and what each role is called on screen.

Kept apart from the access policy (tocmap/domain/access.py) so the command line can list the roles without
loading the map model.
"""

from __future__ import annotations

from enum import StrEnum

from tocmap.i18n import N_, _


class Role(StrEnum):
    """A member's role on one map."""

    FACILITATOR = "facilitator"
    EDITOR = "editor"
    MEL_LEAD = "mel_lead"
    VIEWER = "viewer"
    ASSESSOR = "assessor"  # independent: answers the health check for no partner, beside the partners

    @property
    def title(self) -> str:
        """The role as shown to users, in their language ("MEL lead")."""
        return _(ROLE_TITLES[self.value])


#: What each role is called on screen (:attr:`Role.title`).
ROLE_TITLES = {"facilitator": N_("Facilitator"), "editor": N_("Editor"), "mel_lead": N_("MEL lead"),
               "viewer": N_("Viewer"), "assessor": N_("Independent assessor")}
