"""A synthetic roadmap document of any size, for query-count tests and benchmarks.

The shape mimics the real pathway: stages of actions with a decision every few steps whose second
option jumps ahead, an outcome at the end, several institutions per step, references and terms.
"""

from typing import Any


def synthetic_document(
    *,
    steps: int = 50,
    institutions: int = 20,
    stages: int = 8,
    responsibilities_per_step: int = 5,
    references: int = 30,
    terms: int = 30,
) -> dict[str, Any]:
    def text(bg: str, en: str) -> dict[str, str]:
        return {"bg": bg, "en": en}

    institution_items = [
        {
            "slug": f"inst-{i}",
            "kind": "state",
            "name": text(f"Институция {i} – ДЕТЕ", f"Institution {i}"),
            "acronym": text(f"И{i}", f"I{i}"),
            "description": text(f"Описание на институция {i}.", f"About {i}."),
            "parent": "inst-0" if i and i % 10 == 0 else None,
        }
        for i in range(institutions)
    ]
    for item in institution_items:
        if item["parent"] is None:
            del item["parent"]
    acts = [
        {"slug": "act", "short_name": text("ЗАКТ", "ACT"), "title": text("Закон за примера", "Example Act")}
    ]
    official = {
        "status": "verified",
        "kind": "official",
        "url": "https://www.parliament.bg/bg/laws/ID/1",
        "title": text("Обнародван текст", "Promulgated text"),
        "checked": "2026-12-04",
    }
    flagged = {"status": "unverified", "note": text("Текстът не е намерен.", "The text was not found.")}
    regimes = [
        {
            "slug": "old-rules",
            "topic": "responsibility",
            "title": text("Старите правила", "The old rules"),
            "decided_by": "registered",
            "until": "2026-06-30",
            "source": official,
        },
        {
            "slug": "new-rules",
            "topic": "responsibility",
            "title": text("Новите правила", "The new rules"),
            "decided_by": "registered",
            "from": "2026-07-01",
            "source": official,
        },
    ]
    reference_items = [
        {
            "slug": f"ref-{i}",
            "act": "act",
            "provision": text(f"чл. {i}", f"Art. {i}"),
            "summary": text(f"Правило номер {i} за дете.", f"Rule number {i} about a child."),
            "source": official if i % 3 else flagged,
        }
        for i in range(references)
    ]
    glossary = [
        {
            "slug": f"term-{i}",
            "term": text(f"ТЕРМ{i}", f"TERM{i}"),
            "definition": text(f"Значение {i}.", f"Meaning {i}."),
        }
        for i in range(terms)
    ]
    slugs = [f"step-{i}" for i in range(steps)]
    per_stage = max(1, -(-steps // stages))
    stage_items = []
    for s in range(stages):
        chunk = range(s * per_stage, min(steps, (s + 1) * per_stage))
        if not chunk:
            break
        stage_steps = []
        for i in chunk:
            last = i == steps - 1
            kind = "outcome" if last else ("decision" if i % 7 == 3 else "action")
            step: dict[str, Any] = {
                "slug": slugs[i],
                "kind": kind,
                "title": text(f"Стъпка {i}: действие за ДЕТЕ", f"Step {i}: action for the child"),
                "summary": text(f"Кратко описание на стъпка {i}, ТЕРМ{i % terms}.", f"Summary of step {i}."),
                "body": text(
                    f"Какво да се направи на стъпка {i}.\n\n- първо\n- второ", f"What to do at step {i}."
                ),
                "warnings": text("Никога не задържайте детето.", "Never detain the child."),
                "deadlines": [
                    {
                        "unit": "working_days",
                        "amount": 1 + i % 6,
                        "start": "applied",
                        "event": text("от молбата", "from the application"),
                        "source": official if i % 2 else flagged,
                    }
                ],
                "owner": f"inst-{i % institutions}",
                "review_by": "2027-06-30",
                "legal_references": [f"ref-{(i + k) % references}" for k in range(2)],
                "responsibilities": [
                    {
                        "institution": f"inst-{(i + k) % institutions}",
                        "role": ("leads", "supports", "informed")[min(k, 2)],
                        "duty": text(f"Задача {k} на стъпка {i}.", f"Duty {k} at step {i}."),
                    }
                    for k in range(min(responsibilities_per_step, institutions))
                ],
            }
            if i == 0:
                step["start"] = True
            if kind == "action":
                step["next"] = slugs[i + 1]
            elif kind == "decision":
                step["question"] = text(f"Въпрос {i}?", f"Question {i}?")
                step["why_we_ask"] = text("Защото е важно.", "Because it matters.")
                step["options"] = [
                    {"key": "yes", "label": text("Да", "Yes"), "target": slugs[i + 1]},
                    {"key": "no", "label": text("Не", "No"), "target": slugs[min(i + 2, steps - 1)]},
                ]
            stage_steps.append(step)
        stage_items.append(
            {"slug": f"stage-{s}", "title": text(f"Етап {s}", f"Stage {s}"), "steps": stage_steps}
        )
    return {
        "regimes": regimes,
        "institutions": institution_items,
        "legal_acts": acts,
        "legal_references": reference_items,
        "glossary": glossary,
        "stages": stage_items,
    }
