"""Profile names: what a learner may type in the sidebar to keep their progress.

A profile is a name, not an account: anyone who types the same name sees that progress.
"""

from __future__ import annotations

import re
import unicodedata

PROFILE_NAME_MAX = 40
_PROFILE_RE = re.compile(r"^[\w][\w .'-]*$")


class ProfileNameError(ValueError):
    """A profile name that is empty, too long or uses characters we don't accept."""


def validate_profile_name(name: str | None) -> str:
    """Return the cleaned name (trimmed, inner spaces collapsed) or raise ProfileNameError."""
    if name is None:
        raise ProfileNameError("Type a profile name first.")
    cleaned = " ".join(unicodedata.normalize("NFC", str(name)).split())
    if not cleaned:
        raise ProfileNameError("Type a profile name first (it can't be empty).")
    if len(cleaned) > PROFILE_NAME_MAX:
        raise ProfileNameError(
            f"A profile name can be at most {PROFILE_NAME_MAX} characters "
            f"(this one has {len(cleaned)})."
        )
    if not _PROFILE_RE.match(cleaned):
        bad = sorted({ch for ch in cleaned if not (ch.isalnum() or ch in " _.'-")})
        if bad:
            shown = " ".join(repr(ch) for ch in bad)
            raise ProfileNameError(
                f"Profile names may use letters, digits, spaces and - _ . ' only "
                f"(not {shown})."
            )
        raise ProfileNameError("A profile name must start with a letter or a digit.")
    return cleaned
