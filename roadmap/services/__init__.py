"""Every write to the roadmap, by job; callers import from `roadmap.services`.

- working_copy: the whole working copy replaced by a document (import) or written out as one (export);
- publishing: the working copy frozen as a numbered edition, roll-backs, the coordinators' previews;
- edits: one record saved with its revision check and its author in the audit trail;
- pathway: stages, steps with their parts, the responsibility matrix;
- directory: institutions with their offices, and deletes refused while the pathway uses an item.
"""

from .change_notes import (
    ChangeNotesRaised,
    change_note_set_handled,
    change_notes_of_origin,
    change_notes_raise,
)
from .directory import (
    document_delete,
    institution_delete,
    institution_save,
    legal_reference_delete,
    scenario_delete,
    term_delete,
)
from .edits import DeleteRefused, StaleEdit, lock_revision, record_author, save_edit
from .pathway import (
    PathwayEditRefused,
    matrix_save,
    stage_move,
    stage_save,
    step_restore,
    step_retire,
    step_save,
)
from .publishing import (
    EditionNotFound,
    edition_publish,
    edition_rollback,
    pathway_problems,
    working_copy_edition,
)
from .working_copy import WorkingCopyChanged, content_export, content_import, working_copy_digest

__all__ = [
    "ChangeNotesRaised",
    "DeleteRefused",
    "EditionNotFound",
    "PathwayEditRefused",
    "StaleEdit",
    "WorkingCopyChanged",
    "change_note_set_handled",
    "change_notes_of_origin",
    "change_notes_raise",
    "content_export",
    "content_import",
    "document_delete",
    "edition_publish",
    "edition_rollback",
    "institution_delete",
    "institution_save",
    "legal_reference_delete",
    "lock_revision",
    "matrix_save",
    "pathway_problems",
    "record_author",
    "save_edit",
    "scenario_delete",
    "stage_move",
    "stage_save",
    "step_restore",
    "step_retire",
    "step_save",
    "term_delete",
    "working_copy_digest",
    "working_copy_edition",
]
