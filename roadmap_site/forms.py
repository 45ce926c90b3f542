"""How any page shows a service's refusal: next to the form's fields, or above the form."""

from django import forms
from django.core.exceptions import ValidationError


def show_refusal(form: forms.BaseForm, error: Exception) -> None:
    """Put a service's refusal on `form`: a ValidationError per field where it names one, the rest (and any
    other refusal, e.g. a stale edit) above the form. The user's input stays in the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))
