"""Regional standards: the GM i-THRIVE Standards, in five sections.

Greater Manchester's standards (source ``002``) are grouped in five sections:
programme implementation in localities, then one section per needs-based
grouping (Getting Help and Getting More Help share one). Each
:class:`Standard` has guidance, a status and comments in the source form,
and is linked here to the assessment items it serves.
"""

from __future__ import annotations

import attrs

from ithrive._messages import short_repr
from ithrive.instruments.instrument import Group, InstrumentBase
from ithrive.instruments.link import ItemLink
from ithrive.instruments.status import ImplementationStatus

__all__ = ["Standard", "Standards", "StandardsSection"]


@attrs.frozen
class Standard:
    """One numbered standard.

    ``guidance`` summarises the source's guidance in the project's words
    (empty where the source gives none); ``note`` records how an oddity of
    the source was read; ``unlinked`` says why a standard with no links
    serves no assessment item.

    >>> from ithrive.instruments import default_gm_standards
    >>> standard = default_gm_standards().standard("gm.1.9")
    >>> standard.items, standard.citation
    (('meso.3a', 'micro.2'), 'GM i-THRIVE Standards, standard 1.9 (line 89)')
    """

    id: str
    number: str
    line: int
    title: str
    guidance: str
    links: tuple[ItemLink, ...]
    note: str = ""
    unlinked: str = ""

    @property
    def section(self) -> int:
        """The number of the section the standard belongs to."""
        return int(self.number.partition(".")[0])

    @property
    def position(self) -> int:
        """The standard's position within its section, from 1."""
        return int(self.number.partition(".")[2])

    @property
    def items(self) -> tuple[str, ...]:
        """The ids of the assessment items this standard serves, in link order."""
        return tuple(link.item for link in self.links)

    @property
    def citation(self) -> str:
        """Where the standard is in the source document."""
        return f"GM i-THRIVE Standards, standard {self.number} (line {self.line})"


@attrs.frozen
class StandardsSection:
    """A section of standards; ``groupings`` names the needs-based groupings it is about."""

    id: str
    number: int
    title: str
    line: int
    groupings: tuple[str, ...]
    standards: tuple[Standard, ...]
    note: str = ""

    @property
    def citation(self) -> str:
        """Where the section heading is in the source document."""
        return f"GM i-THRIVE Standards, section {self.number} (line {self.line})"


@attrs.frozen
class Standards(InstrumentBase):
    """A standards instrument: numbered standards in ordered sections.

    >>> from ithrive.instruments import default_gm_standards
    >>> gm = default_gm_standards()
    >>> [(s.number, len(s.standards)) for s in gm.sections]
    [(1, 13), (2, 6), (3, 8), (4, 5), (5, 3)]
    """

    id: str
    title: str
    version: str
    source: str
    statuses: tuple[ImplementationStatus, ...]
    sections: tuple[StandardsSection, ...]

    @property
    def entries(self) -> tuple[Standard, ...]:
        """Every standard, section by section."""
        return tuple(s for sec in self.sections for s in sec.standards)

    @property
    def standards(self) -> tuple[Standard, ...]:
        """Every standard, section by section (the same as :attr:`entries`)."""
        return self.entries

    def groups(self) -> tuple[Group, ...]:
        """One group per section."""
        return tuple(
            Group(s.id, f"{s.number}. {s.title}", tuple(x.id for x in s.standards))
            for s in self.sections
        )

    def standard(self, standard_id: str) -> Standard:
        """Return the standard with id ``standard_id`` (for example ``"gm.3.1"``)."""
        for standard in self.entries:
            if standard.id == standard_id:
                return standard
        raise self.unknown_entry(standard_id)

    def section(self, number: int) -> StandardsSection:
        """Return section ``number`` (1-5)."""
        for section in self.sections:
            if section.number == number:
                return section
        raise self.unknown_entry(f"gm.{short_repr(number)}")
