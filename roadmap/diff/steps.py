"""Comparing the steps of two documents: added, removed, reworded, moved, their links, duties, deadlines."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..content_kinds import BY_KEY
from ..document import deadline_rules, option_key
from ..models import Verification
from ..published import deadline_from_document
from .base import DifferBase, _by_slug, _norm

STEP_TEXTS = BY_KEY["step"].translated


class StepDiffer(DifferBase):
    def steps(self) -> None:
        def flat(document: dict) -> dict[str, tuple[dict, dict]]:
            return {
                step["slug"]: (stage, step)
                for stage in document.get("stages") or []
                for step in stage.get("steps") or []
                if isinstance(step, dict) and "slug" in step
            }

        old, new = flat(self.old), flat(self.new)
        labels = {
            "title": _("Title"),
            "summary": _("Summary"),
            "body": _("What to do"),
            "question": _("Question"),
            "why_we_ask": _("Why we ask"),
            "warnings": _("Warnings"),
            "child_notes": _("Talking with the child"),
        }
        for slug, (stage, step) in new.items():
            title = self.t(step.get("title"))
            if slug not in old:
                self.add(
                    "step_added",
                    _("New step “%(title)s” in stage “%(stage)s”.")
                    % {"title": title, "stage": self.t(stage.get("title"))},
                    "step",
                    slug,
                )
                continue
            old_stage, old_step = old[slug]
            old_title = self.t(old_step.get("title"))
            texts = self.text_diffs(old_step, step, STEP_TEXTS, labels)
            for option in step.get("options") or []:
                before = next(
                    (o for o in old_step.get("options") or [] if option_key(o) == option_key(option)), None
                )
                if before is not None:
                    texts += self.text_diffs(
                        before, option, ("label", "help"), {"label": _("Answer"), "help": _("Answer help")}
                    )
            if texts:
                if _norm(old_step.get("title")) != _norm(step.get("title")):
                    message = _("Step “%(old)s” renamed to “%(new)s”.") % {"old": old_title, "new": title}
                    if len(texts) > 1:
                        message = _("Step “%(old)s” renamed to “%(new)s” and reworded.") % {
                            "old": old_title,
                            "new": title,
                        }
                else:
                    message = _("Step “%(title)s” reworded.") % {"title": title}
                self.add("step_reworded", message, "step", slug, texts)
            if old_stage.get("slug") != stage.get("slug"):
                self.add(
                    "step_moved",
                    _("Step “%(title)s” moved from stage “%(old)s” to stage “%(new)s”.")
                    % {
                        "title": title,
                        "old": self.t(old_stage.get("title")),
                        "new": self.t(stage.get("title")),
                    },
                    "step",
                    slug,
                )
            if old_step.get("kind") != step.get("kind"):
                kinds = {"action": _("an action"), "decision": _("a decision"), "outcome": _("an outcome")}
                self.add(
                    "step_kind",
                    _("Step “%(title)s” is now %(new)s instead of %(old)s.")
                    % {
                        "title": title,
                        "new": kinds.get(step.get("kind"), step.get("kind")),
                        "old": kinds.get(old_step.get("kind"), old_step.get("kind")),
                    },
                    "step",
                    slug,
                )
            self.flow(slug, title, old_step, step, old, new)
            self.deadline(slug, title, deadline_rules(old_step), deadline_rules(step))
            self.owner(slug, title, old_step, step)
            self.responsibilities(slug, title, old_step, step)
            self.links(slug, title, old_step, step)
        for slug, (stage, step) in old.items():
            if slug not in new:
                self.add(
                    "step_removed",
                    _("Step “%(title)s” removed from stage “%(stage)s”.")
                    % {"title": self.t(step.get("title")), "stage": self.t(stage.get("title"))},
                    "step",
                    slug,
                )

    def step_title(self, slug: str | None, *maps: dict) -> str:
        for steps in maps:
            if slug in steps:
                return self.t(steps[slug][1].get("title"))
        return slug or ""

    def flow(self, slug: str, title: str, old_step: dict, step: dict, old: dict, new: dict) -> None:
        if old_step.get("next") != step.get("next") and old_step.get("next") and step.get("next"):
            self.add(
                "next_changed",
                _("After “%(title)s” the next step is now “%(new)s” instead of “%(old)s”.")
                % {
                    "title": title,
                    "new": self.step_title(step["next"], new, old),
                    "old": self.step_title(old_step["next"], old, new),
                },
                "step",
                slug,
            )
        elif old_step.get("next") != step.get("next") and step.get("next"):
            self.add(
                "next_changed",
                _("After “%(title)s” the next step is now “%(new)s”.")
                % {"title": title, "new": self.step_title(step["next"], new, old)},
                "step",
                slug,
            )
        elif old_step.get("next") != step.get("next"):
            self.add(
                "next_changed",
                _("“%(title)s” no longer leads to “%(old)s”.")
                % {"title": title, "old": self.step_title(old_step["next"], old, new)},
                "step",
                slug,
            )
        before = {option_key(o): o for o in old_step.get("options") or []}
        after = {option_key(o): o for o in step.get("options") or []}
        for key, option in after.items():
            label = self.t(option.get("label"))
            if key not in before:
                self.add(
                    "option_added",
                    _("Decision “%(title)s”: new answer “%(label)s” → “%(target)s”.")
                    % {"title": title, "label": label, "target": self.step_title(option.get("target"), new)},
                    "step",
                    slug,
                )
            elif before[key].get("target") != option.get("target"):
                self.add(
                    "option_retargeted",
                    _(
                        "Decision “%(title)s”: the answer “%(label)s” now leads to “%(new)s” "
                        "instead of “%(old)s”."
                    )
                    % {
                        "title": title,
                        "label": label,
                        "new": self.step_title(option.get("target"), new, old),
                        "old": self.step_title(before[key].get("target"), old, new),
                    },
                    "step",
                    slug,
                )
        for key, option in before.items():
            if key not in after:
                self.add(
                    "option_removed",
                    _("Decision “%(title)s”: the answer “%(label)s” was removed.")
                    % {"title": title, "label": self.t(option.get("label"))},
                    "step",
                    slug,
                )

    def deadline_label(self, rules: list[dict]) -> str:
        regimes = _by_slug(self.new.get("regimes")) or _by_slug(self.old.get("regimes"))
        labels = []
        for raw in rules:
            deadline = deadline_from_document(raw, self.lang)
            if deadline is None:
                continue
            regime = regimes.get(raw.get("regime"))
            labels.append(f"{self.t(regime.get('title'))}: {deadline.label}" if regime else deadline.label)
        return "; ".join(labels) if labels else _("no deadline")

    def deadline(self, slug: str, title: str, old: list[dict], new: list[dict]) -> None:
        if _norm(old) == _norm(new):
            return
        before, after = self.deadline_label(old), self.deadline_label(new)
        if before != after:
            self.add(
                "deadline_changed",
                _("Deadline of “%(title)s”: %(old)s → %(new)s.")
                % {"title": title, "old": before, "new": after},
                "step",
                slug,
            )
            return
        notes = [
            (self.t(a.get("note")), self.t(b.get("note")))
            for a, b in zip(old, new, strict=True)
            if _norm(a.get("note")) != _norm(b.get("note"))
        ]
        if notes:
            self.add(
                "deadline_changed",
                _("Deadline of “%(title)s”: %(old)s → %(new)s.")
                % {"title": title, "old": notes[0][0] or before, "new": notes[0][1] or after},
                "step",
                slug,
            )
        for a, b in zip(old, new, strict=True):
            self.status_change(_("Deadline of “%(title)s”") % {"title": title}, a, b, "step", slug)

    def status_change(self, what: str, old: dict, new: dict, kind: str, slug: str) -> None:
        """ "<what>: not verified → verified in the official text" when a claim's verification changed."""
        labels = dict(Verification.choices)
        before = (old.get("source") or {}).get("status") if isinstance(old.get("source"), dict) else None
        after = (new.get("source") or {}).get("status") if isinstance(new.get("source"), dict) else None
        if before == after or after is None:
            return
        self.add(
            "verification_changed",
            _("%(what)s: %(old)s → %(new)s.")
            % {
                "what": what,
                "old": labels.get(before, _("no source given")),
                "new": labels.get(after, after),
            },
            kind,
            slug,
        )

    def owner(self, slug: str, title: str, old_step: dict, step: dict) -> None:
        if old_step.get("owner") != step.get("owner") and step.get("owner"):
            self.add(
                "owner_changed",
                _("“%(title)s”: content owner now %(owner)s.")
                % {"title": title, "owner": self.institution_name(step["owner"])},
                "step",
                slug,
            )

    def responsibilities(self, slug: str, title: str, old_step: dict, step: dict) -> None:
        before = {r["institution"]: r for r in old_step.get("responsibilities") or []}
        after = {r["institution"]: r for r in step.get("responsibilities") or []}
        roles = {"leads": _("leads"), "supports": _("supports"), "informed": _("is informed")}
        old_leads = {i for i, r in before.items() if r.get("role") == "leads"}
        new_leads = {i for i, r in after.items() if r.get("role") == "leads"}
        handled: set[str] = set()
        if old_leads != new_leads and old_leads and new_leads:
            self.add(
                "lead_moved",
                _("Leading “%(title)s” moved from %(old)s to %(new)s.")
                % {
                    "title": title,
                    "old": ", ".join(sorted(self.institution_name(i) for i in old_leads)),
                    "new": ", ".join(sorted(self.institution_name(i) for i in new_leads)),
                },
                "step",
                slug,
            )
            handled = old_leads ^ new_leads
        for institution, resp in after.items():
            name = self.institution_name(institution)
            if institution not in before:
                if institution not in handled:
                    self.add(
                        "responsibility_added",
                        _("“%(title)s”: %(institution)s now %(role)s.")
                        % {"title": title, "institution": name, "role": roles.get(resp.get("role"), "")},
                        "step",
                        slug,
                    )
            elif (
                before[institution].get("role") != resp.get("role") and institution not in handled & new_leads
            ):
                self.add(
                    "role_changed",
                    _("“%(title)s”: %(institution)s now %(new)s (before: %(old)s).")
                    % {
                        "title": title,
                        "institution": name,
                        "new": roles.get(resp.get("role"), ""),
                        "old": roles.get(before[institution].get("role"), ""),
                    },
                    "step",
                    slug,
                )
            elif _norm(before[institution].get("duty")) != _norm(resp.get("duty")):
                texts = self.text_diffs(before[institution], resp, ("duty",), {"duty": _("Duty")})
                self.add(
                    "duty_reworded",
                    _("“%(title)s”: the duty of %(institution)s reworded.")
                    % {"title": title, "institution": name},
                    "step",
                    slug,
                    texts,
                )
            if institution in before:
                self.status_change(
                    _("“%(title)s”: the duty of %(institution)s") % {"title": title, "institution": name},
                    before[institution],
                    resp,
                    "step",
                    slug,
                )
        for institution, resp in before.items():
            if institution not in after and institution not in handled:
                self.add(
                    "responsibility_removed",
                    _("“%(title)s”: %(institution)s no longer %(role)s.")
                    % {
                        "title": title,
                        "institution": self.institution_name(institution),
                        "role": roles.get(resp.get("role"), ""),
                    },
                    "step",
                    slug,
                )

    def links(self, slug: str, title: str, old_step: dict, step: dict) -> None:
        refs = {**_by_slug(self.old.get("legal_references")), **_by_slug(self.new.get("legal_references"))}
        docs = {**_by_slug(self.old.get("documents")), **_by_slug(self.new.get("documents"))}

        def ref_label(s: str) -> str:
            return self.t(refs.get(s, {}).get("provision")) or s

        def doc_label(s: str) -> str:
            return self.t(docs.get(s, {}).get("title")) or s

        for key, label, added_msg, removed_msg in (
            (
                "legal_references",
                ref_label,
                _("“%(title)s”: new legal basis %(item)s."),
                _("“%(title)s”: legal basis %(item)s removed."),
            ),
            (
                "documents",
                doc_label,
                _("“%(title)s”: new document “%(item)s”."),
                _("“%(title)s”: document “%(item)s” removed."),
            ),
        ):
            before, after = old_step.get(key) or [], step.get(key) or []
            for item in after:
                if item not in before:
                    self.add(
                        f"step_{key}_added", added_msg % {"title": title, "item": label(item)}, "step", slug
                    )
            for item in before:
                if item not in after:
                    self.add(
                        f"step_{key}_removed",
                        removed_msg % {"title": title, "item": label(item)},
                        "step",
                        slug,
                    )
