"""Forms of the pathway section: stages, steps with their options and responsibilities, the matrix."""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..content_kinds import BY_KEY
from ..models import (
    DeadlineRule,
    Document,
    Institution,
    LegalReference,
    LegalRegime,
    Responsibility,
    Stage,
    Step,
    Transition,
)
from .forms import (
    SOURCE_WIDGETS,
    CoordinatorForm,
    SourceFormMixin,
    label_languages,
    source_fields,
    translated,
)


class StageForm(CoordinatorForm):
    translated_fields = BY_KEY["stage"].translated

    class Meta:
        model = Stage
        fields = ["slug", *translated("title", "summary")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Stable: printed links and imported documents name stages by slug.
            self.fields["slug"].disabled = True


def _step_label(step: Step) -> str:
    return f"{step.stage.position}.{step.position} {step.title}"


class StepForm(CoordinatorForm):
    translated_fields = BY_KEY["step"].translated

    # Not a model field: the place is settled by the service, which renumbers the other steps.
    position = forms.IntegerField(
        label=capfirst(_("position in stage")),
        min_value=1,
        required=False,
        help_text=_("Leave empty to keep the place (or to put the step last in another stage)."),
    )

    field_order = ["slug", "kind", "stage", "position", "is_start"]

    class Meta:
        model = Step
        fields = [
            "slug",
            "kind",
            "stage",
            "is_start",
            *translated("title", "summary", "body", "question", "why_we_ask", "warnings", "child_notes"),
            "legal_references",
            "documents",
            "owner",
            "review_by",
            "safety_critical",
        ]
        widgets = {
            "legal_references": forms.SelectMultiple(attrs={"size": 8}),
            "documents": forms.SelectMultiple(attrs={"size": 6}),
            "review_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["stage"].queryset = Stage.objects.order_by("position")
        fields["owner"].queryset = Institution.objects.order_by("slug")
        fields["legal_references"].queryset = LegalReference.objects.select_related("act")
        fields["documents"].queryset = Document.objects.order_by("slug")
        for name in ("body_bg", "body_en"):
            fields[name].widget.attrs.update({"rows": 8, "data-markdown-preview": "true"})
        for name, field in fields.items():
            if isinstance(field.widget, forms.Textarea) and name not in ("body_bg", "body_en"):
                field.widget.attrs["rows"] = 3
        if self.instance.pk is not None:
            fields["slug"].disabled = True
            if "position" not in self.data:
                fields["position"].initial = self.instance.position

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != Step.Kind.DECISION:
            return cleaned
        if not (cleaned.get("question_bg") or "").strip():
            self.add_error("question_bg", _("A decision needs a question."))
        return cleaned

    def _update_errors(self, errors):
        # Model.clean() names translated fields without a language (`question`): show the message at the
        # Bulgarian column, once.
        if hasattr(errors, "error_dict"):
            remapped = {}
            for name, messages in errors.error_dict.items():
                if name in self.translated_fields:
                    name = f"{name}_bg"
                    known = {str(m) for m in self.errors.get(name, [])}
                    messages = [m for m in messages if " ".join(m.messages) not in known]
                    if not messages:
                        continue
                remapped[name] = messages
            if not remapped:
                return
            errors = forms.ValidationError(remapped)
        super()._update_errors(errors)


class TransitionForm(forms.ModelForm):
    class Meta:
        model = Transition
        fields = ["position", "key", *translated("label", "help_text"), "target"]
        widgets = {"position": forms.NumberInput(attrs={"min": 1, "class": "position-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["target"].required = True
        for code in ("bg", "en"):
            self.fields[f"label_{code}"].label = f"{_('answer')} ({code})"
            self.fields[f"help_text_{code}"].label = f"{_('explanation')} ({code})"


class OrderedRowsMixin:
    """Rows of an inline formset in the order of their position numbers (new rows without one go last)."""

    def ordered_rows(self):
        """(kept rows in the order of their position numbers, rows to delete) for the service."""
        kept, removed = [], []
        for index, form in enumerate(self.forms):
            if self._should_delete_form(form):
                if form.instance.pk:
                    removed.append(form.instance)
                continue
            if not form.has_changed() and not form.instance.pk:
                continue
            wanted = form.cleaned_data.get("position") or 10_000 + index
            kept.append((wanted, index, form.instance))
        return [row for _w, _i, row in sorted(kept, key=lambda item: item[:2])], removed


class TransitionFormSet(OrderedRowsMixin, BaseInlineFormSet):
    """A decision's options (each with an answer label), an action's one next step, an outcome's none."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kind = self.instance.kind
        rows = [form for form in self.forms if form.has_changed() or form.instance.pk]
        rows = [form for form in rows if not self._should_delete_form(form) and form.cleaned_data]
        for form in rows:
            target = form.cleaned_data.get("target")
            if target is not None and self.instance.pk is not None and target.pk == self.instance.pk:
                form.add_error("target", _("A step cannot lead to itself."))
            if kind == Step.Kind.DECISION and not (form.cleaned_data.get("label_bg") or "").strip():
                form.add_error("label_bg", _("Every option of a decision needs an answer in Bulgarian."))
            if kind == Step.Kind.ACTION and (
                form.cleaned_data.get("label_bg") or form.cleaned_data.get("label_en")
            ):
                form.add_error("label_bg", _("An action's next step has no answer label: leave it empty."))
        if kind == Step.Kind.OUTCOME and rows:
            raise forms.ValidationError(_("An outcome ends the pathway: remove its next steps."))
        if kind == Step.Kind.ACTION and len(rows) > 1:
            raise forms.ValidationError(_("An action has exactly one next step: keep one row."))


StepOptionFormSet = inlineformset_factory(
    Step,
    Transition,
    form=TransitionForm,
    formset=TransitionFormSet,
    fk_name="source",
    extra=2,
    can_delete=True,
)


class ResponsibilityForm(SourceFormMixin, forms.ModelForm):
    class Meta:
        model = Responsibility
        fields = ["institution", "role", *translated("duty"), *source_fields(compact=True)]
        widgets = {
            "duty_bg": forms.Textarea(attrs={"rows": 2}),
            "duty_en": forms.Textarea(attrs={"rows": 2}),
            **SOURCE_WIDGETS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in ("bg", "en"):
            self.fields[f"duty_{code}"].label = f"{_('what exactly it does')} ({code})"
            self.fields[f"duty_{code}"].required = False
        label_languages(self, ("verification_note",))
        self.fields["verification"].help_text = _("Empty: the duty restates the step's legal basis.")


class ResponsibilityFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen: dict[int, forms.Form] = {}
        for form in self.forms:
            if self._should_delete_form(form) or not form.cleaned_data:
                continue
            institution = form.cleaned_data.get("institution")
            if institution is None:
                continue
            if institution.pk in seen:
                form.add_error("institution", _("This institution already has a role in this step."))
            seen[institution.pk] = form

    def validate_unique(self):
        # Duplicates are reported next to the institution field by clean().
        return

    def rows(self) -> tuple[list[Responsibility], list[Responsibility]]:
        kept, removed = [], []
        for form in self.forms:
            if self._should_delete_form(form):
                if form.instance.pk:
                    removed.append(form.instance)
            elif form.instance.pk or form.has_changed():
                kept.append(form.instance)
        return kept, removed


StepResponsibilityFormSet = inlineformset_factory(
    Step,
    Responsibility,
    form=ResponsibilityForm,
    formset=ResponsibilityFormSet,
    extra=2,
    can_delete=True,
)


class DeadlineRuleForm(SourceFormMixin, forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = [
            "position",
            "unit",
            "amount",
            "start",
            *translated("event", "note", "expiry"),
            "regime",
            "when",
            *source_fields(),
        ]
        widgets = {
            "position": forms.NumberInput(attrs={"min": 1, "class": "position-input"}),
            **SOURCE_WIDGETS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        label_languages(self, ("event", "note", "expiry", "source_title", "verification_note"))

    def clean_when(self) -> str:
        """ "decision:option" names an answer of a decision of the working copy."""
        when = (self.cleaned_data.get("when") or "").strip()
        if not when:
            return ""
        decision, _sep, key = when.partition(":")
        step = Step.objects.filter(slug=decision, kind=Step.Kind.DECISION).first()
        if step is None:
            raise forms.ValidationError(_("There is no decision “%(slug)s”.") % {"slug": decision})
        keys = {
            t.key or (t.target.slug if t.target_id else "") for t in step.transitions.select_related("target")
        }
        if key not in keys:
            raise forms.ValidationError(_("The decision has no option “%(key)s”.") % {"key": key})
        return when


class DeadlineRuleFormSet(OrderedRowsMixin, BaseInlineFormSet):
    def validate_unique(self):
        # Positions are renumbered by the service.
        return


StepDeadlineFormSet = inlineformset_factory(
    Step,
    DeadlineRule,
    form=DeadlineRuleForm,
    formset=DeadlineRuleFormSet,
    extra=1,
    can_delete=True,
)


def regime_queryset():
    return LegalRegime.objects.all()


def share_choices(formset, field: str, queryset, label=None) -> None:
    """Evaluate one select's choices once for every row of a formset (a fixed number of queries)."""
    chooser = forms.ModelChoiceField(queryset=queryset)
    if label is not None:
        chooser.label_from_instance = label
    choices = list(chooser.choices)
    for form in [*formset.forms, formset.empty_form]:
        form.fields[field].choices = choices


def target_queryset():
    return Step.objects.select_related("stage").order_by("stage__position", "position")


def step_choice_label(step: Step) -> str:
    return _step_label(step)


MATRIX_ROLE_CHOICES = [("", "—"), *Responsibility.Role.choices]


class MatrixForm(forms.Form):
    """One role select per (step, institution) cell of a stage, plus the steps' revisions."""

    def __init__(self, *args, steps, institutions, roles: dict[tuple[int, int], str], **kwargs):
        super().__init__(*args, **kwargs)
        self.steps, self.institutions = steps, institutions
        self.rows = []
        for step in steps:
            self.fields[f"rev-{step.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=step.revision
            )
            cells = []
            for institution in institutions:
                name = f"cell-{step.pk}-{institution.pk}"
                self.fields[name] = forms.ChoiceField(
                    choices=MATRIX_ROLE_CHOICES,
                    required=False,
                    initial=roles.get((step.pk, institution.pk), ""),
                    label=_("%(institution)s at “%(step)s”")
                    % {"institution": institution, "step": step.title},
                )
                cells.append(self[name])
            self.rows.append((step, self[f"rev-{step.pk}"], cells))

    def roles(self) -> dict[tuple[int, int], str]:
        return {
            (step.pk, institution.pk): self.cleaned_data.get(f"cell-{step.pk}-{institution.pk}") or ""
            for step in self.steps
            for institution in self.institutions
        }

    def expected_revisions(self) -> dict[int, int | None]:
        return {step.pk: self.cleaned_data.get(f"rev-{step.pk}") for step in self.steps}


class InstitutionPicker(forms.Form):
    """Adds a column to the matrix: the institutions that have none there yet (`addable`)."""

    add = forms.ModelChoiceField(
        queryset=Institution.objects.order_by("slug"),
        label=_("Add an institution column"),
        to_field_name="slug",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, addable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].choices = [("", "—"), *((i.slug, str(i)) for i in addable)]


class StepForms:
    """A step's form with, for an existing step, its options, duties and deadline rules: bound together,
    valid together, and turned into the arguments of roadmap.services.step_save."""

    def __init__(self, data, *, step: Step, stage_slug: str = ""):
        self.step = step
        if step.pk is None:
            stage = Stage.objects.filter(slug=stage_slug).first()
            self.form, self.options, self.duties, self.deadlines = (
                StepForm(data, instance=step, initial={"stage": stage}),
                None,
                None,
                None,
            )
            return
        self.form = StepForm(data, instance=step)
        self.options = StepOptionFormSet(
            data, instance=step, prefix="options", queryset=step.transitions.order_by("position")
        )
        self.duties = StepResponsibilityFormSet(
            data, instance=step, prefix="duties", queryset=step.responsibilities.order_by("position", "pk")
        )
        self.deadlines = StepDeadlineFormSet(
            data, instance=step, prefix="deadlines", queryset=step.deadlines.order_by("position")
        )
        share_choices(self.options, "target", target_queryset(), label=step_choice_label)
        share_choices(self.duties, "institution", Institution.objects.order_by("slug"))
        share_choices(self.deadlines, "regime", regime_queryset())

    def is_valid(self) -> bool:
        formsets = [fs for fs in (self.options, self.duties, self.deadlines) if fs is not None]
        return self.form.is_valid() & all([fs.is_valid() for fs in formsets])  # every error shown at once

    def save_arguments(self) -> dict:
        kept_options, removed_options = self.options.ordered_rows() if self.options else (None, ())
        kept_duties, removed_duties = self.duties.rows() if self.duties else (None, ())
        kept_deadlines, removed_deadlines = self.deadlines.ordered_rows() if self.deadlines else (None, ())
        data = self.form.cleaned_data
        return {
            "step": self.form.instance,
            "expected_revision": self.form.expected_revision,
            "position": data.get("position"),
            "legal_references": data["legal_references"],
            "documents": data["documents"],
            "options": kept_options,
            "removed_options": removed_options,
            "responsibilities": kept_duties,
            "removed_responsibilities": removed_duties,
            "deadlines": kept_deadlines,
            "removed_deadlines": removed_deadlines,
        }

    def context(self) -> dict:
        return {
            "form": self.form,
            "options": self.options,
            "duties": self.duties,
            "deadlines": self.deadlines,
            "step": self.step,
        }
